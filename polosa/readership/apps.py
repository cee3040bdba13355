from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """What readers read: article views counted without a write per request, «Самое читаемое»."""

    name = "polosa.readership"
    label = "readership"
    verbose_name = _("Читаемость")
