"""A registry entry saved or deleted in the admin re-labels the site (imports report their
change once, as a whole, from :func:`polosa.legal.registry.import_entries`)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

from polosa.legal import registry
from polosa.legal.models import MentionReview, RegistryEntry

#: Sent with ``article_id`` when an article's legal marks changed without a new revision:
#: a reviewer's decision was committed, or a registry change gave it a new labelled
#: mention. Its copies elsewhere (the channel post) should follow.
article_relabelled = Signal()

#: Sent with ``entry_ids`` once the archive rescan after a registry change has run: marks
#: may also have gone (an entry excluded or deleted), which no article announces.
registry_relabelled = Signal()


@receiver(post_save, sender=RegistryEntry)
@receiver(post_delete, sender=RegistryEntry)
def entry_changed(sender, instance: RegistryEntry, **kwargs) -> None:
    if registry.signals_suppressed():
        return
    registry.registry_changed([instance.external_id], reason="legal entry edited")


@receiver(post_delete, sender=MentionReview)
def review_deleted(sender, instance: MentionReview, **kwargs) -> None:
    from polosa.legal import services

    services.review_deleted(instance)


@receiver(page_published)
def article_published(sender, instance, **kwargs) -> None:
    """A publication (editor, scheduler, workflow) updates the mentions index on commit."""
    from polosa.news.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    from polosa.legal import mentions

    transaction.on_commit(lambda: mentions.index_article_id(instance.pk))


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs) -> None:
    from polosa.legal import mentions

    mentions.forget_article(instance.pk)
