from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """What readers read and what to offer them next: article views counted without a
    write per request, «Самое читаемое», and each article's «Читайте также»."""

    name = "polosa.readership"
    label = "readership"
    verbose_name = _("Читаемость")

    def ready(self) -> None:
        from polosa.readership import signals  # noqa: F401
