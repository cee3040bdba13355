"""An edited picture (credit, focal point, file) shows on the next page view."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from polosa.core.pagecache import invalidate_public_pages
from polosa.media.models import CreditedImage


@receiver(post_save, sender=CreditedImage)
@receiver(post_delete, sender=CreditedImage)
def invalidate_pages_on_picture_change(sender, created: bool = False, **kwargs) -> None:
    # A new upload is on no page yet.
    if not created:
        invalidate_public_pages("picture changed")
