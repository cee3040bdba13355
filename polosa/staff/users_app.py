"""Wagtail's users app, configured with :mod:`polosa.staff.users`' screens (listed in
``INSTALLED_APPS`` instead of ``wagtail.users``; a module of its own, since ``apps.py``
may hold one app config only)."""

from __future__ import annotations

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "polosa.staff.users.UserViewSet"
