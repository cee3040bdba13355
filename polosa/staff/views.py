"""Staff sign-in views that wrap Wagtail's own with limits, and the account page where a
staff member turns the second factor on and off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_otp
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.account import PasswordResetView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from polosa.core import ratelimit
from polosa.core.http import client_ip
from polosa.staff import totp
from polosa.staff.forms import CodeForm

RESET_BY_IP = "password-reset:ip"
RESET_BY_EMAIL = "password-reset:email"


class LimitedPasswordResetView(PasswordResetView):
    """Wagtail's password reset, limited per address and per e-mail: each request sends a
    letter, so an unlimited form is a way to flood an editor's mailbox (or anyone's)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = settings.POLOSA_PASSWORD_RESET_LIMIT
        window = settings.POLOSA_PASSWORD_RESET_WINDOW
        email = request.POST.get("email", "").strip().lower()
        over = ratelimit.hit(RESET_BY_IP, client_ip(request), limit=limit, window=window)
        if email:
            over = ratelimit.hit(RESET_BY_EMAIL, email, limit=limit, window=window) or over
        if over:
            return TemplateResponse(
                request,
                "staff/password_reset_limited.html",
                {"window": timedelta(seconds=window)},
                status=429,
            )
        return super().post(request, *args, **kwargs)


password_reset = LimitedPasswordResetView.as_view()


class SecondFactorMixin(WagtailAdminTemplateMixin):
    template_name = "staff/second_factor.html"
    page_title = _("Вход с кодом из приложения")
    header_icon = "key"
    form_class = CodeForm
    success_url = reverse_lazy("staff_second_factor")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Аккаунт")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_device(self) -> totp.TOTPDevice | None:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.device = self.get_device()
        if self.device is None:
            return redirect(self.success_url)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["enabled"] = self.device.confirmed
        if not self.device.confirmed:
            context["qr_svg"] = totp.qr_svg(self.device)
            context["secret"] = totp.secret(self.device)
            context["action_url"] = reverse("staff_second_factor")
        else:
            context["action_url"] = reverse("staff_second_factor_off")
        return context


class SecondFactorView(SecondFactorMixin, FormView):
    """Shows whether the second factor is on; if not, sets one up: a QR code and the
    secret for the authenticator, confirmed by the first code it shows."""

    def get_device(self) -> totp.TOTPDevice:
        return totp.confirmed_device(self.request.user) or totp.pending_device(self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.device.confirmed:
            # A repeated submission of the set-up form: it is already on.
            return redirect(self.success_url)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: CodeForm) -> HttpResponseRedirect:
        totp.confirm(self.device)
        # This session has just shown the code, so it counts as verified.
        django_otp.login(self.request, self.device)
        messages.success(
            self.request,
            _("Вход с кодом включён: со следующего входа понадобится код из приложения."),
        )
        return super().form_valid(form)


class SecondFactorOffView(SecondFactorMixin, FormView):
    """Turns the second factor off, once a current code shows the phone is at hand."""

    http_method_names = ["post"]

    def get_device(self) -> totp.TOTPDevice | None:
        return totp.confirmed_device(self.request.user)

    def form_valid(self, form: CodeForm) -> HttpResponseRedirect:
        totp.turn_off(self.request.user)
        messages.success(self.request, _("Вход с кодом выключен: хватит пароля."))
        return super().form_valid(form)


second_factor = SecondFactorView.as_view()
second_factor_off = SecondFactorOffView.as_view()
