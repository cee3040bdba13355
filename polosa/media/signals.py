"""An edited picture (credit, focal point, file) shows on the next page view."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from polosa.media import services
from polosa.media.models import CreditedImage


@receiver(post_save, sender=CreditedImage)
@receiver(post_delete, sender=CreditedImage)
def purge_pages_showing_the_picture(sender, instance, created: bool = False, **kwargs) -> None:
    # A new upload is on no page yet.
    if not created:
        services.image_changed(instance)
