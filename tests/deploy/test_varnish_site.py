"""The real site behind Varnish (deploy/varnish.vcl in front of pytest-django's live server).

The contract: cacheable anonymous pages answer ``Cache-Control: public, … s-maxage=N,
stale-while-revalidate=M`` and ``Surrogate-Key: …`` when a frontend cache is configured;
a publication purges exactly its keys at Varnish (XkeyVarnishBackend), on commit; article
pages leave ``<esi:include src="/_fragments/article-aside/<id>/"/>`` to a cache that announces
``Surrogate-Capability: …ESI/1.0``.
"""

from __future__ import annotations

import gzip
import time

import pytest

from tests.text import plain

from .conftest import http_request

# Varnish's part (keys, purges on commit, ESI, stale copies) is the same on either engine.
pytestmark = pytest.mark.engine_independent

ESI = {"Surrogate-Capability": "varnish=ESI/1.0"}


@pytest.fixture
def site(varnish, settings):
    """Varnish in front of the live server, and the app configured to purge it."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "polosa.core.frontend_cache.XkeyVarnishBackend",
            "LOCATION": varnish.url,
        }
    }
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    return varnish


def eventually(fetch, predicate, timeout: float = 1.0):
    """Poll ``fetch()`` until ``predicate(response)`` (at most ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    response = fetch()
    while not predicate(response) and time.monotonic() < deadline:
        time.sleep(0.05)
        response = fetch()
    return response


def test_article_pages_name_their_keys_and_lifetimes(site, live_server, article_factory):
    article = article_factory("Оркестр сыграл концерт")
    direct = http_request(live_server.thread.port, "GET", article.url, ESI)
    assert direct.status == 200
    cache_control = direct.headers["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control and "stale-while-revalidate=" in cache_control
    assert f"article-{article.pk}" in direct.headers["Surrogate-Key"].split()
    assert "Set-Cookie" not in direct.headers


def test_article_pages_are_cached_and_keys_stay_inside(site, article_factory):
    article = article_factory("Оркестр сыграл концерт")
    first = site.get(article.url)
    assert first.status == 200 and first.cache == "MISS"
    second = site.get(article.url)
    assert second.cache == "HIT"
    assert "Оркестр сыграл концерт" in plain(second.text)
    for name in ("Surrogate-Key", "xkey", "Surrogate-Control"):
        assert name not in second.headers


def test_read_also_is_an_esi_fragment(site, live_server, article_factory):
    article_factory("Выставка открылась вечером")
    article = article_factory("Оркестр сыграл концерт")
    tag = f'<esi:include src="/_fragments/article-aside/{article.pk}/"/>'
    assert tag in http_request(live_server.thread.port, "GET", article.url, ESI).text
    assert tag not in http_request(live_server.thread.port, "GET", article.url).text
    through = site.get(article.url)
    assert "<esi:" not in through.text
    assert "Выставка открылась вечером" in plain(through.text)


def test_republished_article_shows_at_once_and_others_stay_cached(site, article_factory):
    article = article_factory("Оркестр сыграл концерт")
    other = article_factory("Выставка открылась вечером")
    for page in (article, other):
        site.get(page.url)
        assert site.get(page.url).cache == "HIT"

    article.title = "Оркестр отменил концерт"
    article.save_revision().publish()

    fresh = eventually(
        lambda: site.get(article.url), lambda r: "Оркестр отменил концерт" in plain(r.text)
    )
    assert "Оркестр отменил концерт" in plain(fresh.text)
    assert "Оркестр сыграл концерт" not in plain(fresh.text)
    kept = site.get(other.url)
    assert kept.cache == "HIT"  # its own object stays; only its "read also" fragment is new
    assert "Оркестр отменил концерт" in plain(kept.text)


def test_a_new_article_reaches_the_home_page_at_once(site, article_factory):
    other = article_factory("Выставка открылась вечером")
    site.get("/")
    site.get(other.url)
    assert site.get("/").cache == "HIT"

    newcomer = article_factory("Фестиваль начался сегодня", live=False)
    newcomer.save_revision().publish()  # as an editor publishes a draft

    home = eventually(lambda: site.get("/"), lambda r: "Фестиваль начался сегодня" in plain(r.text))
    assert "Фестиваль начался сегодня" in plain(home.text)
    assert site.get(other.url).cache == "HIT"


def test_editors_always_get_fresh_pages(site, article_factory):
    article = article_factory("Оркестр сыграл концерт")
    site.get(article.url)
    editor = {"Cookie": "sessionid=not-a-real-session; csrftoken=abc"}
    assert [site.get(article.url, editor).cache for _ in range(2)] == ["MISS", "MISS"]
    assert site.get("/admin/login/").cache == "MISS"


def test_an_unpublished_article_is_gone_through_varnish_at_once(site, article_factory):
    article = article_factory("Снятая с публикации новость")
    site.get(article.url)
    assert site.get(article.url).cache == "HIT"
    article.unpublish()
    gone = eventually(lambda: site.get(article.url), lambda r: r.status == 404)
    assert gone.status == 404


def test_a_vote_refreshes_the_ratings_through_varnish_and_leaves_pages_cached(
    site, article_factory, settings
):
    from polosa.titles.models import Title
    from polosa.titles.votes import record_vote

    settings.POLOSA_RATINGS_MIN_VOTES = 1
    title = Title.objects.create(name="Северный ветер")
    article = article_factory("Новость рядом с рейтингом")
    site.get(article.url)
    assert site.get(article.url).cache == "HIT"
    record_vote(title, "reader-1", 9)
    page = eventually(
        lambda: site.get(article.url), lambda r: '<span class="score">9,0</span>' in r.text
    )
    assert '<span class="score">9,0</span>' in page.text
    assert page.cache == "HIT"  # the page object stayed; its fragment was fetched anew


def test_changed_outlet_settings_reach_every_page_through_varnish(site, article_factory):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    article = article_factory("Новость под новым названием")
    for url in ("/", article.url):
        site.get(url)
    outlet = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    outlet.outlet_name = "Вечерний курьер"
    outlet.save()
    for url in ("/", article.url):
        page = eventually(lambda url=url: site.get(url), lambda r: "Вечерний курьер" in r.text)
        assert "Вечерний курьер" in page.text


def test_a_legal_decision_reaches_the_page_through_varnish(site, article_factory):
    from wagtail.rich_text import RichText

    from polosa.legal import gate
    from polosa.legal.models import MentionReview, RegistryEntry

    RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )
    article = article_factory(
        "Митинг у реки", body=[("paragraph", RichText("<p>Вчера Орлов выступил на митинге.</p>"))]
    )
    for review in gate.record_pending(article, gate.scan(article).unresolved):
        gate.decide(review, "dismissed", None)
    site.get(article.url)
    assert "Орлов*" not in site.get(article.url).text
    for review in MentionReview.objects.filter(article_id=article.pk):
        gate.decide(review, "confirmed", None)
    page = eventually(lambda: site.get(article.url), lambda r: "Орлов*" in r.text)
    assert "Орлов*" in page.text


def test_title_pages_are_cached_and_votes_go_through_the_readers_own_form(site, settings):
    """The title page sets no cookie, so Varnish keeps it; the reader's form
    (``/titles/<slug>/vote/``) passes with the reader's cookies and hands out the token the
    vote is posted with."""
    import json
    import re
    from http.cookies import SimpleCookie

    from polosa.titles.models import Title

    settings.POLOSA_RATINGS_MIN_VOTES = 1
    title = Title.objects.create(name="Северный ветер")
    page = title.get_absolute_url()
    first = site.get(page)
    assert first.status == 200 and "Set-Cookie" not in first.headers
    assert site.get(page).cache == "HIT"

    accept = {"Accept": "application/json"}
    form = site.get(f"/titles/{title.slug}/vote/", accept)
    assert form.cache == "MISS" and json.loads(form.text)["your_vote"] is None
    jar = SimpleCookie()
    for header in form.headers.get_all("Set-Cookie"):
        jar.load(header)
    token = json.loads(form.text)["token"]
    cookies = {"Cookie": f"csrftoken={jar['csrftoken'].value}"}
    voted = site.request(
        "POST",
        f"/titles/{title.slug}/vote/",
        {**accept, **cookies, "X-CSRFToken": token, "Content-Type": "application/json"},
        body=b'{"value": 9}',
    )
    assert voted.status == 200 and json.loads(voted.text)["score"] == "9.0"
    reader = re.search(
        r"polosa_reader=([^;]+)", " ".join(voted.headers.get_all("Set-Cookie"))
    ).group(1)
    again = site.get(f"/titles/{title.slug}/vote/", {**accept, "Cookie": f"polosa_reader={reader}"})
    assert json.loads(again.text)["your_vote"] == 9  # the form saw the reader's cookie
    fresh = eventually(lambda: site.get(page), lambda r: '<span class="score">9,0</span>' in r.text)
    assert '<span class="score">9,0</span>' in fresh.text  # the first vote purges at once


# ------------------------------------------------------------------- one copy per page


@pytest.mark.parametrize(
    "languages",
    [("ru-RU,ru;q=0.9", "en-US,en;q=0.5", "de", None)],
    ids=["ru-en-de-none"],
)
def test_readers_of_any_browser_language_share_one_cached_copy(
    site, live_server, article_factory, languages
):
    article = article_factory("Оркестр сыграл концерт")
    direct = http_request(live_server.thread.port, "GET", article.url, {"Accept-Language": "en"})
    assert "Accept-Language" not in direct.headers.get("Vary", "")
    answers = [
        site.get(article.url, {"Accept-Language": language} if language else {})
        for language in languages
    ]
    assert [answer.cache for answer in answers] == ["MISS", "HIT", "HIT", "HIT"]
    assert all("Оркестр сыграл концерт" in plain(answer.text) for answer in answers)
    assert "Читайте также" in plain(answers[1].text)  # in Russian for the English browser


# ------------------------------------------------------------------------- compression


def test_pages_and_feeds_reach_readers_compressed(site, article_factory):
    article_factory("Выставка открылась вечером")
    article = article_factory("Оркестр сыграл концерт")
    for path, text in ((article.url, "Выставка открылась вечером"), ("/feeds/rss/", "Оркестр")):
        packed = site.get(path, {"Accept-Encoding": "gzip"})
        assert packed.status == 200
        assert packed.headers["Content-Encoding"] == "gzip"
        unpacked = gzip.decompress(packed.body).decode()
        assert text in plain(unpacked) if path == article.url else text in unpacked
        assert "<esi:" not in unpacked
        assert site.get(path).text == unpacked  # a reader without gzip gets the same text


# --------------------------------------------------------------- hard and soft purges


def test_an_unpublished_article_leaves_every_list_with_the_first_request(
    site, article_factory, rubrics
):
    gone = article_factory("Снятая новость про мост", rubric=rubrics[0])
    article_factory("Оставшаяся новость про парк", rubric=rubrics[0])
    lists = ["/", rubrics[0].url, "/feeds/rss/"]
    for path in lists:
        site.get(path)
        assert "Снятая новость про мост" in site.get(path).text
    gone.unpublish()
    # Lists are purged softly, but each of these shows the article and carries its key,
    # which is purged hard: not even one reader gets the old copy.
    for path in lists:
        first = site.get(path)
        assert first.status == 200
        assert "Снятая новость про мост" not in first.text, path
        assert "Оставшаяся новость про парк" in first.text, path


def test_a_new_article_refreshes_a_list_without_a_reader_waiting(site, article_factory):
    article_factory("Выставка открылась вечером")
    site.get("/")
    assert site.get("/").cache == "HIT"
    newcomer = article_factory("Фестиваль начался сегодня", live=False)
    newcomer.save_revision().publish()
    # listing-site was purged softly: the home page did not show the newcomer, so the
    # next reader gets the old copy at once while Varnish fetches the new one.
    first = site.get("/")
    assert first.cache == "HIT"
    home = eventually(lambda: site.get("/"), lambda r: "Фестиваль начался сегодня" in plain(r.text))
    assert "Фестиваль начался сегодня" in plain(home.text)


# ---------------------------------------------------------------- large responses


def test_a_feed_of_hundreds_of_items_goes_through_varnish(
    site, live_server, article_factory, image_factory, settings
):
    from polosa.news.generation import generate_articles

    image_factory()  # the collection tree the generated pictures go into
    settings.POLOSA_FEED_ITEMS = 250
    # The test database's ids are short (article-12): a smaller limit than the shipped
    # 4 000 bytes, which a site's six-digit ids reach at about 200 items.
    settings.POLOSA_SURROGATE_KEY_MAX_BYTES = 2000
    generate_articles(249, image_count=2)
    newest = article_factory("Свежая новость для длинной ленты")
    slow = 60  # a render of 250 items on a shared machine
    direct = http_request(live_server.thread.port, "GET", "/feeds/rss/", ESI, timeout=slow)
    keys = direct.headers["Surrogate-Key"]
    assert len(keys) <= 2000
    assert "article-*" in keys.split()
    assert direct.body.count(b"<item>") == 250

    first, second = site.get("/feeds/rss/", timeout=slow), site.get("/feeds/rss/")
    assert (first.status, second.status, second.cache) == (200, 200, "HIT")

    newest.title = "Исправленная новость для длинной ленты"
    newest.save_revision().publish()
    fresh = site.get("/feeds/rss/", timeout=slow)  # article-* is purged with article-<id>, hard
    assert "Исправленная новость для длинной ленты" in fresh.text
