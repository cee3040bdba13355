"""Sitemaps checked with lxml, robots.txt, and the page metadata in <head>."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from lxml import etree, html

from .conftest import BASE

pytestmark = pytest.mark.django_db

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SM, "news": NEWS}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def test_index_names_every_section(client, newsroom):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{SM}}}sitemapindex"
    locations = root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locations == [
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/sitemap-rubrics.xml",
        f"{BASE}/sitemap-tags.xml",
        f"{BASE}/sitemap-authors.xml",
        f"{BASE}/sitemap-news.xml",
    ]
    for location in locations:
        xml(client, location.removeprefix(BASE))


def test_article_sitemap(client, newsroom):
    root = xml(client, "/sitemap-articles.xml")
    urls = root.xpath("//sm:url", namespaces=NS)
    assert len(urls) == 3
    locations = [u.findtext(f"{{{SM}}}loc") for u in urls]
    assert f"{BASE}{newsroom['review'].url}" in locations
    for url in urls:
        lastmod = datetime.fromisoformat(url.findtext(f"{{{SM}}}lastmod"))
        assert lastmod.utcoffset() is not None


def test_article_sitemap_files_cover_id_ranges(client, newsroom, monkeypatch):
    """File *n* holds the published articles with ids in ((n-1)·limit, n·limit]: never
    more than ``limit`` URLs, every published article in exactly one file, and a file
    stays the same when newer articles arrive."""
    from polosa.distribution.sitemaps import ArticleSitemap
    from polosa.news.listing import published_articles
    from polosa.news.models import ArticlePage

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ids = ArticlePage.objects.values_list("pk", flat=True)
    # PostgreSQL's ids grow over the whole run: the files below the first article are
    # empty, and reading them would only cost time.
    first, files = -(-min(ids) // 2), -(-max(ids) // 2)
    index = xml(client, "/sitemap.xml").xpath("//sm:loc/text()", namespaces=NS)
    assert f"{BASE}/sitemap-articles.xml?p={files}" in index
    listed = []
    for number in range(first, files + 1):
        urls = xml(client, f"/sitemap-articles.xml?p={number}").xpath(
            "//sm:loc/text()", namespaces=NS
        )
        assert len(urls) <= 2
        listed += urls
    expected = [f"{BASE}{article.url}" for article in published_articles().order_by("pk")]
    assert listed == expected
    assert client.get(f"/sitemap-articles.xml?p={files + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/sitemap.xml", 5), ("/sitemap-articles.xml", 2), ("/sitemap-articles.xml?p=2", 2)],
)
def test_sitemaps_cost_the_same_queries_however_many_files(
    client, newsroom, monkeypatch, url, queries, django_assert_num_queries
):
    """The index asks for the home page and the rubrics, the sizes of the tags and
    authors tables and the newest news; the highest id and every file's and every
    rubric's newest change are kept in the tagged cache. A file is one range scan (plus
    the highest id)."""
    from polosa.distribution.sitemaps import ArticleSitemap
    from tests.core.pages import forget_page

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    client.get(url)
    forget_page(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def index_dates(client) -> dict[str, str]:
    root = xml(client, "/sitemap.xml")
    return {
        sitemap.findtext(f"{{{SM}}}loc"): sitemap.findtext(f"{{{SM}}}lastmod")
        for sitemap in root.xpath("//sm:sitemap", namespaces=NS)
    }


def test_a_publication_dates_again_only_its_own_sitemap_file_and_rubric(
    client, newsroom, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Once an article is published again (and committed), its block of ids is dated
    again; the index reads the highest id and the blocks (one query, however many files
    and rubrics) and shows the new publication for that file; every other file keeps its
    date."""
    from polosa.core import surrogate
    from polosa.distribution.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    monkeypatch.setattr(surrogate, "ARTICLE_ID_BLOCK", 1)  # blocks of a thousand ids: one
    before = index_dates(client)
    article = newsroom["old"]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    with django_assert_num_queries(5 + 2):
        after = index_dates(client)
    own = f"{BASE}/sitemap-articles.xml" + ("" if article.pk == 1 else f"?p={article.pk}")
    assert (
        datetime.fromisoformat(after[own])
        >= article.last_published_at
        > timezone.now() - (timedelta(minutes=1))
    )
    files = [loc for loc in before if "sitemap-articles" in loc and loc != own]
    assert files and all(after[loc] == before[loc] for loc in files)
    assert after[f"{BASE}/sitemap-rubrics.xml"] == after[own]


def dates_from_the_articles() -> dict[str, object]:
    """What the index must show, from the articles themselves: the newest change of the
    public ones (one file at the default 50 000 ids) and each rubric's newest publication."""
    from django.db.models import Max

    from polosa.distribution.sitemaps import ArticleSitemap
    from polosa.news.listing import exclude_restricted, published_articles
    from polosa.news.models import RubricPage

    public = published_articles().order_by()
    newest = [
        max(filter(None, (article.published_at, article.last_published_at,
                          article.updated_at, article.corrected_at)))
        for article in public
    ]  # fmt: skip
    dates = {"articles": max(newest, default=None)}
    for rubric in exclude_restricted(RubricPage.objects.live()):
        dates[rubric.slug] = public.filter(
            path__startswith=rubric.path, depth=rubric.depth + 1
        ).aggregate(latest=Max("last_published_at"))["latest"]
    assert ArticleSitemap().paginator.num_pages == 1
    return dates


def shown_dates(client) -> dict[str, object]:
    index = index_dates(client)
    dates = {"articles": index[f"{BASE}/sitemap-articles.xml"]}
    rubrics = xml(client, "/sitemap-rubrics.xml")
    for url in rubrics.xpath("//sm:url", namespaces=NS):
        slug = url.findtext(f"{{{SM}}}loc").removeprefix(BASE).strip("/")
        if slug:
            dates[slug] = url.findtext(f"{{{SM}}}lastmod")
    return seconds(
        {name: datetime.fromisoformat(value) if value else None for name, value in dates.items()}
    )


def seconds(dates: dict[str, object]) -> dict[str, object]:
    """To the second, as the rubrics' sitemap shows them (the index shows microseconds)."""
    return {name: value and value.replace(microsecond=0) for name, value in dates.items()}


def test_sitemap_dates_follow_publication_and_unpublication(
    client, newsroom, django_capture_on_commit_callbacks
):
    """The index's dates are those of the public articles after each change: the newest
    article unpublished (its file and rubric go back to the next newest), published
    again, and after the dates are thrown away and computed afresh."""
    from polosa.core import taggedcache
    from polosa.distribution.models import SitemapBlock

    assert shown_dates(client) == seconds(dates_from_the_articles())
    newest = newsroom["review"]  # the newest publication, and the only one of its rubric
    with django_capture_on_commit_callbacks(execute=True):
        newest.unpublish()
    assert shown_dates(client) == seconds(dates_from_the_articles())
    with django_capture_on_commit_callbacks(execute=True):
        newest.save_revision().publish()
    newest.refresh_from_db()
    shown = shown_dates(client)
    assert shown == seconds(dates_from_the_articles())
    assert shown["articles"] == newest.last_published_at.replace(microsecond=0)
    SitemapBlock.objects.all().delete()
    taggedcache.store().clear()
    assert shown_dates(client) == seconds(dates_from_the_articles())


def test_sitemap_dates_leave_out_what_a_restriction_hides(client, newsroom):
    """A restricted rubric leaves the rubrics' sitemap and no longer dates the article
    file; a restricted article no longer dates its file either. No block is rewritten:
    the restrictions apply as the blocks are read."""
    from wagtail.models import PageViewRestriction

    rubric = newsroom["news"].get_parent()
    PageViewRestriction.objects.create(page=rubric, restriction_type="login")
    shown = shown_dates(client)
    assert rubric.slug not in shown
    assert shown == seconds(dates_from_the_articles())
    PageViewRestriction.objects.create(page=newsroom["review"], restriction_type="login")
    shown = shown_dates(client)
    assert shown == seconds(dates_from_the_articles()) == {**shown, "articles": None}


def test_the_index_after_a_whole_site_purge_reads_the_blocks_not_the_articles(
    client, newsroom, monkeypatch, django_assert_num_queries
):
    """A whole-site purge (a restriction, a rubric moved) costs the index the view
    restrictions, the highest id and one read of the blocks, whatever the archive's
    size: the articles themselves are not aggregated again."""
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.distribution.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    before = index_dates(client)
    purge_keys({surrogate.SITE}, reason="test")
    with django_assert_num_queries(5 + 3) as captured:
        assert index_dates(client) == before
    aggregates = [q["sql"] for q in captured if "GROUP BY" in q["sql"] or "GREATEST" in q["sql"]]
    assert not aggregates


def test_news_sitemap_48_hours(client, newsroom, article_factory):
    article_factory("Почти двое суток", published_at=timezone.now() - timedelta(hours=47))
    article_factory("Больше двух суток", published_at=timezone.now() - timedelta(hours=49))
    root = xml(client, "/sitemap-news.xml")
    assert root.nsmap[None] == SM and root.nsmap["news"] == NEWS
    urls = root.xpath("//sm:url", namespaces=NS)
    titles = [u.findtext(".//news:title", namespaces=NS) for u in urls]
    assert set(titles) == {"Рецензия: «Сталкер» & <другие>", "Новость дня", "Почти двое суток"}
    for url in urls:
        assert url.findtext(".//news:publication/news:name", namespaces=NS) == "Полоса"
        assert url.findtext(".//news:publication/news:language", namespaces=NS) == "ru"
        published = datetime.fromisoformat(url.findtext(".//news:publication_date", namespaces=NS))
        assert timezone.now() - published < timedelta(hours=48)


def test_empty_news_sitemap_is_valid(client, db):
    root = xml(client, "/sitemap-news.xml")
    assert root.xpath("//sm:url", namespaces=NS) == []


def test_news_sitemap_caps_at_limit(client, article_factory, monkeypatch):
    from polosa.distribution.sitemaps import NewsSitemap

    monkeypatch.setattr(NewsSitemap, "limit", 2)
    for number in range(3):
        article_factory(f"Новость {number}")
    assert len(xml(client, "/sitemap-news.xml").xpath("//sm:url", namespaces=NS)) == 2


def test_other_sections(client, newsroom):
    rubrics = xml(client, "/sitemap-rubrics.xml").xpath("//sm:loc/text()", namespaces=NS)
    assert f"{BASE}/" in rubrics and f"{BASE}/kino/" in rubrics
    tags = xml(client, "/sitemap-tags.xml").xpath("//sm:loc/text()", namespaces=NS)
    assert len(tags) == 2  # «кино» and «классика»; no tag of hidden articles only
    authors = xml(client, "/sitemap-authors.xml").xpath("//sm:loc/text()", namespaces=NS)
    assert authors == [f"{BASE}/authors/anna-kim/", f"{BASE}/authors/oleg-ryabov/"]


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content).find("head")


def json_ld(tree) -> list[dict]:
    return [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]


def prop(tree, name):
    return [m.get("content") for m in tree.xpath(f'//meta[@property="{name}"]')]


def test_article_metadata(client, newsroom):
    review = newsroom["review"]
    tree = head(client, review.url)
    canonical = f"{BASE}{review.url}"
    assert tree.xpath('//link[@rel="canonical"]/@href') == [canonical]
    feeds = tree.xpath('//link[@rel="alternate"]')
    types = {link.get("type") for link in feeds}
    assert types == {"application/rss+xml", "application/atom+xml", "application/feed+json"}
    assert f"{BASE}/feeds/rss/kino/" in [link.get("href") for link in feeds]
    assert prop(tree, "og:type") == ["article"]
    assert prop(tree, "og:url") == [canonical]
    assert prop(tree, "og:locale") == ["ru_RU"]
    assert prop(tree, "og:image")[0].startswith(f"{BASE}/media/")
    assert prop(tree, "og:image:width") == ["1200"]
    assert prop(tree, "article:section") == ["Кино"]
    assert sorted(prop(tree, "article:tag")) == ["кино", "классика"]
    assert prop(tree, "article:author") == [f"{BASE}/authors/anna-kim/"]
    assert tree.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]
    article, review_ld, crumbs = json_ld(tree)
    assert article["@context"] == "https://schema.org" and article["@type"] == "NewsArticle"
    assert article["headline"] == "Рецензия: «Сталкер» & <другие>"
    assert len(article["image"]) == 3 and all(i.startswith(BASE) for i in article["image"])
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(article[key]).utcoffset() == timedelta(hours=3)
    assert article["author"] == [
        {"@type": "Person", "name": "Анна Ким", "url": f"{BASE}/authors/anna-kim/"}
    ]
    assert article["publisher"]["@type"] == "Organization"
    assert article["mainEntityOfPage"]["@id"] == canonical
    assert article["articleSection"] == "Кино" and "кино" in article["keywords"]
    assert review_ld["@type"] == "Review"
    assert review_ld["itemReviewed"] == {
        "@type": "Movie",
        "name": "Сталкер",
        "url": f"{BASE}/titles/stalker/",
    }
    assert "reviewRating" not in review_ld  # no editorial score yet
    assert crumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Главная", "Кино", review.title]
    assert crumbs["itemListElement"][-1]["item"] == canonical


def test_series_review_and_plain_news(client, newsroom):
    film = newsroom["film"]
    film.kind = "series"
    film.save()
    types = [d["@type"] for d in json_ld(head(client, newsroom["review"].url))]
    assert types == ["NewsArticle", "Review", "BreadcrumbList"]
    review = json_ld(head(client, newsroom["review"].url))[1]
    assert review["itemReviewed"]["@type"] == "TVSeries"
    news = head(client, newsroom["news"].url)
    assert [d["@type"] for d in json_ld(news)] == ["NewsArticle", "BreadcrumbList"]
    assert news.xpath('//meta[@name="twitter:card"]/@content') == ["summary"]


def test_listing_metadata(client, newsroom):
    rubric = head(client, "/kino/")
    assert rubric.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/kino/"]
    assert f"{BASE}/feeds/atom/kino/" in rubric.xpath('//link[@rel="alternate"]/@href')
    author = head(client, "/authors/anna-kim/")
    assert f"{BASE}/feeds/json/authors/anna-kim/" in author.xpath('//link[@rel="alternate"]/@href')
    crumbs = json_ld(author)[0]
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Главная", "Анна Ким"]
    tag = head(client, "/tags/кино/")
    assert any("/feeds/rss/tags/" in href for href in tag.xpath('//link[@rel="alternate"]/@href'))
    home = head(client, "/")
    assert home.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/"]
    assert head(client, "/kino/?page=1").xpath('//link[@rel="canonical"]/@href') == [
        f"{BASE}/kino/"
    ]


def review_json_ld(client, article) -> dict:
    [review] = [d for d in json_ld(head(client, article.url)) if d["@type"] == "Review"]
    return review


def test_review_json_ld_with_scores_poster_and_reader_votes(
    client, newsroom, image_factory, settings
):
    """A reviewed film with a poster, a year, the outlet's score and enough reader votes:
    ``itemReviewed`` carries it all, ``reviewRating`` is the editorial score (1–10) and
    ``aggregateRating`` the readers' mean."""
    from decimal import Decimal

    from polosa.titles.votes import record_vote

    settings.POLOSA_RATINGS_MIN_VOTES = 3
    film = newsroom["film"]
    film.year, film.original_name = 1979, "Stalker"
    film.poster = image_factory("Постер")
    film.editorial_score = Decimal("8.5")
    film.save()
    for reader, value in (("a", 9), ("b", 8), ("c", 10), ("d", 6)):
        record_vote(film, reader, value)

    review = review_json_ld(client, newsroom["review"])
    assert review["@context"] == "https://schema.org"
    assert review["url"] == f"{BASE}{newsroom['review'].url}"
    assert review["author"] == [
        {"@type": "Person", "name": "Анна Ким", "url": f"{BASE}/authors/anna-kim/"}
    ]
    assert datetime.fromisoformat(review["datePublished"]).utcoffset() == timedelta(hours=3)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 8.5,
        "bestRating": 10,
        "worstRating": 1,
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Movie" and item["name"] == "Сталкер"
    assert item["alternateName"] == "Stalker" and item["dateCreated"] == "1979"
    assert item["image"].startswith(f"{BASE}/media/") and "?" not in item["image"]
    assert item["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 8.3,  # (9 + 8 + 10 + 6) / 4 = 8.25, shown as 8.3
        "ratingCount": 4,
        "bestRating": 10,
        "worstRating": 1,
    }


def test_review_json_ld_without_enough_votes_or_score(client, newsroom, settings):
    """Too few reader votes: no aggregate; no editorial score: no reviewRating. A series
    season is a ``TVSeries`` with the season."""
    from polosa.titles.votes import record_vote

    settings.POLOSA_RATINGS_MIN_VOTES = 10
    film = newsroom["film"]
    film.kind, film.name, film.season = "series", "Зона", 2
    film.save()
    for reader in "abc":
        record_vote(film, reader, 7)
    review = review_json_ld(client, newsroom["review"])
    assert "reviewRating" not in review
    item = review["itemReviewed"]
    assert item["@type"] == "TVSeries" and item["name"] == "Зона"
    assert item["containsSeason"] == {"@type": "TVSeason", "seasonNumber": 2}
    assert "aggregateRating" not in item and "image" not in item and "dateCreated" not in item


def test_review_json_ld_query_cost(client, newsroom, image_factory):
    """The reviewed title and its poster cost one query on a warm page (the rendition comes
    from the renditions cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    film = newsroom["film"]
    film.poster = image_factory("Постер")
    film.save()
    url = newsroom["review"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    ours = [q["sql"] for q in queries.captured_queries if "titles_title" in q["sql"]]
    assert len(ours) == 1, ours
    assert not any("rendition" in q["sql"] for q in queries.captured_queries)


#: One digit more than Python converts to an ``int`` by default (``sys.get_int_max_str_digits``).
TOO_LONG_FOR_INT = "9" * 4301


@pytest.mark.parametrize(
    ("where", "status"),
    [
        ("article", 200),
        ("/people/", 200),
        ("title", 200),
        ("/", 404),
        ("/kino/", 404),
        ("/ratings/", 404),
        ("/authors/anna-kim/", 404),
        ("/tags/кино/", 404),
    ],
)
@pytest.mark.parametrize(
    "number",
    [
        pytest.param(TOO_LONG_FOR_INT, id="4301-digits"),
        pytest.param("1" + "0" * 6, id="seven-digits"),
        pytest.param("٣" * 5000, id="5000-arabic-indic-digits"),
    ],
)
def test_a_page_number_no_list_can_have_is_the_first_page_or_a_404_never_a_500(
    client, newsroom, where, status, number
):
    """Pages that list nothing ignore ``?page=``; lists answer 404 (an ``int()`` of 4 301
    digits raised ``ValueError`` in the canonical link)."""
    url = {"article": newsroom["review"].url, "title": "/titles/stalker/"}.get(where, where)
    response = client.get(url, {"page": number})
    assert response.status_code == status
    if status == 200:
        tree = html.fromstring(response.content).find("head")
        assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}{url}"]


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ({"page": "2"}, "/kino/?page=2"),
        ({"page": "02", "utm_source": "telegram"}, "/kino/?page=2"),
        ({"utm_source": "telegram", "x": "1"}, "/kino/"),
        ({"page": "1"}, "/kino/"),
    ],
)
def test_a_listings_canonical_link_keeps_only_the_page_it_shows(
    client, article_factory, rubrics, query, canonical
):
    from polosa.news.listing import ARTICLES_PER_PAGE

    for number in range(ARTICLES_PER_PAGE + 1):
        article_factory(f"Новость {number}", rubric=rubrics[2])
    tree = head(client, "/kino/?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}{canonical}"]
    assert prop(tree, "og:url") == [f"{BASE}{canonical}"]


def test_an_article_is_not_a_list_its_canonical_link_has_no_page(client, newsroom):
    url = newsroom["review"].url
    tree = head(client, f"{url}?page=2&utm_source=telegram")
    assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}{url}"]
