"""The second-factor page in the admin, linked from the account page's menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from polosa.staff import totp, views


@hooks.register("register_admin_urls")
def second_factor_urls() -> list[URLPattern]:
    return [
        path("second-factor/", views.second_factor, name="staff_second_factor"),
        path("second-factor/off/", views.second_factor_off, name="staff_second_factor_off"),
    ]


@hooks.register("register_account_menu_item")
def second_factor_menu_item(request: HttpRequest) -> dict[str, str]:
    if totp.has_second_factor(request.user):
        help_text = _("Включён: при входе нужен код из приложения-аутентификатора.")
    else:
        help_text = _(
            "Выключен: для входа хватает пароля. Код из приложения защитит вход, "
            "даже если пароль узнают."
        )
    return {
        "url": reverse("staff_second_factor"),
        "label": _("Вход с кодом из приложения"),
        "help_text": help_text,
    }
