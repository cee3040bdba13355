"""Staff accounts and a way to sign in to the admin from a given address."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "верный-пароль-2024"


@pytest.fixture
def make_editor(db) -> Callable[..., object]:
    def make(username: str = "redaktor", email: str | None = None):
        return get_user_model().objects.create_superuser(
            username=username, email=email or f"{username}@polosa.test", password=PASSWORD
        )

    return make


@pytest.fixture
def editor(make_editor):
    return make_editor()


@pytest.fixture
def from_address() -> Callable[[str], Client]:
    """A test client whose requests come from ``address`` (REMOTE_ADDR)."""
    return lambda address: Client(REMOTE_ADDR=address)


def log_in(client: Client, username: str, password: str = PASSWORD, **fields: str):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password, **fields}
    )
