"""The vote endpoint: good, repeated, invalid, rate-limited and concurrent votes."""

import threading

import pytest
from django.db import connection
from django.test import Client
from lxml import html as lxml_html

from polosa.titles.models import Title, Vote
from tests.conftest import requires_postgres
from tests.text import plain

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def windows_outlasting_the_test(settings):
    """Fixed windows ending only at a multiple of 10⁹ s (next in 2033): a test that counts
    to a limit never sees its window close half-way."""
    settings.POLOSA_VOTE_RATE_WINDOW = 10**9
    settings.POLOSA_NEW_READERS_WINDOW = 10**9


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


def test_other_methods_are_not_allowed(client, title_factory):
    title = title_factory()
    assert client.put(f"/titles/{title.slug}/vote/").status_code == 405
    assert client.delete(f"/titles/{title.slug}/vote/").status_code == 405


def test_csrf_is_enforced_with_the_token_the_script_fetches(title_factory):
    title = title_factory()
    client = Client(enforce_csrf_checks=True)
    assert vote(client, title, "5").status_code == 403
    assert not client.get(title.get_absolute_url()).cookies  # the cached page sets none
    form = client.get(f"/titles/{title.slug}/vote/", **JSON)
    assert form.json() == {"ok": True, "token": form.json()["token"], "your_vote": None}
    response = vote(client, title, "5", HTTP_X_CSRFTOKEN=form.json()["token"], **JSON)
    assert response.status_code == 200
    again = client.get(f"/titles/{title.slug}/vote/", **JSON)
    assert again.json()["your_vote"] == 5


def submit(client, page, **data):
    """Submit the page's vote form as a browser without JavaScript does."""
    form = lxml_html.fromstring(page.content.decode()).xpath("//form[@id='vote']")[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    fields.update(data)
    if form.get("method") == "get":
        return client.get(form.get("action"), fields)
    return client.post(form.get("action"), fields)


def test_without_javascript_a_reader_votes_in_one_more_step(title_factory, settings):
    """The title page's form (cached, no token) leads to the reader's own form with the
    value chosen; confirming it counts the vote and thanks the reader on the title page."""
    settings.POLOSA_RATINGS_MIN_VOTES = 1
    title = title_factory("Осенний свет")
    client = Client(enforce_csrf_checks=True)
    confirm = submit(client, client.get(title.get_absolute_url()), value="8")
    assert confirm.status_code == 200 and "csrftoken" in confirm.cookies
    assert "no-cache" in confirm["Cache-Control"] and "private" in confirm["Cache-Control"]
    chosen = lxml_html.fromstring(confirm.content.decode()).xpath("//input[@checked]/@value")
    assert chosen == ["8"]
    assert Vote.objects.count() == 0  # choosing is not voting
    done = submit(client, confirm, value="8")
    assert done.status_code == 303
    page = client.get(done["Location"])
    text = plain(page.content.decode())
    assert "Спасибо, ваш голос учтён." in text and "Ваша оценка: 8. Изменить:" in text
    assert '<span class="score">8,0</span>' in page.content.decode()
    assert Vote.objects.get().value == 8


def test_the_readers_own_form_shows_their_vote(client, title_factory, django_assert_num_queries):
    title = title_factory("Осенний свет")
    vote(client, title, "6")
    client.get(f"/titles/{title.slug}/vote/")  # what every page shows is remembered once
    with django_assert_num_queries(1):  # the title with the reader's vote as a subquery
        page = client.get(f"/titles/{title.slug}/vote/")
    assert "Ваша оценка: 6. Изменить:" in plain(page.content.decode())
    chosen = lxml_html.fromstring(page.content.decode()).xpath("//input[@checked]/@value")
    assert chosen == ["6"]
    other = client.get(f"/titles/{title.slug}/vote/?value=9").content.decode()
    assert lxml_html.fromstring(other).xpath("//input[@checked]/@value") == ["9"]


@pytest.mark.parametrize("value", ["0", "11", "abc", "", "9" * 5000])
def test_the_readers_form_ignores_a_value_out_of_range(client, title_factory, value):
    title = title_factory()
    page = client.get(f"/titles/{title.slug}/vote/", {"value": value})
    assert page.status_code == 200
    assert not lxml_html.fromstring(page.content.decode()).xpath("//input[@checked]")


def test_the_readers_form_of_an_unknown_title_is_404(client, db):
    assert client.get("/titles/net-takogo/vote/").status_code == 404
    assert client.get("/titles/net-takogo/vote/", **JSON).json()["ok"] is False


def test_the_readers_form_is_never_stored(client, title_factory, settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    title = title_factory()
    client.get(f"/titles/{title.slug}/vote/")
    assert client.get(f"/titles/{title.slug}/vote/").get("X-Polosa-Cache") != "hit"


def test_a_json_vote_answers_with_the_new_score_line(client, title_factory, settings):
    settings.POLOSA_RATINGS_MIN_VOTES = 1
    title = title_factory()
    line = vote(client, title, "7", **JSON).json()["score_line"]
    assert '<span class="score">7,0</span>' in line
    assert "оценка читателей — 1 голос" in plain(line)


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_rate_limit_per_ip(client, title_factory, settings):
    settings.POLOSA_VOTE_RATE_LIMIT = 3
    title = title_factory()
    codes = [vote(client, title, "5", **JSON).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "много" in vote(client, title, "5", **JSON).json()["error"]
    other_ip = vote(client, title, "5", REMOTE_ADDR="10.0.0.9", **JSON)
    assert other_ip.status_code == 200


@pytest.mark.usefixtures("windows_outlasting_the_test")
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
    assert '<span class="score">7,0</span> <a href="/titles/' in after.content.decode()


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


# The per-IP limit is shared by every process (issue 13) ----------------------------------


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_rate_limit_per_ip_lives_in_the_database_not_in_a_process(client, title_factory, settings):
    """A second worker has its own local-memory cache; clearing it stands in for one. The
    limit holds because the counter is the database's."""
    from django.core.cache import caches
    from django.db.models import Sum

    from polosa.core.models import RateCounter
    from polosa.titles.votes import VOTES_PER_IP

    settings.POLOSA_VOTE_RATE_LIMIT = 3
    title = title_factory()
    first = [vote(client, title, "5", **JSON).status_code for _ in range(3)]
    for alias in settings.CACHES:
        caches[alias].clear()
    after_clearing_every_cache = vote(client, title, "5", **JSON)
    assert first == [200, 200, 200]
    assert after_clearing_every_cache.status_code == 429
    counted = RateCounter.objects.filter(scope=VOTES_PER_IP).aggregate(Sum("count"))
    assert counted == {"count__sum": 4}


@pytest.fixture
def no_pruning(monkeypatch):
    """The counters prune closed windows on one hit in 200, at random; keep counts exact."""
    from polosa.core import ratelimit

    monkeypatch.setattr(ratelimit, "PRUNE_ONE_IN", 10**12)


def test_counting_a_vote_against_the_ip_limit_is_one_upsert(db, no_pruning):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from polosa.titles.votes import rate_limited

    with CaptureQueriesContext(connection) as queries:
        assert rate_limited("203.0.113.5") is False
    statements = [query["sql"] for query in queries.captured_queries]
    counter_statements = [sql for sql in statements if "core_ratecounter" in sql]
    assert len(counter_statements) == 1
    assert counter_statements[0].startswith("INSERT") and "ON CONFLICT" in counter_statements[0]


# New reader identities per IP per title (issue 13) --------------------------------------


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_cookieless_votes_from_one_ip_add_only_the_new_reader_allowance(title_factory, settings):
    settings.POLOSA_NEW_READERS_PER_IP = 3
    title = title_factory()
    codes = [vote(Client(), title, "10", **JSON).status_code for _ in range(50)]
    assert codes == [200] * 3 + [429] * 47
    title.refresh_from_db()
    assert (title.votes_count, title.votes_sum) == (3, 30)


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_too_many_new_readers_get_a_clear_russian_429(title_factory, settings):
    settings.POLOSA_NEW_READERS_PER_IP = 1
    title = title_factory()
    vote(Client(), title, "7", **JSON)
    refused = vote(Client(), title, "7", **JSON)
    assert refused.status_code == 429
    assert "новых читателей" in refused.json()["error"]
    page = vote(Client(), title, "7")
    assert page.status_code == 429
    assert "новых читателей" in page.content.decode()
    assert "polosa_reader" not in refused.cookies


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_a_reader_with_the_cookie_may_change_the_vote_after_the_allowance_is_used(
    client, title_factory, settings
):
    settings.POLOSA_NEW_READERS_PER_IP = 2
    title = title_factory()
    assert vote(client, title, "4", **JSON).status_code == 200
    assert vote(Client(), title, "6", **JSON).status_code == 200
    assert vote(Client(), title, "6", **JSON).status_code == 429
    changes = [vote(client, title, str(value), **JSON).status_code for value in (5, 8, 9, 1)]
    assert changes == [200] * 4
    title.refresh_from_db()
    assert (title.votes_count, title.votes_sum) == (2, 1 + 6)


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_new_readers_from_another_ip_or_for_another_title_are_not_affected(title_factory, settings):
    settings.POLOSA_NEW_READERS_PER_IP = 1
    title, other_title = title_factory("Тихая гавань"), title_factory("Шумный порт")
    assert vote(Client(), title, "7", **JSON).status_code == 200
    assert vote(Client(), title, "7", **JSON).status_code == 429
    assert vote(Client(REMOTE_ADDR="198.51.100.7"), title, "7", **JSON).status_code == 200
    assert vote(Client(), other_title, "7", **JSON).status_code == 200


@pytest.mark.usefixtures("windows_outlasting_the_test")
def test_a_forged_reader_cookie_counts_as_a_new_reader(client, title_factory, settings):
    settings.POLOSA_NEW_READERS_PER_IP = 1
    title = title_factory()
    vote(client, title, "5", **JSON)
    client.cookies["polosa_reader"] = "someone-else"
    assert vote(client, title, "9", **JSON).status_code == 429


def test_the_new_reader_allowance_comes_back_in_the_next_window(title_factory, settings):
    from polosa.titles.votes import new_reader_limited

    settings.POLOSA_NEW_READERS_PER_IP = 2
    settings.POLOSA_NEW_READERS_WINDOW = 3600
    title = title_factory()
    start = 7200.0 * 1000
    within = [new_reader_limited("203.0.113.9", title.pk, start + second) for second in (0, 1, 2)]
    next_hour = new_reader_limited("203.0.113.9", title.pk, start + 3600)
    assert within == [False, False, True]
    assert next_hour is False


def test_the_new_reader_allowance_defaults_to_a_few_per_hour(settings):
    from polosa.titles import conf

    assert conf.new_reader_rate_limit() == (3, 3600)
    settings.POLOSA_NEW_READERS_PER_IP = 0  # 0 turns the limit off, as for the vote limit
    assert conf.new_reader_rate_limit()[0] == 0


def test_a_returning_reader_costs_one_counter_write_and_a_new_reader_two(
    client, title_factory, no_pruning
):
    """Each limit is one upsert; a reader with the cookie pays only the per-IP one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    title = title_factory()

    def counter_queries(value: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert vote(client, title, value, **JSON).status_code == 200
        return sum("core_ratecounter" in query["sql"] for query in queries.captured_queries)

    assert counter_queries("5") == 2  # new reader: votes per IP, new readers per IP and title
    assert counter_queries("6") == 1  # the same reader changing its vote


# Bad bodies are a clear 400, never a 500 (issue 13) -------------------------------------

DEEP = 100_000
UNREADABLE = "Не удалось прочитать запрос."


@pytest.mark.parametrize(
    "body, message",
    [
        pytest.param("[" * DEEP, UNREADABLE, id="deeply nested, unterminated"),
        pytest.param("[" * DEEP + "]" * DEEP, UNREADABLE, id="deeply nested list"),
        pytest.param('{"a":' * DEEP + "1" + "}" * DEEP, UNREADABLE, id="deeply nested object"),
        pytest.param(
            '{"value": ' + "[" * DEEP + "]" * DEEP + "}", UNREADABLE, id="deeply nested value"
        ),
        pytest.param('{"value": ' + "9" * 5000 + "}", UNREADABLE, id="int past Python's limit"),
        pytest.param('{"value": ' + "9" * 4000 + "}", "от 1 до 10", id="huge int"),
        pytest.param('{"value": 1e309}', "целым числом", id="float overflowing to inf"),
        pytest.param('{"value": NaN}', "целым числом", id="NaN"),
        pytest.param('{"value": -Infinity}', "целым числом", id="-Infinity"),
        pytest.param('{"value": 8.0}', "целым числом", id="float"),
        pytest.param('{"value": true}', "целым числом", id="boolean"),
        pytest.param('{"value": "восемь"}', "целым числом", id="word"),
        pytest.param('{"value": [8]}', "целым числом", id="list"),
        pytest.param('{"value": {"value": 8}}', "целым числом", id="object"),
        pytest.param('{"value": null}', "Не указана оценка", id="null"),
        pytest.param('"8"', "Не указана оценка", id="bare string"),
        pytest.param("[8]", "Не указана оценка", id="bare list"),
        pytest.param(b'{"value": "\xff\xfe"}', UNREADABLE, id="not UTF-8"),
    ],
)
def test_bad_json_bodies_are_a_clear_400(client, title_factory, body, message):
    title = title_factory()
    response = client.post(f"/titles/{title.slug}/vote/", body, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and message in body["error"]
    title.refresh_from_db()
    assert title.votes_count == 0


# The reader cookie (issue 13) ------------------------------------------------------------


def reader_cookie(response):
    return response.cookies["polosa_reader"]


@pytest.mark.parametrize(
    "polosa_https, secure_request, secure_cookie",
    [
        pytest.param(False, False, False, id="plain http"),
        pytest.param(True, False, True, id="POLOSA_HTTPS (TLS ends at the proxy)"),
        pytest.param(False, True, True, id="request over https"),
    ],
)
def test_reader_cookie_is_secure_on_https_httponly_and_lax(
    client, title_factory, settings, polosa_https, secure_request, secure_cookie
):
    settings.POLOSA_HTTPS = polosa_https
    title = title_factory()
    cookie = reader_cookie(vote(client, title, "8", secure=secure_request, **JSON))
    assert bool(cookie["secure"]) is secure_cookie
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
