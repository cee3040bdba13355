"""Sitemaps on Django's sitemaps framework: articles (paginated at 50 000 URLs), rubrics,
tags and authors, the Google News sitemap, and an index naming them all.

Items are plain ``values()`` rows (no page objects), URLs are built from ``url_path``
without per-item lookups, and every section answers "how many" with one query. The
"latest change" of each article file and of each rubric is read from the dates kept by
block of article ids (:mod:`polosa.distribution.sitemap_dates`), which a publication
change rewrites for its own block: the index never aggregates the articles themselves.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from polosa import legal
from polosa.core import surrogate, taggedcache
from polosa.distribution import articles, conf, sitemap_dates
from polosa.news import listing

#: After the first two, the times an article's ``lastmod`` is the latest of (a correction
#: is dated when it is published; ``corrected_at`` keeps the latest on the row).
ARTICLE_FIELDS = (
    "pk",
    "url_path",
    "published_at",
    "last_published_at",
    "updated_at",
    "corrected_at",
)


class SiteSitemap(Sitemap):
    """Absolute URLs on ``POLOSA_BASE_URL``, whatever host the request came to."""

    def get_domain(self, site=None) -> str:
        return urlsplit(conf.base_url()).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(conf.base_url()).scheme or "https"

    def location(self, item: dict) -> str:
        return articles.page_path(item["url_path"], self.root)

    @property
    def root(self) -> str:
        if not hasattr(self, "_root"):
            self._root = articles.site_root_path()
        return self._root

    def lastmod(self, item: dict):
        return item.get("lastmod")


class IdRangePaginator:
    """Sitemap files by id range: file *n* lists the articles with ids in
    ``((n-1)·limit, n·limit]``. At most ``limit`` URLs each, a file never shifts when
    articles are added (only the last grows), and each is one range scan of the primary
    key instead of an ``OFFSET`` that reads every earlier row."""

    def __init__(self, items, limit: int, highest_id: int):
        self.items = items
        self.per_page = limit
        self.num_pages = max(1, -(-highest_id // limit))
        self.page_range = range(1, self.num_pages + 1)

    def validate_number(self, number) -> int:
        from django.core.paginator import EmptyPage, PageNotAnInteger

        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("no such sitemap")
        return number

    def page(self, number):
        number = self.validate_number(number)
        low, high = (number - 1) * self.per_page, number * self.per_page
        return SitemapFile(self.items.filter(pk__gt=low, pk__lte=high).order_by("pk"), number)


class SitemapFile:
    def __init__(self, object_list, number: int):
        self.object_list = object_list
        self.number = number


class ArticleSitemap(SiteSitemap):
    """Every published article, 50 000 ids to a file (``?p=2`` and on), oldest first."""

    limit = 50_000

    def articles(self):
        surrogate.declare(surrogate.LISTING_SITE)
        return listing.published_articles()

    def items(self):
        return self.articles().values(*ARTICLE_FIELDS, "main_image__file")

    def get_urls(self, page=1, site=None, protocol=None):
        """Each article's main picture as its ``<image:image>`` (the original's address,
        from the same query: no rendition lookup per article)."""
        from django.core.files.storage import default_storage

        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            name = url["item"].get("main_image__file")
            url["image"] = articles.absolute(default_storage.url(name)) if name else ""
        return urls

    @property
    def paginator(self):
        from polosa.news.models import ArticlePage

        if not hasattr(self, "_paginator"):
            highest = ArticlePage.objects.aggregate(highest=Max("pk"))["highest"] or 0
            self._paginator = IdRangePaginator(self.items(), self.limit, highest)
        return self._paginator

    def lastmod(self, item: dict):
        found = [item[name] for name in ARTICLE_FIELDS[2:] if item.get(name) is not None]
        return max(found) if found else None

    def file_xml(self, number) -> tuple[str, object]:
        """File ``number`` as XML, and its newest change: rows streamed from the database
                and written as they come (Django's sitemap template took seconds for 50 000
                URLs). Each row is three values, its ``lastmod`` computed in SQL (whole seconds
        since the epoch, as shown); a path of
                URL-safe characters (every Latin slug) is neither quoted nor escaped again, and
                each picture's address is built once however many articles show it. Raises
                ``EmptyPage``/``PageNotAnInteger`` for a file that does not exist."""
        from django.core.files.storage import default_storage
        from django.utils.html import escape

        zone = timezone.get_current_timezone()  # once, not per URL as ``|w3c`` does
        local = datetime.fromtimestamp
        rows = (
            self.paginator.page(number)
            .object_list.annotate(
                sitemap_lastmod=sitemap_dates.EpochSeconds(sitemap_dates.lastmod_expression())
            )
            .values_list("url_path", "main_image__file", "sitemap_lastmod")
        )
        base = str(escape(f"{self.get_protocol()}://{self.get_domain()}"))
        root = self.root
        cut = len(root) - 1  # the root's path but its last slash: what page_path drops
        pictures: dict[str, str] = {}
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        ]
        append = parts.append
        latest = None
        for url_path, picture, lastmod in rows.iterator(chunk_size=5000):
            if url_path.startswith(root) and url_safe(url_path):
                loc = base + url_path[cut:]
            else:
                loc = escape(base + articles.page_path(url_path, root))
            if picture:
                image = pictures.get(picture)
                if image is None:
                    image = pictures[picture] = (
                        "<image:image><image:loc>"
                        f"{escape(articles.absolute(default_storage.url(picture)))}"
                        "</image:loc></image:image>"
                    )
            else:
                image = ""
            if lastmod is None:
                append(f"<url><loc>{loc}</loc>{image}</url>\n")
                continue
            if latest is None or lastmod > latest:
                latest = lastmod
            stamp = local(lastmod, zone).isoformat(timespec="seconds")
            append(f"<url><loc>{loc}</loc><lastmod>{stamp}</lastmod>{image}</url>\n")
        append("</urlset>\n")
        return "".join(parts), None if latest is None else datetime.fromtimestamp(latest, UTC)

    def get_latest_lastmod(self):
        return max(filter(None, self.lastmod_by_file().values()), default=None)

    def lastmod_by_file(self) -> dict[int, object]:
        """Each file's newest change (publication or correction), from the blocks of ids
        it covers (:func:`index_dates`)."""
        return index_dates(self.limit)["files"]

    @staticmethod
    def block_size(limit: int) -> int:
        """The blocks a file of ``limit`` ids is made of: the purge blocks of
        :func:`polosa.core.surrogate.article_ids` (a thousand ids) when they divide it."""
        return math.gcd(limit, surrogate.ARTICLE_ID_BLOCK)


#: Letters, digits and the punctuation of a Latin slug path: such a path needs neither
#: percent-encoding (RFC 3986 unreserved characters and ``/``) nor XML escaping.
url_safe = re.compile(r"[A-Za-z0-9/._~-]*").fullmatch


def index_dates(limit: int) -> dict[str, dict[int, object]]:
    """The newest change of each article file of ``limit`` ids (``"files"``, every file
    from 1 to the one of the highest id) and the newest publication under each parent
    page (``"parents"``, by page id), as readers may see them.

    Two queries (the highest id, the blocks of :mod:`polosa.distribution.sitemap_dates`),
    and none while the result is in the tagged cache: until a publication change (whose
    block is rewritten) or a whole-site purge. An article created since and not
    published yet adds no file: it is in none."""
    from polosa.news.models import ArticlePage

    def compute() -> dict[str, dict[int, object]]:
        highest = ArticlePage.objects.aggregate(highest=Max("pk"))["highest"] or 0
        files = max(1, -(-highest // limit))
        size = ArticleSitemap.block_size(limit)
        per_file = limit // size
        blocks = sitemap_dates.visible(size, sitemap_dates.load(size, files * per_file))
        newest_change: dict[int, int] = {}
        newest: dict[int, int] = {}
        for block, dates in blocks.items():
            number = block // per_file + 1
            for parent, (change, published) in dates.items():
                if change is not None and change > newest_change.get(number, -1):
                    newest_change[number] = change
                if published is not None and published > newest.get(parent, -1):
                    newest[parent] = published
        moment = sitemap_dates.moment
        return {
            "files": {n: moment(newest_change.get(n)) for n in range(1, files + 1)},
            "parents": {parent: moment(value) for parent, value in newest.items()},
        }

    surrogate.declare(sitemap_dates.KEY)
    return taggedcache.remember(
        f"sitemap-dates-{limit}",
        compute,
        keys=[sitemap_dates.KEY, surrogate.LISTING_SITE],
    )


class NewsSitemap(ArticleSitemap):
    """Google News: articles first published in the last 48 hours, at most 1 000."""

    limit = conf.NEWS_SITEMAP_MAX

    def articles(self):
        since = timezone.now() - timedelta(hours=conf.NEWS_SITEMAP_HOURS)
        return listing.published_articles().filter(published_at__gte=since)

    def items(self):
        return self.articles().values(*ARTICLE_FIELDS, "main_image__file", "title")[: self.limit]

    @property
    def paginator(self):
        return Sitemap.paginator.fget(self)

    def get_latest_lastmod(self):
        return self.articles().order_by().aggregate(latest=Max("last_published_at"))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        from polosa.distribution.meta import outlet_name

        name = outlet_name()
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication_name"] = name
            url["publication_date"] = url["item"]["published_at"]
            # The headline with the marks its page shows.
            url["title"] = legal.headline_text(url["item"]["title"], article_id=url["item"]["pk"])
        return urls


class RubricSitemap(SiteSitemap):
    """The home page and every live rubric, dated by their newest article."""

    def items(self):
        from polosa.news.models import HomePage, RubricPage

        if hasattr(self, "_pages"):
            return self._pages
        surrogate.declare(surrogate.RUBRICS, surrogate.LISTING_SITE)
        public = listing.exclude_restricted  # the cached restrictions, not a query each
        fields = ("pk", "path", "url_path", "depth")
        pages = list(public(HomePage.objects.live()).values(*fields))
        pages += list(public(RubricPage.objects.live()).order_by("path").values(*fields))
        newest = index_dates(ArticleSitemap.limit)["parents"]
        latest = {page["path"]: newest.get(page["pk"]) for page in pages if page["depth"] > 2}
        for page in pages:
            if page["depth"] <= 2:
                page["lastmod"] = max(filter(None, latest.values()), default=None)
            else:
                page["lastmod"] = latest[page["path"]]
        self._pages = pages
        return pages

    def get_latest_lastmod(self):
        return max(filter(None, (page["lastmod"] for page in self.items())), default=None)


class OneFileWhenSmall:
    """Tags and authors: when the whole table has at most ``limit`` rows, its sitemap is
    one file, which a count of the table says without the join to every published
    article (the index asked that join for each section: 0.5 s at 100 000 articles)."""

    model_path = ""

    @property
    def paginator(self):
        from django.apps import apps

        paginator = Sitemap.paginator.fget(self)
        if apps.get_model(self.model_path).objects.count() <= self.limit:
            paginator.num_pages = 1
        return paginator


class TagSitemap(OneFileWhenSmall, SiteSitemap):
    """Tags with at least one published article."""

    model_path = "taggit.Tag"

    def items(self):
        from taggit.models import Tag

        surrogate.declare(surrogate.NAMES, surrogate.LISTING_SITE)
        published = listing.published_articles().order_by().values("pk")
        return (
            Tag.objects.filter(news_articletag_items__content_object__in=published)
            .values("slug")
            .annotate(lastmod=Max("news_articletag_items__content_object__last_published_at"))
            .order_by("slug")
        )

    def location(self, item: dict) -> str:
        return reverse("news:tag", args=[item["slug"]])

    def get_latest_lastmod(self):
        return None


class AuthorSitemap(OneFileWhenSmall, SiteSitemap):
    """Authors with at least one published article."""

    model_path = "news.Author"

    def items(self):
        from polosa.news.models import Author

        surrogate.declare(surrogate.NAMES, surrogate.LISTING_SITE)
        published = listing.published_articles().order_by().values("pk")
        return (
            Author.objects.filter(articles__in=published)
            .values("slug")
            .annotate(lastmod=Max("articles__last_published_at"))
            .order_by("slug")
        )

    def location(self, item: dict) -> str:
        return reverse("news:author", args=[item["slug"]])

    def get_latest_lastmod(self):
        return None


SITEMAPS: dict[str, type[SiteSitemap]] = {
    "articles": ArticleSitemap,
    "rubrics": RubricSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
