"""Superuser rights stay with superusers: an «Администратор» manages accounts but can
neither grant «Суперпользователь» nor open a superuser's account (and so set its password)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from polosa.newsroom import roles

ADD = reverse("wagtailusers_users:add")


def edit(user: User) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


@pytest.fixture
def administrator(db) -> Client:
    user = User.objects.create_user("adm", "adm@example.com", "pw")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser_account(db) -> User:
    return User.objects.create_superuser("root", "root@example.com", "pw")


def new_user_form(**extra) -> dict:
    return {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "first_name": "Новый",
        "last_name": "Сотрудник",
        "password1": "Kedr-Sosna-2026!",
        "password2": "Kedr-Sosna-2026!",
        **extra,
    }


def test_an_administrators_user_form_has_no_superuser_box(administrator):
    response = administrator.get(ADD)
    assert response.status_code == 200
    assert "is_superuser" not in response.context["form"].fields


def test_a_superuser_box_posted_by_an_administrator_grants_nothing(administrator):
    response = administrator.post(ADD, new_user_form(is_superuser="on"))
    assert response.status_code == 302
    created = User.objects.get(username="newcomer")
    assert not created.is_superuser


def test_an_administrator_cannot_open_or_change_a_superusers_account(
    administrator, superuser_account
):
    url = edit(superuser_account)
    refused = reverse("wagtailadmin_home")  # Wagtail's answer to PermissionDenied
    assert administrator.get(url).url == refused
    changed = administrator.post(
        url, {"username": "root", "password1": "Taken-Over-2026!", "password2": "Taken-Over-2026!"}
    )
    assert changed.url == refused
    superuser_account.refresh_from_db()
    assert superuser_account.check_password("pw")


def test_an_administrator_still_edits_other_accounts(administrator):
    colleague = User.objects.create_user("colleague", "c@example.com", "pw")
    response = administrator.get(edit(colleague))
    assert response.status_code == 200
    assert "is_superuser" not in response.context["form"].fields


def test_a_superuser_grants_superuser_rights(superuser_account):
    client = Client()
    client.force_login(superuser_account)
    assert "is_superuser" in client.get(ADD).context["form"].fields
    client.post(ADD, new_user_form(is_superuser="on"))
    assert User.objects.get(username="newcomer").is_superuser
