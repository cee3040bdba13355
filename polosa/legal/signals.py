"""A registry entry saved or deleted in the admin re-labels the site (imports report their
change once, as a whole, from :func:`polosa.legal.registry.import_entries`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from polosa.legal import registry
from polosa.legal.models import RegistryEntry

#: Sent after a legal reviewer's decision on an article's uncertain mention is committed,
#: with ``article_id``: what the article's copies elsewhere (the channel post) show changed.
mention_decided = Signal()


@receiver(post_save, sender=RegistryEntry)
@receiver(post_delete, sender=RegistryEntry)
def entry_changed(sender, instance: RegistryEntry, **kwargs) -> None:
    if registry.signals_suppressed():
        return
    registry.registry_changed([instance.external_id], reason="legal entry edited")
