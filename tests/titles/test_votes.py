"""The vote endpoint: good, repeated, invalid, rate-limited and concurrent votes."""

import threading

import pytest
from django.db import connection
from django.test import Client

from polosa.titles.models import Title, Vote
from tests.conftest import requires_postgres

JSON = {"HTTP_ACCEPT": "application/json"}


def vote(client, title_or_slug, value, **extra):
    slug = getattr(title_or_slug, "slug", title_or_slug)
    data = {} if value is None else {"value": value}
    return client.post(f"/titles/{slug}/vote/", data, **extra)


def test_vote_counts_and_sets_a_signed_reader_cookie(client, title_factory):
    title = title_factory()
    response = vote(client, title, "8", **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["votes"] == 1 and body["your_vote"] == 8
    assert "polosa_reader" in response.cookies
    title.refresh_from_db()
    assert (title.votes_count, title.votes_sum) == (1, 8)


def test_voting_again_replaces_the_earlier_vote(client, title_factory):
    title = title_factory()
    vote(client, title, "8", **JSON)
    response = vote(client, title, "3", **JSON)
    assert response.json()["replaced"] == 8
    title.refresh_from_db()
    assert (title.votes_count, title.votes_sum) == (1, 3)
    assert Vote.objects.get().value == 3


def test_different_readers_add_up(title_factory):
    title = title_factory()
    for value in (7, 8, 8):
        vote(Client(), title, str(value), **JSON)
    title.refresh_from_db()
    assert (title.votes_count, title.votes_sum) == (3, 23)


def test_forged_cookie_is_a_new_reader(client, title_factory):
    title = title_factory()
    vote(client, title, "5", **JSON)
    client.cookies["polosa_reader"] = "someone-else"
    vote(client, title, "9", **JSON)
    title.refresh_from_db()
    assert title.votes_count == 2


def test_form_vote_redirects_to_the_title_page(client, title_factory):
    title = title_factory()
    response = vote(client, title, "9")
    assert response.status_code == 303
    assert response["Location"].startswith(title.get_absolute_url())
    page = client.get(response["Location"])
    assert "Ваша оценка: 9" in page.content.decode()


@pytest.mark.parametrize("value", ["0", "11", "abc", None, "7.5", "-3"])
def test_bad_values_are_a_clear_400(client, title_factory, value):
    title = title_factory()
    response = vote(client, title, value, **JSON)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert "оценк" in response.json()["error"].lower()
    html = vote(client, title, value)
    assert html.status_code == 400
    assert "Голос не принят" in html.content.decode()
    title.refresh_from_db()
    assert title.votes_count == 0


def test_json_body_is_accepted(client, title_factory):
    title = title_factory()
    response = client.post(
        f"/titles/{title.slug}/vote/", '{"value": 6}', content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["your_vote"] == 6
    broken = client.post(f"/titles/{title.slug}/vote/", "{", content_type="application/json")
    assert broken.status_code == 400


def test_unknown_title_is_404(client, db):
    assert vote(client, "net-takogo", "5", **JSON).status_code == 404
    response = vote(client, "net-takogo", "5")
    assert response.status_code == 404
    assert "нет" in response.content.decode()


def test_get_is_not_allowed(client, title_factory):
    title = title_factory()
    assert client.get(f"/titles/{title.slug}/vote/").status_code == 405


def test_csrf_is_enforced(title_factory):
    title = title_factory()
    client = Client(enforce_csrf_checks=True)
    assert vote(client, title, "5").status_code == 403
    page = client.get(title.get_absolute_url())
    token = page.cookies["csrftoken"].value
    response = vote(client, title, "5", HTTP_X_CSRFTOKEN=token, **JSON)
    assert response.status_code == 200


def test_rate_limit_per_ip(client, title_factory, settings):
    settings.POLOSA_VOTE_RATE_LIMIT = 3
    title = title_factory()
    codes = [vote(client, title, "5", **JSON).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "много" in vote(client, title, "5", **JSON).json()["error"]
    other_ip = vote(client, title, "5", REMOTE_ADDR="10.0.0.9", **JSON)
    assert other_ip.status_code == 200


def test_rate_limit_behind_a_proxy_counts_readers_not_the_proxy(client, title_factory, settings):
    settings.POLOSA_VOTE_RATE_LIMIT = 2
    settings.POLOSA_TRUSTED_PROXIES = 1
    title = title_factory()
    via_proxy = {"REMOTE_ADDR": "127.0.0.1", **JSON}
    first = [
        vote(client, title, "5", HTTP_X_FORWARDED_FOR="198.51.100.1", **via_proxy).status_code
        for _ in range(3)
    ]
    second = vote(client, title, "5", HTTP_X_FORWARDED_FOR="198.51.100.2", **via_proxy)
    assert first == [200, 200, 429]
    assert second.status_code == 200


def test_a_vote_purges_exactly_the_title_and_the_ratings_block(
    client, title_factory, purged, django_capture_on_commit_callbacks
):
    title = title_factory()
    with django_capture_on_commit_callbacks(execute=True):
        vote(client, title, "5", **JSON)
    assert purged.keys == {f"title-{title.pk}", "ratings"}


def test_after_a_vote_article_pages_stay_cached_and_show_the_new_score(
    client, title_factory, article_factory, settings, django_capture_on_commit_callbacks
):
    """The ratings block is a fragment: a vote re-renders it, not the pages around it."""
    settings.POLOSA_RATINGS_MIN_VOTES = 1
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    title = title_factory("Ледяной берег")
    article = article_factory("Новость без фильма")
    assert client.get(article.url)["X-Polosa-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        vote(Client(), title, "7", **JSON)
    after = client.get(article.url)
    assert after["X-Polosa-Cache"] == "hit"
    assert '<span class="score">7.0</span> <a href="/titles/' in after.content.decode()


def vote_concurrently(title, threads_count: int, prepare_client) -> None:
    """Cast one vote per thread, all released at once by a barrier; fail on any error."""
    barrier = threading.Barrier(threads_count)
    errors = []

    def cast(value: int) -> None:
        try:
            client = prepare_client(value)
            barrier.wait()
            response = vote(client, title, str(value % 10 + 1), **JSON)
            assert response.status_code == 200, response.content
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_leave_an_exact_count():
    title = Title.objects.create(name="Ледяной мост")
    threads_count = 24
    vote_concurrently(title, threads_count, lambda i: Client(REMOTE_ADDR=f"10.1.0.{i}"))
    title.refresh_from_db()
    assert title.votes_count == threads_count == Vote.objects.filter(title=title).count()
    assert title.votes_sum == sum(i % 10 + 1 for i in range(threads_count))


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_same_reader_racing_itself_keeps_one_vote():
    from django.core import signing

    title = Title.objects.create(name="Шум прибоя")
    cookie = signing.get_cookie_signer(salt="polosa_reader" + "polosa.titles.reader").sign("r1")

    def same_reader(i: int) -> Client:
        client = Client(REMOTE_ADDR=f"10.2.0.{i}")
        client.cookies["polosa_reader"] = cookie
        return client

    vote_concurrently(title, 12, same_reader)
    title.refresh_from_db()
    stored = Vote.objects.get(title=title)
    assert title.votes_count == 1 and title.votes_sum == stored.value
