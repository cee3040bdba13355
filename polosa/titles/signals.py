"""Edits of titles and of the block's settings purge what shows them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from polosa.titles import services
from polosa.titles.models import PickedTitle, RatingsSettings, Title


@receiver(post_save, sender=Title)
@receiver(post_delete, sender=Title)
def purge_on_title_change(sender, instance, **kwargs) -> None:
    services.title_changed(instance.pk)


@receiver(post_save, sender=RatingsSettings)
def purge_on_block_settings_change(sender, created: bool = False, **kwargs) -> None:
    # The first page view creates the row with the defaults it already showed.
    if not created:
        services.ratings_settings_changed()


@receiver(post_save, sender=PickedTitle)
@receiver(post_delete, sender=PickedTitle)
def purge_on_picked_titles_change(sender, **kwargs) -> None:
    services.ratings_settings_changed()
