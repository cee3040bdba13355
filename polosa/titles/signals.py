"""Edits of titles and of the block's settings drop the cached block and cached pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from polosa.titles.models import PickedTitle, RatingsSettings, Title


@receiver(post_save, sender=Title)
@receiver(post_delete, sender=Title)
@receiver(post_save, sender=RatingsSettings)
@receiver(post_save, sender=PickedTitle)
@receiver(post_delete, sender=PickedTitle)
def titles_changed(sender, **kwargs) -> None:
    from django.db import transaction

    from polosa.titles.votes import ratings_changed

    transaction.on_commit(ratings_changed)
