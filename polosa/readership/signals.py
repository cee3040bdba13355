"""Publishing drives «Читайте также»: what changed is queued as a task when the
transaction commits (after the people links of a publication, which commit inline)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from polosa.news.models import ArticlePage
from polosa.people.models import Mention

logger = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:
    try:
        task.enqueue(*args)
    except Exception:
        logger.exception("could not queue %s%r", task.name, args)


@receiver(page_published, sender=ArticlePage)
def related_on_publish(sender, instance: ArticlePage, **kwargs) -> None:
    from polosa.readership.tasks import refresh_related

    article_id = instance.pk
    transaction.on_commit(lambda: _enqueue(refresh_related, article_id))


@receiver(page_unpublished, sender=ArticlePage)
def related_on_unpublish(sender, instance: ArticlePage, **kwargs) -> None:
    from polosa.readership.tasks import refresh_lists_showing

    article_id = instance.pk
    transaction.on_commit(lambda: _enqueue(refresh_lists_showing, [article_id]))


@receiver(pre_delete, sender=ArticlePage)
def related_on_delete(sender, instance: ArticlePage, **kwargs) -> None:
    from polosa.readership.models import RelatedArticle
    from polosa.readership.tasks import refresh_related

    # Before the rows go: afterwards nothing says which lists showed it.
    holders = list(
        RelatedArticle.objects.filter(related_id=instance.pk)
        .exclude(article_id=instance.pk)
        .values_list("article_id", flat=True)
    )
    for holder in holders:
        transaction.on_commit(lambda holder=holder: _enqueue(refresh_related, holder, False))


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
def related_on_people_link(sender, instance: Mention, **kwargs) -> None:
    """An editor linked or unlinked a person by hand (the automatic pass runs before the
    publication's own task)."""
    from polosa.readership.tasks import refresh_related

    if instance.source == Mention.Source.AUTO:
        return
    article_id = instance.article_id
    transaction.on_commit(lambda: _enqueue(refresh_related, article_id, False))
