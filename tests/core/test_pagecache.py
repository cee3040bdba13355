"""Polosa's page cache: anonymous responses stored under their keys, fragments assembled
in place (or left to Varnish), and hits answered before Django."""

import io

import pytest
from django.urls import path
from lxml import html as lxml_html

import polosa.urls
from polosa.core import taggedcache
from tests.core.pages import forget_page

pytestmark = pytest.mark.django_db

ESI = {"HTTP_SURROGATE_CAPABILITY": 'varnish="ESI/1.0"'}


@pytest.fixture
def article(article_factory):
    for number in range(3):
        article_factory(f"Соседняя новость {number}")
    return article_factory("Мост через реку открыли после ремонта")


def test_an_anonymous_page_is_stored_then_served_without_a_query(
    client, article, django_assert_num_queries
):
    assert client.get(article.url)["X-Polosa-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "hit"
    assert "Мост через реку открыли после ремонта" in response.content.decode()


def test_editors_and_the_admin_never_get_a_stored_page(admin_client, article):
    assert "X-Polosa-Cache" not in admin_client.get(article.url)
    assert "X-Polosa-Cache" not in admin_client.get("/admin/")


def test_pages_tell_the_caches_in_front_how_long_to_keep_them(client, article):
    control = client.get(article.url)["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control and "max-age=0" in control


def test_surrogate_keys_are_sent_only_to_a_cache_in_front(client, article, settings):
    assert "Surrogate-Key" not in client.get(article.url)
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    keys = set(client.get(article.url)["Surrogate-Key"].split())
    rubric = article.get_parent()
    assert {f"article-{article.pk}", f"rubric-{rubric.pk}", "settings", "rubrics"} <= keys
    assert "listing-site" in keys  # from «Читайте также», assembled into the page


def test_a_cache_announcing_esi_gets_the_includes_and_assembles_them_itself(
    client, article, settings
):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    response = client.get(article.url, **ESI)
    body = response.content.decode()
    assert f'<esi:include src="/_fragments/article-aside/{article.pk}/"/>' in body
    assert (
        body.count("<esi:include") == 3
    )  # «Срочно»; the article's «Читайте также»; most read and ratings, shared
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    # The page's own keys only: the fragments carry theirs.
    assert "listing-site" not in response["Surrogate-Key"].split()
    fragment = client.get(f"/_fragments/article-aside/{article.pk}/")
    assert "listing-site" in fragment["Surrogate-Key"].split()


def test_readers_get_the_fragments_in_place(client, article):
    document = lxml_html.fromstring(client.get(article.url).content)
    assert document.xpath("//esi:include", namespaces={"esi": "esi"}) == []
    titles = document.xpath("//aside[contains(@class,'read-also')]//li/a/text()")
    assert titles == [f"Соседняя новость {number}" for number in range(3)]


def test_a_hit_answers_not_modified_to_a_matching_etag(client, article):
    first = client.get(article.url)
    again = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_etag_changes_when_only_a_fragment_changed(client, article, article_factory):
    from django.utils import timezone

    first = client.get(article.url)
    article_factory("Новость, которая попадёт в «Читайте также»", published_at=timezone.now())
    again = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def sets_a_cookie(request):
    from django.http import HttpResponse

    response = HttpResponse("<p>Для одного читателя</p>")
    response.set_cookie("polosa_test", "1")
    return response


urlpatterns = [path("_test/cookie/", sets_a_cookie), *polosa.urls.urlpatterns]


def test_responses_that_set_cookies_are_not_stored(client, settings):
    """No public page sets one (the title page's vote form fetches its CSRF token, see
    tests/titles); a view that does is answered fresh every time."""
    settings.ROOT_URLCONF = __name__
    response = client.get("/_test/cookie/")
    assert response.cookies
    assert client.get("/_test/cookie/").get("X-Polosa-Cache") != "hit"


def test_errors_are_not_stored(client, rubrics):
    from polosa.core.pagecache import entry_name

    client.get("/no-such-page/")
    assert client.get("/no-such-page/").status_code == 404
    assert taggedcache.store().get(entry_name("testserver", "/no-such-page/", "")) is None


def wsgi_environ(path: str, **extra) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        **extra,
    }


def test_the_wsgi_application_answers_a_hit_before_django(client, article):
    from polosa.core.pagecache import PageCacheApplication

    def django_must_not_run(environ, start_response):
        raise AssertionError("a hit reached Django")

    client.get(article.url)
    application = PageCacheApplication(django_must_not_run)
    started = []
    body = b"".join(
        application(wsgi_environ(article.url), lambda status, headers: started.append(status))
    )
    assert started == ["200 OK"]
    assert "Мост через реку открыли после ремонта" in body.decode()
    assert b"<esi:include" not in body


def test_the_wsgi_application_passes_misses_and_editors_to_django(client, article):
    from polosa.core.pagecache import PageCacheApplication

    seen = []

    def django(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    client.get(article.url)
    application = PageCacheApplication(django)
    application(wsgi_environ("/not-stored/"), lambda *a: None)
    application(wsgi_environ(article.url, HTTP_COOKIE="sessionid=abc"), lambda *a: None)
    application(wsgi_environ(article.url, REQUEST_METHOD="POST"), lambda *a: None)
    assert seen == ["/not-stored/", article.url, article.url]


def test_changed_outlet_settings_show_on_the_next_page(client, rubrics):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    assert "Полоса" in client.get("/").content.decode()
    settings = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    settings.outlet_name = "Вечерний курьер"
    settings.save()
    assert "Вечерний курьер" in client.get("/").content.decode()


def test_a_renamed_rubric_shows_once_it_is_published(client, rubrics):
    assert "Кино" in client.get("/").content.decode()
    rubric = rubrics[2]
    rubric.title = "Кино и сериалы"
    rubric.save_revision().publish()
    assert "Кино и сериалы" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("path", "query", "url"),
    [
        ("/novosti/most/", "", "https://polosa.example/novosti/most/"),
        ("/tags/кино/", "", "https://polosa.example/tags/%D0%BA%D0%B8%D0%BD%D0%BE/"),
        ("/", "page=2", "https://polosa.example/?page=2"),
        ("/", "utm_source=telegram&page=02", "https://polosa.example/?page=2"),
        (
            "/people/",
            "category=актёр".encode().decode("latin-1"),  # as WSGI passes a raw query
            "https://polosa.example/people/?category=%D0%B0%D0%BA%D1%82%D1%91%D1%80",
        ),
    ],
)
def test_a_stored_page_names_the_url_a_cdn_purges_by_path(path, query, url):
    from polosa.core.pagecache import entry_name, url_of

    assert url_of(entry_name("polosa.example", path, query)) == url
    assert url_of("rubrics") is None


def test_a_render_overtaken_by_a_purge_goes_to_its_reader_only(
    client, article, settings, monkeypatch
):
    """The page was rendered before an unpublication committed: neither Polosa's store nor
    a cache in front may keep it, or the withdrawn text would be served until expiry."""
    from polosa.core import pagecache
    from polosa.core.purge import purge_keys

    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    rendered = pagecache._entry_from

    def purged_while_rendering(response, keys):
        purge_keys({f"article-{article.pk}"}, reason="test: unpublished meanwhile")
        return rendered(response, keys)

    monkeypatch.setattr(pagecache, "_entry_from", purged_while_rendering)
    response = client.get(article.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response

    monkeypatch.setattr(pagecache, "_entry_from", rendered)
    again = client.get(article.url)
    assert again["X-Polosa-Cache"] == "miss"
    assert "s-maxage=" in again["Cache-Control"] and "Surrogate-Key" in again
    assert client.get(article.url)["X-Polosa-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_readers_missing_the_same_page_at_once_wait_for_one_render(article, monkeypatch):
    """After a purge, concurrent misses of one page render it once (the others wait)."""
    import threading

    from django.test import Client

    from polosa.core.pagecache import PublicPageCacheMiddleware

    Client().get(article.url)  # rows a first view creates, created now
    forget_page(article.url)
    renders = []
    release = threading.Event()
    original = PublicPageCacheMiddleware._render

    def slow_render(self, request, name, esi):
        renders.append(name)
        release.wait(5)
        return original(self, request, name, esi)

    monkeypatch.setattr(PublicPageCacheMiddleware, "_render", slow_render)
    results = []

    def read():
        from django.db import connection

        try:
            results.append(Client().get(article.url)["X-Polosa-Cache"])
        finally:
            connection.close()

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for _ in range(500):
        if renders:
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)  # the other readers reach the wait
    release.set()
    for reader in readers:
        reader.join(10)
    assert len([name for name in renders if "article-aside" not in name]) == 1
    assert sorted(results) == ["hit", "hit", "hit", "miss"]


@pytest.fixture
def public_urls(article, db) -> list[str]:
    """A URL of each kind of public page."""
    from polosa.news.content import ensure_author
    from polosa.people.models import Person
    from polosa.titles.models import Title

    ensure_author("Анна Ким")
    Person.objects.create(name="Ёлка Зеленина", slug="yolka")
    Title.objects.create(name="Сталкер", slug="stalker")
    article.tags.add("мосты")
    article.save_revision().publish()
    return [
        "/",
        article.get_parent().url,
        article.url,
        "/tags/мосты/",
        "/authors/anna-kim/",
        "/people/",
        "/people/yolka/",
        "/ratings/",
        "/titles/stalker/",
        f"/_fragments/article-aside/{article.pk}/",
        "/_fragments/ratings/",
        "/healthz",
        "/readyz",
    ]


@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "cached"])
def test_head_answers_like_get_without_a_body_on_every_page(public_urls, cached):
    """Through ``polosa.wsgi``, as a server runs it: a miss through Django, a hit before it."""
    from tests.core.wsgi_client import wsgi_request

    for url in public_urls:
        got = wsgi_request("GET", url)
        if not cached:
            taggedcache.store().clear()
        head = wsgi_request("HEAD", url)
        assert head.status == got.status, url
        assert head.body == b"", url
        assert head.headers["Content-Type"] == got.headers["Content-Type"], url
        if url == "/readyz":
            # Never cached: each answer times its checks anew («"ms": 0.9» or «10.2»).
            assert int(head.headers["Content-Length"]) > 0, url
        else:
            assert int(head.headers["Content-Length"]) == len(got.body), url


@pytest.fixture
def stored_pages(monkeypatch):
    """The names of the pages stored while a test runs (fragments left out)."""
    store = taggedcache.store()
    names: list[str] = []
    original = store.set

    def recording_set(name, value, **kwargs):
        stored = original(name, value, **kwargs)
        if stored and name.startswith("page:") and "/_fragments/" not in name:
            names.append(name)
        return stored

    monkeypatch.setattr(store, "set", recording_set)
    return names


JUNK = 25


def test_junk_query_parameters_make_no_entry_of_their_own(client, article, stored_pages):
    """A crawler sending ``?x=1…N``: one entry, and every request after the first a hit."""
    states = [client.get(f"{article.url}?x={number}")["X-Polosa-Cache"] for number in range(JUNK)]
    states += [
        client.get(f"{article.url}?utm_source=tg&fbclid={n}")["X-Polosa-Cache"] for n in range(3)
    ]
    assert states == ["miss"] + ["hit"] * (JUNK + 2)
    assert stored_pages == [f"page:testserver{article.url}?"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/?a=1&page=2", "/?page=2&a=1"),
        ("/?page=2", "/?page=02&utm_source=x"),
        ("/?page=1", "/"),
        ("/people/?category=actor&x=1", "/people/?x=2&category=actor"),
    ],
)
def test_the_same_known_parameters_in_any_order_are_one_entry(
    client, article_factory, first, second, stored_pages
):
    from polosa.news.listing import ARTICLES_PER_PAGE

    for number in range(ARTICLES_PER_PAGE + 1):
        article_factory(f"Новость {number}")
    assert client.get(first)["X-Polosa-Cache"] == "miss"
    assert client.get(second)["X-Polosa-Cache"] == "hit"
    assert len(stored_pages) == 1


def test_known_parameters_make_entries_of_their_own(client, db, stored_pages):
    from polosa.people.models import Person

    Person.objects.create(name="Егор Вяземцев", slug="egor", category="actor")
    Person.objects.create(name="Алина Верескова", slug="alina", category="musician")
    everyone = client.get("/people/")
    actors = client.get("/people/?category=actor")
    assert everyone["X-Polosa-Cache"] == actors["X-Polosa-Cache"] == "miss"
    assert "Алина Верескова" in everyone.content.decode()
    assert "Алина Верескова" not in actors.content.decode()
    assert len(stored_pages) == 2


def test_a_known_parameter_the_page_does_not_read_makes_no_entry(client, article, stored_pages):
    """``?page=5`` on an article is the article: answered, never stored (a crawler could
    otherwise store each article a million times)."""
    client.get(article.url)
    for _ in range(2):
        response = client.get(f"{article.url}?page=5")
        assert response.status_code == 200
        assert "X-Polosa-Cache" not in response
    assert stored_pages == [f"page:testserver{article.url}?"]


def test_the_wsgi_fast_path_keys_pages_as_the_middleware_does(client, article):
    """Another junk parameter, a Cyrillic path as its raw WSGI bytes: still the stored page."""
    from polosa.core.pagecache import PageCacheApplication

    def django_must_not_run(environ, start_response):
        raise AssertionError("a hit reached Django")

    article.tags.add("мосты")
    article.save_revision().publish()
    client.get("/tags/мосты/?utm_source=telegram")
    application = PageCacheApplication(django_must_not_run)
    started = []
    environ = wsgi_environ(
        "/tags/мосты/".encode().decode("latin-1"), QUERY_STRING="fbclid=1&page=1"
    )
    body = b"".join(application(environ, lambda status, headers: started.append(status)))
    assert started == ["200 OK"]
    assert "Мост через реку открыли после ремонта" in body.decode()


# --------------------------------------------------- pages that read relative to today

#: 18 May 2026, 23:50 in Moscow, as seconds since the epoch.
BEFORE_MIDNIGHT = 1779137400.0
KEPT = "public, max-age=0, s-maxage=3600, stale-while-revalidate=30"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"article-1"}, KEPT),
        ({"day-2026-12-31"}, KEPT),
        ({"day-2026-05-18"}, "public, max-age=0, s-maxage=600, stale-while-revalidate=0"),
        ({"day-2026-05-17"}, "public, max-age=0, s-maxage=0, stale-while-revalidate=0"),
    ],
    ids=["no-day", "this-year", "today", "yesterday"],
)
def test_a_page_reading_relative_to_today_is_kept_in_front_until_midnight(keys, expected):
    """s-maxage ends at the day's midnight, and no cache in front may serve it stale then."""
    from polosa.core.pagecache import day_bounded

    assert day_bounded(KEPT, keys, now=BEFORE_MIDNIGHT) == expected


def test_a_browser_lifetime_is_cut_at_midnight_too():
    from polosa.core.pagecache import day_bounded

    control = "public, max-age=86400, s-maxage=86400"
    bounded = day_bounded(control, {"day-2026-05-18"}, now=BEFORE_MIDNIGHT)
    assert bounded == "public, max-age=600, s-maxage=600"


def seconds_to_midnight() -> float:
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    today = timezone.localdate()
    midnight = datetime.combine(today + timedelta(days=1), time(), timezone.get_current_timezone())
    return (midnight - timezone.now()).total_seconds()


def shared_seconds(response) -> int:
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


@pytest.mark.parametrize("path", ["/", "/_fragments/article-aside/{pk}/", "{url}"])
def test_cards_saying_today_keep_their_page_no_later_than_midnight(client, article, settings, path):
    """The home page's cards, «Читайте также» and an article page (its own time, without
    the year) name the last day they read as they do."""
    from django.utils import timezone

    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    response = client.get(path.format(pk=article.pk, url=article.url))
    assert response.status_code == 200
    keys = response["Surrogate-Key"].split()
    today = timezone.localdate()
    expected = f"day-{today.isoformat()}" if path != "{url}" else f"day-{today.year}-12-31"
    assert expected in keys
    assert shared_seconds(response) <= min(3600, seconds_to_midnight() + 1)
