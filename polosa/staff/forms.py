"""The admin's sign-in form and the forms that turn the second factor on and off."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from polosa.staff import totp


def code_widget() -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "placeholder": "000000",
            "size": 8,
        }
    )


class LoginForm(WagtailLoginForm):
    """Wagtail's login form; staff with a second factor are asked for its code.

    A wrong or missing code is a failed login for django-axes, as a wrong password is, so
    codes cannot be guessed faster than passwords. The error is the same whichever of the
    three was wrong: it tells neither that the password was right nor that the account has
    a second factor.
    """

    otp_token = forms.CharField(
        label=_("Код из приложения"),
        required=False,
        strip=True,
        widget=code_widget(),
        help_text=_(
            "Шесть цифр из приложения-аутентификатора. Нужен, только если вы включили вход с кодом."
        ),
    )

    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _(
            "Не удалось войти: проверьте %(username_field)s, пароль и, если он включён, "
            "код из приложения."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's own field has no label, so it shows the field's name in English.
        self.fields["password"].label = _("Пароль")

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        user = self.user_cache
        if user is None or not totp.has_second_factor(user):
            return cleaned_data
        device = totp.verified_device(user, cleaned_data.get("otp_token", ""))
        if device is None:
            self.user_cache = None
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        # django-otp's user_logged_in receiver marks the session as verified by this device.
        user.otp_device = device
        return cleaned_data

    def get_invalid_login_error(self) -> forms.ValidationError:
        message = self.error_messages["invalid_login"] % {
            "username_field": self.username_field.verbose_name
        }
        remaining = self.attempts_remaining()
        if remaining is not None and remaining > 0:
            warning = _("До временной блокировки входа осталось попыток: %(remaining)d.")
            message = f"{message} {warning % {'remaining': remaining}}"
        return forms.ValidationError(message, code="invalid_login")

    def attempts_remaining(self) -> int | None:
        """Failures left before django-axes locks this address or account (it has already
        counted the one being reported)."""
        if self.request is None:
            return None
        credentials = {"username": self.cleaned_data.get("username")}
        failures = AxesProxyHandler.get_failures(self.request, credentials)
        return get_failure_limit(self.request, credentials) - failures


class CodeForm(forms.Form):
    """A current code from the authenticator, to prove the phone is at hand."""

    otp_token = forms.CharField(
        label=_("Код из приложения"),
        strip=True,
        widget=code_widget(),
        help_text=_("Шесть цифр, которые приложение показывает сейчас."),
    )

    def __init__(self, *args: Any, device: totp.TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"]
        if not totp.verify(self.device, token):
            raise forms.ValidationError(
                _("Код не подошёл. Введите шесть цифр, которые приложение показывает сейчас."),
                code="invalid_token",
            )
        return token
