"""A database that cannot answer or cannot write is a 503 with a clear Russian message (JSON
for JSON clients), never cached; a database error that is a bug stays a 500."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError

from polosa.core.unavailable import unavailable_reason

MIDDLEWARE = "polosa.core.unavailable.DatabaseUnavailableMiddleware"


def wrapped(driver_error: Exception) -> OperationalError:
    """The error as Django raises it: its own class, the driver's error as the cause."""
    try:
        raise OperationalError(*driver_error.args) from driver_error
    except OperationalError as error:
        return error


class DiskFull(Exception):
    """psycopg.errors.DiskFull's name, without PostgreSQL."""


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (wrapped(sqlite3.OperationalError("database or disk is full")), "full"),
        (wrapped(sqlite3.OperationalError("disk I/O error")), "down"),
        (wrapped(sqlite3.OperationalError("database is locked")), "down"),
        (wrapped(sqlite3.OperationalError("no such table: titles_vote")), None),
        (wrapped(Exception("server closed the connection unexpectedly")), "down"),
        (wrapped(DiskFull("could not extend file: No space left on device")), "full"),
        (InterfaceError("connection already closed"), "down"),
        (OSError(errno.ENOSPC, "No space left on device"), "full"),
        (OSError(errno.ENOENT, "No such file or directory"), None),
        (ProgrammingError("column does not exist"), None),
        (ValueError("a bug"), None),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, reason):
    assert unavailable_reason(error) == reason


@pytest.fixture
def film(db, settings):
    from polosa.titles.models import Title

    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]
    return Title.objects.create(name="Сталкер", slug="stalker", kind="film")


def fail_votes_with(monkeypatch, error: Exception) -> None:
    from polosa.titles import views

    def record_vote(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "record_vote", record_vote)


def test_a_vote_on_a_full_disk_is_a_503_with_a_json_message(client, film, monkeypatch):
    fail_votes_with(monkeypatch, wrapped(sqlite3.OperationalError("database or disk is full")))
    response = client.post("/titles/stalker/vote/", {"value": 7}, content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "ok": False,
        "error": "Не удалось сохранить изменения: на сервере закончилось место. "
        "Попробуйте чуть позже — мы уже разбираемся.",
    }


def test_a_page_while_postgresql_restarts_is_a_503_page(client, film, monkeypatch):
    fail_votes_with(monkeypatch, wrapped(Exception("terminating connection")))
    response = client.post("/titles/stalker/vote/", {"value": "7"})
    assert response.status_code == 503
    body = response.content.decode()
    assert "<title>Сайт временно недоступен</title>" in body
    assert "База данных сайта сейчас не отвечает." in body


def test_a_database_error_that_is_a_bug_stays_a_500(client, film, monkeypatch):
    fail_votes_with(monkeypatch, wrapped(sqlite3.OperationalError("no such table: titles_vote")))
    client.raise_request_exception = False
    assert client.post("/titles/stalker/vote/", {"value": "7"}).status_code == 500
