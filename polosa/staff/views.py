"""Staff sign-in views that wrap Wagtail's own with limits."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.admin.views.account import PasswordResetView

from polosa.core import ratelimit
from polosa.core.http import client_ip

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
            return TemplateResponse(request, "staff/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)


password_reset = LimitedPasswordResetView.as_view()
