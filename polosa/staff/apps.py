from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff sign-in: login throttling, password-reset limits, an optional second factor."""

    name = "polosa.staff"
    label = "staff"
    verbose_name = _("Вход сотрудников")
