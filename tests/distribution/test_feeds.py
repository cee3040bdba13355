"""Feeds parsed with feedparser: fields, scopes, Dzen rules, conditional GET, no leaks,
and a query budget that does not grow with the number of items."""

from __future__ import annotations

import json
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from polosa.core import taggedcache
from tests.text import plain

from .conftest import BASE

pytestmark = pytest.mark.django_db

PUBLIC = {"Рецензия: «Сталкер» & <другие>", "Новость дня", "Старый материал"}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


def test_rss_channel_and_items(client, newsroom):
    response, feed = parse(client, "/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert not feed.bozo
    assert feed.version == "rss20"
    assert feed.feed.title == "Полоса"
    assert feed.feed.link == f"{BASE}/"
    assert feed.feed.language == "ru"
    assert feed.feed.updated_parsed
    assert {link.href for link in feed.feed.links if link.rel == "self"} == {f"{BASE}/feeds/rss/"}
    assert [entry.title for entry in feed.entries][0] == "Рецензия: «Сталкер» & <другие>"
    assert {entry.title for entry in feed.entries} == PUBLIC
    review = feed.entries[0]
    assert review.link == f"{BASE}{newsroom['review'].url}"
    assert review.id == f"tag:polosa.example,2026:article:{newsroom['review'].pk}"
    assert review.guidislink is False
    assert review.published_parsed
    assert "Фильм о Зоне" in plain(review.summary)
    assert {tag.term for tag in review.tags} == {"Кино", "кино", "классика"}
    enclosure = review.enclosures[0]
    assert enclosure.href.startswith(f"{BASE}/media/") and enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0


def test_atom(client, newsroom):
    response, feed = parse(client, "/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10" and not feed.bozo
    assert feed.feed.id and feed.feed.updated_parsed and feed.feed.author == "Полоса"
    assert any(
        link.rel == "self" and link.href == f"{BASE}/feeds/atom/" for link in feed.feed.links
    )
    entry = feed.entries[0]
    assert entry.id.startswith("tag:polosa.example")
    assert entry.published_parsed and entry.updated_parsed
    assert entry.link == f"{BASE}{newsroom['review'].url}"
    assert entry.author == "Анна Ким"
    assert {e.title for e in feed.entries} == PUBLIC


def test_json_feed(client, newsroom):
    response = client.get("/feeds/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{BASE}/feeds/json/"
    assert document["home_page_url"] == f"{BASE}/"
    items = document["items"]
    assert {item["title"] for item in items} == PUBLIC
    review = items[0]
    assert review["url"] == f"{BASE}{newsroom['review'].url}"
    assert review["image"].startswith(f"{BASE}/media/")
    assert review["authors"] == [{"name": "Анна Ким", "url": f"{BASE}/authors/anna-kim/"}]
    assert "Первый <b>абзац</b>" in review["content_html"]
    assert review["date_published"][-6:] in ("+00:00", "+03:00")
    assert "кино" in review["tags"]
    # feedparser 6.0 has no JSON Feed support: check the required keys of every item
    for item in items:
        assert {"id", "url", "title", "content_html", "date_published"} <= item.keys()


def test_dzen_feed(client, newsroom):
    response, feed = parse(client, "/feeds/dzen/")
    root = etree.fromstring(response.content)
    for prefix in ("content", "dc", "media", "atom", "georss"):
        assert prefix in root.nsmap
    titles = {entry.title for entry in feed.entries}
    assert titles == PUBLIC - {"Старый материал"}  # only the last three days
    items = root.findall("channel/item")
    review = items[0]
    assert [c.text for c in review.findall("category")] == [
        "format-article",
        "index",
        "comment-all",
    ]
    enclosures = review.findall("enclosure")
    assert len(enclosures) == 2  # the main picture and the one in the body
    assert all(e.get("url").startswith(BASE) and "?" not in e.get("url") for e in enclosures)
    rating = review.find("{http://search.yahoo.com/mrss/}rating")
    assert rating.text == "nonadult" and rating.get("scheme") == "urn:simple"
    assert review.find("author").text == "Анна Ким"
    content = review.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    fragment = etree.fromstring(f"<div>{content}</div>", etree.HTMLParser())
    allowed = set(
        [
            "p",
            "a",
            "b",
            "i",
            "u",
            "s",
            "h1",
            "h2",
            "h3",
            "h4",
            "blockquote",
            "ul",
            "ol",
            "li",
            "figure",
            "figcaption",
            "img",
            "video",
            "source",
        ]
    )
    used = {element.tag for element in fragment.iter()} - {"html", "body", "div"}
    assert used <= allowed and "span" not in content
    assert "<figure><img" in content and "<h2>Подзаголовок</h2>" in content


def test_dzen_rates_only_adults_only_articles_adult(client, newsroom):
    news = newsroom["news"]
    news.adult = True
    news.save_revision().publish()
    response, _ = parse(client, "/feeds/dzen/")
    root = etree.fromstring(response.content)
    rating = "{http://search.yahoo.com/mrss/}rating"
    by_title = {item.findtext("title"): item.find(rating).text for item in root.iter("item")}
    assert by_title == {"Новость дня": "adult", "Рецензия: «Сталкер» & <другие>": "nonadult"}


def test_dzen_guid_is_stable_across_edits(client, newsroom):
    _, before = parse(client, "/feeds/dzen/")
    review = newsroom["review"]
    review.title = "Рецензия: исправленный заголовок"
    review.slug = "novyi-adres"
    review.save()
    _, after = parse(client, "/feeds/dzen/")
    assert before.entries[0].id == after.entries[0].id


def test_scoped_feeds(client, newsroom):
    _, rubric = parse(client, "/feeds/rss/kino/")
    assert [e.title for e in rubric.entries] == ["Рецензия: «Сталкер» & <другие>"]
    assert rubric.feed.title == "Кино — Полоса"
    _, tag = parse(client, "/feeds/atom/tags/кино/")
    assert {e.title for e in tag.entries} == {"Рецензия: «Сталкер» & <другие>", "Новость дня"}
    _, author = parse(client, "/feeds/rss/authors/oleg-ryabov/")
    assert {e.title for e in author.entries} == {"Новость дня", "Старый материал"}
    document = json.loads(client.get("/feeds/json/authors/anna-kim/").content)
    assert {i["title"] for i in document["items"]} == {
        "Рецензия: «Сталкер» & <другие>",
        "Старый материал",
    }
    for missing in ("/feeds/rss/net-takoy/", "/feeds/rss/tags/net/", "/feeds/json/authors/net/"):
        assert client.get(missing).status_code == 404


def test_nothing_hidden_leaks_anywhere(client, newsroom):
    urls = ["/feeds/rss/", "/feeds/atom/", "/feeds/json/", "/feeds/dzen/", "/feeds/rss/novosti/"]
    urls += ["/feeds/rss/tags/кино/", "/feeds/json/authors/anna-kim/"]
    urls += ["/sitemap-articles.xml", "/sitemap-news.xml", "/sitemap.xml"]
    for url in urls:
        body = client.get(url).content.decode()
        assert "СЕКРЕТ" not in body and "sekret" not in body, url


def test_conditional_get(client, newsroom):
    first = client.get("/feeds/rss/")
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    again = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    sitemap = client.get("/sitemap.xml")
    assert client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=sitemap["ETag"]).status_code == 304
    # Unpublishing changes the tag: the next conditional request gets the new feed.
    newsroom["news"].unpublish()
    changed = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Новость дня" not in changed.content.decode()


def make_articles(article_factory, image_factory, count, rubric):
    picture = image_factory("Для ленты")
    for number in range(count):
        article_factory(
            f"Массовый материал {number}",
            rubric=rubric,
            lead="Лид.",
            main_image=picture,
            tags=[f"тег{number % 3}"],
            body=[
                ("paragraph", "<p>Абзац.</p>"),
                ("image", {"image": picture, "caption": "", "credit": ""}),
            ],
        )


#: Queries with every stored value cold, for 3 articles and for 15 with authors: the same
#: (the authors' sitemap lists authors only once they have articles).
FEED_QUERIES = {
    "/feeds/rss/": (7, 7),
    "/feeds/atom/": (7, 7),
    "/feeds/json/": (9, 9),
    "/feeds/dzen/": (9, 9),
    "/feeds/rss/novosti/": (8, 8),
    "/feeds/rss/tags/тег0/": (8, 8),
    # Cold, the index and the rubrics' file date each rubric from the stored sitemap blocks
    # (one read of `distribution.SitemapBlock` for every article file) instead of an
    # aggregate per rubric.
    "/sitemap.xml": (8, 8),
    "/sitemap-articles.xml": (3, 3),
    # Its headlines carry their legal marks: the registry version, read once.
    "/sitemap-news.xml": (6, 6),
    "/sitemap-rubrics.xml": (5, 5),  # the same block read, cold
    # Each list's sitemap counts its rows once for its files (the id-range paginators).
    "/sitemap-tags.xml": (4, 4),
    "/sitemap-authors.xml": (3, 4),
}


@pytest.mark.parametrize("url", FEED_QUERIES)
def test_query_budget_does_not_grow(
    client, rubrics, article_factory, image_factory, django_assert_num_queries, url
):
    from polosa.news import content

    small, large = FEED_QUERIES[url]
    author = content.ensure_author("Автор Ленты")
    make_articles(article_factory, image_factory, 3, rubrics[0])
    client.get(url)  # renditions are made once, on the first request
    taggedcache.store().clear()  # a cold page cache: every stored value read again
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    make_articles(article_factory, image_factory, 12, rubrics[0])
    for article in content.ArticlePage.objects.all():
        article.authors.add(author)
        article.save()
    client.get(url)
    taggedcache.store().clear()  # a cold page cache: every stored value read again
    with django_assert_num_queries(large):
        assert client.get(url).status_code == 200


def test_feed_carries_legal_marks_through_one_function(client, newsroom, monkeypatch):
    from django.utils.html import escape

    from polosa.legal.labels import Labelled

    calls = []

    def fake_label_article(article, body_html, *, corrections=True):
        calls.append(article)
        title = escape(article.title)
        return Labelled(
            html=body_html,
            title_html=title.replace("Сталкер", "Сталкер*"),
            lead_html=escape(article.lead),
            footnotes=["* Сталкер — пример сноски"] if "Сталкер" in title else [],
            footnotes_html='<p class="fn">* Сталкер — пример сноски</p>'
            if "Сталкер" in title
            else "",
        )

    monkeypatch.setattr("polosa.legal.label_article", fake_label_article)
    document = json.loads(client.get("/feeds/json/").content)
    review = document["items"][0]
    assert review["title"] == "Рецензия: «Сталкер*» & <другие>"
    assert "* Сталкер — пример сноски" in review["content_html"]
    assert len(calls) == len(document["items"])  # once per article
    # ... with the article itself, so that its legal review decisions can apply
    assert {article.pk for article in calls} == {
        newsroom[name].pk for name in ("review", "news", "old")
    }


def test_material_by_a_foreign_agent_carries_the_plaque_in_every_feed(
    client, article_factory, orlov
):
    from polosa.news.content import ensure_author

    article_factory(
        "Колонка о выборах", lead="Мнение автора.", authors=[ensure_author("Пётр Орлов")]
    )
    article_factory("Обычная новость", lead="Без плашки.")
    plaque = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН"
    _, rss = parse(client, "/feeds/rss/")
    by_title = {plain(entry.title): entry for entry in rss.entries}
    assert plaque in by_title["Колонка о выборах"].summary
    assert "ОРЛОВЫМ ПЕТРОМ ИЛЬИЧОМ" in by_title["Колонка о выборах"].summary.replace("Ё", "Е")
    assert plaque not in by_title["Обычная новость"].summary
    document = json.loads(client.get("/feeds/json/").content)
    column = next(item for item in document["items"] if plain(item["title"]) == "Колонка о выборах")
    assert column["content_html"].index(plaque) < column["content_html"].index("Мнение автора.")
    assert plaque in client.get("/feeds/dzen/").content.decode()


def test_feeds_apply_the_legal_reviewers_decisions(client, article_factory, decide_mentions):
    """An uncertain mention the reviewer confirmed is starred in every feed, exactly as on
    the article's page; a dismissed one and an undecided one are not."""
    from wagtail.rich_text import RichText

    from .conftest import UNCERTAIN

    def about_orlov(title):
        return article_factory(
            title, lead=UNCERTAIN, body=[("paragraph", RichText(f"<p>{UNCERTAIN}</p>"))]
        )

    confirmed, dismissed = about_orlov("Подтверждено"), about_orlov("Отклонено")
    about_orlov("Не решено")
    decide_mentions(confirmed, "confirmed")
    decide_mentions(dismissed, "dismissed")

    page = client.get(confirmed.url).content.decode()
    assert "Орлов* выступил" in page  # the page, for reference

    _, feed = parse(client, "/feeds/rss/")
    items = {entry.title: entry for entry in feed.entries}
    starred = items["Подтверждено"].summary
    assert "Вчера Орлов* выступил на митинге." in plain(starred)
    assert "* Орлов Пётр Ильич признан иностранным агентом" in starred  # and its footnote
    for title in ("Отклонено", "Не решено"):
        assert "Вчера Орлов выступил" in items[title].summary
        assert "Орлов*" not in items[title].summary and "агентом" not in items[title].summary

    _, atom = parse(client, "/feeds/atom/")
    assert "Орлов* выступил" in {e.title: e for e in atom.entries}["Подтверждено"].summary
    document = json.loads(client.get("/feeds/json/").content)
    items = {item["title"]: item for item in document["items"]}
    assert "Орлов* выступил" in items["Подтверждено"]["content_html"]
    assert "* Орлов Пётр Ильич признан иностранным агентом" in items["Подтверждено"]["content_html"]
    assert "Орлов*" not in items["Отклонено"]["content_html"]
    dzen = client.get("/feeds/dzen/").content.decode()
    assert "Орлов* выступил" in dzen and "Орлов Пётр Ильич признан иностранным агентом" in dzen


def test_dzen_window_and_limit(client, article_factory, settings):
    now = timezone.now()
    article_factory("Свежий", published_at=now - timedelta(days=2, hours=23))
    article_factory("Несвежий", published_at=now - timedelta(days=3, hours=1))
    feed = feedparser.parse(client.get("/feeds/dzen/").content)
    assert [e.title for e in feed.entries] == ["Свежий"]


def test_a_feed_missed_after_a_publication_labels_only_the_new_article(
    client, newsroom, article_factory, monkeypatch
):
    from polosa import legal

    client.get("/feeds/rss/")
    labelled = []
    original = legal.label_article
    monkeypatch.setattr(
        legal,
        "label_article",
        lambda article, *a, **k: labelled.append(article.pk) or original(article, *a, **k),
    )
    fresh = article_factory("Свежая новость для ленты", published_at=timezone.now())
    feed = client.get("/feeds/rss/?after=publication").content.decode()
    assert "Свежая новость для ленты" in feed
    assert labelled == [fresh.pk]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
        "/feeds/dzen/",
        "/feeds/rss/kino/",
        "/feeds/atom/tags/кино/",
        "/feeds/json/authors/anna-kim/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ],
)
def test_head_answers_like_get_without_a_body(newsroom, url):
    """Through ``polosa.wsgi``, as a server runs it (the test client drops HEAD bodies
    itself); before, feeds and sitemaps answered HEAD with a 405 unless cached."""
    from tests.core.wsgi_client import wsgi_request

    got = wsgi_request("GET", url)
    head = wsgi_request("HEAD", url)
    assert (got.status, head.status) == (200, 200)
    assert head.body == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert int(head.headers["Content-Length"]) == len(got.body)
