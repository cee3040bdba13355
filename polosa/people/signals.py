"""Keep people links current: on publication, on a directory change, on an editor's edit.

Scanning one article takes well under a millisecond with a compiled matcher, so the
publication pass runs inline once the publishing transaction commits (a failure falls
back to a background task); relinking every article after a person changes is a task.
Every change purges what shows it through :mod:`polosa.people.services`.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from polosa.news.models import ArticlePage
from polosa.people import services
from polosa.people.models import Mention, Person

logger = logging.getLogger(__name__)


@receiver(page_published, sender=ArticlePage)
def link_people_on_publish(sender, instance: ArticlePage, **kwargs) -> None:
    article_id = instance.pk

    def relink() -> None:
        from polosa.people.mentions import refresh_article

        try:
            article = ArticlePage.objects.get(pk=article_id)
            refresh_article(article)
        except Exception:
            logger.exception("people links for article %s: falling back to a task", article_id)
            from polosa.people.tasks import refresh_article_mentions

            refresh_article_mentions.enqueue(article_id)

    transaction.on_commit(relink)


@receiver(post_save, sender=Person)
def relink_after_person_change(sender, instance: Person, created: bool, **kwargs) -> None:
    if created or instance.matching_changed:
        instance._matching_before = instance.matching_fields()
        transaction.on_commit(enqueue_full_refresh)
    services.person_changed(instance.pk)


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance: Person, **kwargs) -> None:
    services.person_changed(instance.pk, reason="person deleted")


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
def link_edited(sender, instance: Mention, **kwargs) -> None:
    """An editor's link added or removed by hand in the admin."""
    services.links_changed(instance.article_id, [instance.person_id], reason="people link edited")


def enqueue_full_refresh() -> None:
    from polosa.people.tasks import refresh_all_mentions

    try:
        refresh_all_mentions.enqueue()
    except Exception:
        logger.exception("could not enqueue the people mentions refresh")
