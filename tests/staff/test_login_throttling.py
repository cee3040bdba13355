"""Admin logins are limited per address and per account (django-axes, counted in the
database every process shares): issue 13 found 30 wrong passwords, then the right one,
logged in at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from lxml import html

from tests.staff.conftest import log_in

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def fail(client, username: str, times: int) -> list[int]:
    return [log_in(client, username, "неверный-пароль").status_code for _ in range(times)]


def text(response) -> str:
    return " ".join(html.fromstring(response.content).text_content().split())


def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(editor, from_address):
    client = from_address(ATTACKER)
    statuses = fail(client, editor.username, 30)
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}

    response = log_in(client, editor.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_page_says_in_russian_what_happened_and_when_to_come_back(editor, from_address):
    client = from_address(ATTACKER)
    fail(client, editor.username, LIMIT - 1)
    response = log_in(client, editor.username, "неверный-пароль")

    assert response.status_code == 429
    assert "staff/locked_out.html" in [template.name for template in response.templates]
    page = text(response)
    assert "Слишком много неудачных попыток входа" in page
    assert "Попробуйте снова через 15 минут" in page
    assert html.fromstring(response.content).xpath("//link[contains(@href, 'core.css')]")


def test_before_the_lock_the_form_says_how_many_attempts_remain(editor, from_address):
    client = from_address(ATTACKER)
    messages = []
    for _ in range(LIMIT - 1):
        response = log_in(client, editor.username, "неверный-пароль")
        messages.append(text(response))
    for made, page in enumerate(messages, start=1):
        assert "Не удалось войти: проверьте имя пользователя, пароль" in page
        assert f"До временной блокировки входа осталось попыток: {LIMIT - made}." in page


def test_the_count_is_kept_in_the_shared_database(editor, from_address):
    fail(from_address(ATTACKER), editor.username, 3)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        editor.username,
        ATTACKER,
        3,
    )


def test_failures_counted_by_another_worker_lock_this_one_too(editor, from_address):
    # What another web worker (another process, another machine) wrote for the account.
    AccessAttempt.objects.create(
        username=editor.username,
        ip_address=ELSEWHERE,
        user_agent="",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
        failures_since_start=LIMIT,
    )
    assert log_in(from_address(ATTACKER), editor.username).status_code == 429


def test_an_address_that_guessed_too_often_is_locked_for_every_account(make_editor, from_address):
    victim, other = make_editor("redaktor"), make_editor("korrektor")
    client = from_address(ATTACKER)
    fail(client, victim.username, LIMIT)

    assert log_in(client, other.username).status_code == 429
    assert log_in(from_address(ELSEWHERE), other.username).status_code == 302


def test_an_account_guessed_too_often_is_locked_from_every_address(make_editor, from_address):
    victim = make_editor("redaktor")
    for number in range(LIMIT):
        fail(from_address(f"192.0.2.{number + 1}"), victim.username, 1)

    assert log_in(from_address(ELSEWHERE), victim.username).status_code == 429


@pytest.fixture
def account_reset(settings):
    """Polosa's axes handler (settings.AXES_HANDLER, see polosa/staff/axes.py)."""
    settings.AXES_HANDLER = "polosa.staff.axes.AccountResetDatabaseHandler"


@pytest.mark.usefixtures("account_reset")
def test_a_success_before_the_limit_starts_the_count_again(editor, from_address):
    client = from_address(ATTACKER)
    fail(client, editor.username, LIMIT - 1)
    assert log_in(client, editor.username).status_code == 302
    client.logout()

    assert fail(client, editor.username, LIMIT - 1) == [200] * (LIMIT - 1)
    assert log_in(client, editor.username).status_code == 302


@pytest.mark.parametrize(
    ("waited", "status"),
    [(timedelta(minutes=14), 429), (timedelta(minutes=15, seconds=1), 302)],
)
def test_after_the_cool_off_the_right_password_works_again(editor, from_address, waited, status):
    client = from_address(ATTACKER)
    fail(client, editor.username, LIMIT)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= waited
        attempt.save(update_fields=["attempt_time"])

    assert log_in(client, editor.username).status_code == status


@pytest.mark.usefixtures("account_reset")
def test_logging_in_to_ones_own_account_does_not_clear_guesses_at_another(
    make_editor, from_address
):
    victim, own = make_editor("redaktor"), make_editor("stazher")
    client = from_address(ATTACKER)
    fail(client, victim.username, LIMIT - 1)
    assert log_in(client, own.username).status_code == 302
    client.logout()

    assert fail(client, victim.username, 1) == [429]
