"""Password reset: on by default, its letter really sent, and limited per address and per
e-mail (issue 13: unlimited, and with no way to configure e-mail it failed silently)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from lxml import html
from wagtail.admin.views.account import password_reset_enabled

pytestmark = pytest.mark.django_db

LIMIT = 3
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.POLOSA_PASSWORD_RESET_LIMIT = LIMIT
    # One counting window for the whole test, whenever it runs.
    settings.POLOSA_PASSWORD_RESET_WINDOW = 10**9


def ask_reset(client, email: str):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email})


def test_password_reset_is_on_and_linked_from_the_login_page(client):
    assert password_reset_enabled()
    page = html.fromstring(client.get(reverse("wagtailadmin_login")).content)
    assert page.xpath(f"//a[@href='{reverse('wagtailadmin_password_reset')}']")
    assert client.get(reverse("wagtailadmin_password_reset")).status_code == 200


def test_the_letter_links_to_a_working_reset_page(client, editor):
    response = ask_reset(client, editor.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    (letter,) = mail.outbox
    assert letter.to == [editor.email]
    link = next(line for line in letter.body.splitlines() if "/admin/password_reset/" in line)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path, follow=True).status_code == 200


def test_with_the_default_backend_the_letter_is_printed_to_the_console(
    client, editor, settings, capsys
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ask_reset(client, editor.email)
    printed = capsys.readouterr().out
    assert f"To: {editor.email}" in printed
    assert "/admin/password_reset/confirm/" in printed


@pytest.mark.parametrize("known", [True, False], ids=["a staff address", "an unknown address"])
def test_one_email_gets_at_most_the_limit_of_letters_from_any_addresses(
    editor, from_address, known
):
    email = editor.email if known else "nikto@example.org"
    statuses = [
        ask_reset(from_address(f"192.0.2.{number}"), email).status_code
        for number in range(1, LIMIT + 3)
    ]

    # The same answers whether the address is an account's or not: no way to probe.
    assert statuses == [302] * LIMIT + [429] * 2
    assert len(mail.outbox) == (LIMIT if known else 0)


def test_one_address_can_ask_for_at_most_the_limit_of_letters(editor, from_address):
    client = from_address("203.0.113.7")
    statuses = [
        ask_reset(client, f"chuzhoy{number}@example.org").status_code for number in range(LIMIT)
    ]
    statuses.append(ask_reset(client, editor.email).status_code)

    assert statuses == [302] * LIMIT + [429]
    assert mail.outbox == []
    assert ask_reset(from_address("198.51.100.20"), editor.email).status_code == 302
    assert len(mail.outbox) == 1


def test_over_the_limit_the_page_says_so_in_russian(editor, from_address):
    client = from_address("203.0.113.7")
    for _ in range(LIMIT):
        ask_reset(client, editor.email)
    response = ask_reset(client, editor.email)

    assert response.status_code == 429
    page = " ".join(html.fromstring(response.content).text_content().split())
    assert "Слишком много запросов на сброс пароля" in page
    assert "Попробуйте снова через" in page


def settings_in_a_fresh_process(email_url: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_URL"}
    env.setdefault("SECRET_KEY", "polosa-test-suite-only-not-secret")
    if email_url is not None:
        env["EMAIL_URL"] = email_url
    names = [
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
    ]
    script = (
        "import json; from polosa import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("email_url", "expected"),
    [
        (
            "smtp://pochta%40polosa.example:s3kr%21t@smtp.polosa.example:587/?tls=True",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "smtp.polosa.example",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "pochta@polosa.example",
                "EMAIL_HOST_PASSWORD": "s3kr!t",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        (
            "smtp://robot:parol@smtp.polosa.example:465/?ssl=True",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "smtp.polosa.example",
                "EMAIL_PORT": 465,
                "EMAIL_HOST_USER": "robot",
                "EMAIL_HOST_PASSWORD": "parol",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": True,
            },
        ),
        (None, {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
    ids=["STARTTLS on 587", "TLS from the start on 465", "unset: the console"],
)
def test_email_settings_come_from_email_url(email_url, expected):
    configured = settings_in_a_fresh_process(email_url)
    assert {name: configured[name] for name in expected} == expected
