"""Wagtail's user screens, with superuser rights kept to superusers.

Wagtail lets anyone who may add or change users tick «Суперпользователь» on the form and
edit (so set the password of) a superuser's account: an «Администратор» could make
themselves, or take over, a superuser. Here only a superuser sees that field or may open
a superuser's account; everything else is Wagtail's own viewset.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.users.views import users


def _without_superuser_field(form, request):
    if not request.user.is_superuser:
        form.fields.pop("is_superuser", None)
    return form


class CreateView(users.CreateView):
    def get_form(self, form_class=None):
        return _without_superuser_field(super().get_form(form_class), self.request)


class EditView(users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied

    def get_form(self, form_class=None):
        return _without_superuser_field(super().get_form(form_class), self.request)


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
