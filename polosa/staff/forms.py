"""The admin's sign-in form."""

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form; staff with a second factor are asked for its code."""
