"""Changes to the site set-up that every public page shows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from polosa.core import services
from polosa.core.models import OutletSettings


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_on_site_change(sender, **kwargs) -> None:
    services.site_changed()


@receiver(post_save, sender=OutletSettings)
def purge_on_settings_change(sender, created: bool = False, **kwargs) -> None:
    # The first page view creates the row with the defaults it already showed.
    if not created:
        services.outlet_settings_changed()
