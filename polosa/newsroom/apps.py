from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """How the newsroom works in the admin: roles and the publishing workflow."""

    name = "polosa.newsroom"
    label = "newsroom"
    verbose_name = _("Редакция")
