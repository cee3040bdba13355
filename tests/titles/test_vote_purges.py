"""A burst of votes purges a title's score once per window, not once per vote.

Every vote of a title changes its score on the title page, on the reviews of it and in the
ratings page and block; purging all of them per vote let a burst of votes empty the caches
of a popular film's pages as fast as readers voted. The first vote after a quiet window
purges at once; the votes that follow share one purge at the window's end (a task).
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from polosa.titles.models import Title

JSON = {"HTTP_ACCEPT": "application/json"}
TASK = "polosa.titles.tasks.purge_votes"


@pytest.fixture
def purges(monkeypatch):
    """The keys of every purge the ratings' services ask for, one entry per purge."""
    from polosa.titles import services

    calls: list[frozenset[str]] = []
    original = services.purge_keys

    def recording(keys, *, reason):
        calls.append(frozenset(keys))
        return original(keys, reason=reason)

    monkeypatch.setattr(services, "purge_keys", recording)
    return calls


@pytest.fixture
def title(title_factory, purges):
    """A title whose creation's own purge is forgotten."""
    made = title_factory("Северный ветер")
    purges.clear()
    return made


def vote(title: Title, value: int, client: Client | None = None):
    client = client or Client()
    response = client.post(f"/titles/{title.slug}/vote/", {"value": value}, **JSON)
    assert response.status_code == 200, response.content
    return response


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK).order_by("run_after"))


def test_the_first_vote_purges_the_title_and_the_ratings_at_once(title, purges):
    vote(title, 7)
    assert purges == [frozenset({f"title-{title.pk}", "ratings"})]
    assert queued() == []


def test_a_burst_of_votes_purges_once_now_and_once_at_the_windows_end(title, purges, settings):
    settings.POLOSA_NEW_READERS_PER_IP = 0
    settings.POLOSA_VOTE_RATE_LIMIT = 0
    for number in range(40):
        vote(title, number % 10 + 1)
    title.refresh_from_db()
    assert title.votes_count == 40
    assert len(purges) == 1  # the first vote's
    [task] = queued()  # at the end of the window the first vote opened
    assert task.run_after == title.score_purge_at
    assert task.args_kwargs["args"] == [title.pk, title.score_purge_at.isoformat()]
    assert title.score_purge_at - timedelta(seconds=10) <= timezone.now()


def test_the_queued_purge_purges_the_title_and_the_ratings_when_due(title, purges):
    from polosa.titles.tasks import purge_votes

    vote(title, 7)
    vote(title, 9)
    assert len(purges) == 1 and len(queued()) == 1
    ahead = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert purge_votes.call(title.pk, ahead) is False  # run early (another clock)
    assert len(purges) == 1 and len(queued()) == 2  # it waits again
    due = (timezone.now() - timedelta(seconds=1)).isoformat()
    assert purge_votes.call(title.pk, due) is True
    assert purges[-1] == frozenset({f"title-{title.pk}", "ratings"})


def test_after_a_quiet_window_a_vote_purges_at_once_again(title, purges):
    vote(title, 7)
    Title.objects.filter(pk=title.pk).update(score_purge_at=timezone.now() - timedelta(seconds=11))
    vote(title, 8)
    assert len(purges) == 2
    assert queued() == []


def test_votes_after_the_queued_purge_is_due_queue_the_next_window(title, purges):
    """The worker may run the window's purge late: a vote after its time queues the next
    one, ten seconds on, so purges stay a window apart."""
    due = timezone.now() - timedelta(seconds=1)
    Title.objects.filter(pk=title.pk).update(score_purge_at=due)
    vote(title, 6)
    [task] = queued()
    assert task.run_after == due + timedelta(seconds=10)
    assert purges == []


def test_the_same_vote_again_purges_nothing(client, title, purges):
    vote(title, 7, client)
    vote(title, 7, client)
    assert len(purges) == 1 and queued() == []


def test_no_window_purges_on_every_vote(title, purges, settings):
    settings.POLOSA_VOTE_PURGE_SECONDS = 0
    for value in (5, 6, 7):
        vote(title, value)
    assert len(purges) == 3 and queued() == []


def test_a_task_backend_that_cannot_wait_purges_at_once(title, purges, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    vote(title, 5)
    vote(title, 6)
    assert len(purges) == 2


def test_the_voter_sees_the_new_score_at_once_while_the_page_waits_for_its_purge(
    title_factory, settings, django_capture_on_commit_callbacks
):
    settings.POLOSA_RATINGS_MIN_VOTES = 1
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    title = title_factory("Северный ветер")
    reader = Client()
    with django_capture_on_commit_callbacks(execute=True):
        vote(title, 4)  # the first vote: purged at once
    assert '<span class="score">4,0</span>' in reader.get(title.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = vote(title, 10)
    assert answer.json()["score"] == "7.0"
    assert '<span class="score">7,0</span>' in answer.json()["score_line"]
    page = reader.get(title.get_absolute_url())
    assert page["X-Polosa-Cache"] == "hit"  # still the page of one vote, until the window ends
    from polosa.titles.tasks import purge_votes

    [task] = queued()
    with django_capture_on_commit_callbacks(execute=True):
        purge_votes.call(*task.args_kwargs["args"][:1], timezone.now().isoformat())
    fresh = reader.get(title.get_absolute_url())
    assert fresh["X-Polosa-Cache"] == "miss"
    assert '<span class="score">7,0</span>' in fresh.content.decode()
