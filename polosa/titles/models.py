"""Films and series that the outlet reviews and readers rate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Title(models.Model):
    """A film or a series season (``Название (1 сезон)``)."""

    class Kind(models.TextChoices):
        FILM = "film", _("фильм")
        SERIES = "series", _("сериал")

    name = models.CharField(_("название"), max_length=255)
    slug = models.SlugField(_("адрес"), max_length=255, unique=True)
    kind = models.CharField(_("тип"), max_length=10, choices=Kind.choices, default=Kind.FILM)

    class Meta:
        verbose_name = _("фильм или сериал")
        verbose_name_plural = _("фильмы и сериалы")

    def __str__(self) -> str:
        return self.name
