"""Fixed-window limits counted in the database, shared by every process."""

import pytest

from polosa.core import ratelimit
from polosa.core.models import RateCounter

pytestmark = pytest.mark.django_db

NOW = 1_800_000_000.0  # the start of a 60-second window


def test_a_client_is_refused_once_its_allowance_in_the_window_is_used():
    answers = [ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW) for _ in range(5)]
    assert answers == [False, False, False, True, True]
    assert ratelimit.count("votes", "10.0.0.1", window=60, now=NOW) == 5


def test_the_next_window_starts_again():
    for _ in range(4):
        ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW)
    assert ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW + 60) is False


@pytest.mark.parametrize(
    ("scope", "ident"),
    [("votes", "10.0.0.2"), ("password-reset:ip", "10.0.0.1")],
    ids=["another client", "another scope"],
)
def test_clients_and_scopes_are_counted_apart(scope, ident):
    for _ in range(4):
        ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW)
    assert ratelimit.hit(scope, ident, limit=3, window=60, now=NOW) is False


def test_no_limit_never_refuses_and_counts_nothing():
    assert not any(ratelimit.hit("votes", "x", limit=0, window=60, now=NOW) for _ in range(5))
    assert RateCounter.objects.count() == 0


def test_who_was_counted_is_not_stored_in_clear():
    ratelimit.hit("password-reset:email", "editor@example.ru", limit=3, window=60, now=NOW)
    row = RateCounter.objects.get()
    assert "editor" not in row.ident and len(row.ident) == 64


def test_closed_windows_are_pruned_and_open_ones_kept():
    ratelimit.hit("votes", "old", limit=3, window=60, now=NOW)
    ratelimit.hit("votes", "new", limit=3, window=3600, now=NOW)
    assert ratelimit.prune(now=NOW + 120) == 1
    assert ratelimit.count("votes", "new", window=3600, now=NOW + 120) == 1


def test_one_hit_is_one_statement(django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(ratelimit.random, "randrange", lambda _: 1)  # not a pruning hit
    ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW)
    # the savepoint around the upsert, the upsert, the savepoint's release
    with django_assert_num_queries(3):
        ratelimit.hit("votes", "10.0.0.1", limit=3, window=60, now=NOW)


def test_one_hit_in_a_while_also_prunes_closed_windows(monkeypatch):
    ratelimit.hit("votes", "old", limit=3, window=60, now=NOW)
    monkeypatch.setattr(ratelimit.random, "randrange", lambda _: 0)
    ratelimit.hit("votes", "new", limit=3, window=60, now=NOW + 120)
    assert ratelimit.count("votes", "old", window=60, now=NOW) == 0


def test_a_failing_counter_lets_the_client_through_and_leaves_the_request_usable(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(RateCounter._meta, "db_table", "core_no_such_table")
    with transaction.atomic():
        assert ratelimit.hit("votes", "10.0.0.1", limit=1, window=60, now=NOW) is False
        monkeypatch.undo()
        assert RateCounter.objects.count() == 0  # the outer transaction still works
