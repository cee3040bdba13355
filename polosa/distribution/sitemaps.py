"""Sitemaps on Django's sitemaps framework: articles (paginated at 50 000 URLs), rubrics,
tags and authors, the Google News sitemap, and an index naming them all.

Items are plain ``values()`` rows (no page objects), URLs are built from ``url_path``
without per-item lookups, and every section answers "how many" with one query. The
"latest change" of each article file and of each rubric is an aggregate kept in the
tagged cache under the keys that a change of one of its articles purges, so the index
recomputes only what a publication changed (a file's id range, one rubric).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from polosa import legal
from polosa.core import surrogate, taggedcache
from polosa.distribution import articles, conf
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
        URLs). Raises ``EmptyPage``/``PageNotAnInteger`` for a file that does not exist."""
        from django.core.files.storage import default_storage
        from django.utils.html import escape

        zone = timezone.get_current_timezone()  # once, not per URL as ``|w3c`` does

        def w3c(moment) -> str:
            return moment.astimezone(zone).isoformat(timespec="seconds")

        rows = self.paginator.page(number).object_list
        base = f"{self.get_protocol()}://{self.get_domain()}"
        root = self.root
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        ]
        latest = None
        for item in rows.iterator(chunk_size=5000):
            loc = escape(base + articles.page_path(item["url_path"], root))
            picture = item.get("main_image__file")
            image = (
                "<image:image><image:loc>"
                f"{escape(articles.absolute(default_storage.url(picture)))}"
                "</image:loc></image:image>"
                if picture
                else ""
            )
            lastmod = self.lastmod(item)
            if lastmod is None:
                parts.append(f"<url><loc>{loc}</loc>{image}</url>\n")
                continue
            latest = lastmod if latest is None else max(latest, lastmod)
            parts.append(f"<url><loc>{loc}</loc><lastmod>{w3c(lastmod)}</lastmod>{image}</url>\n")
        parts.append("</urlset>\n")
        return "".join(parts), latest

    def get_latest_lastmod(self):
        return max(self.lastmod_by_file().values(), default=None)

    def lastmod_by_file(self) -> dict[int, object]:
        """Each file's newest change (publication or correction)."""
        return {number: self.file_lastmod(number) for number in self.paginator.page_range}

    def file_lastmod(self, number: int):
        """File ``number``'s newest change: one aggregate over its id range, kept in the
        tagged cache under the range's id blocks (:func:`polosa.core.surrogate.article_ids`,
        which every change of an article purges). A publication recomputes its own file
        only, at most ``limit`` rows, instead of a grouped scan of the whole archive on
        every publication (1.5 s at 100 000 articles on a loaded machine)."""
        low, high = (number - 1) * self.limit, number * self.limit

        def compute():
            found = (
                self.articles()
                .filter(pk__gt=low, pk__lte=high)
                .order_by()
                .aggregate(*(Max(name) for name in ARTICLE_FIELDS[2:]))
            )
            return max((value for value in found.values() if value), default=None)

        return taggedcache.remember(
            f"sitemap-articles-lastmod-{self.limit}-{number}",
            compute,
            keys=surrogate.article_id_range(low, high),
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
        latest = {page["path"]: self.latest_in(page) for page in pages if page["depth"] > 2}
        for page in pages:
            if page["depth"] <= 2:
                page["lastmod"] = max(filter(None, latest.values()), default=None)
            else:
                page["lastmod"] = latest[page["path"]]
        self._pages = pages
        return pages

    @staticmethod
    def latest_in(rubric: dict):
        """A rubric's newest publication, kept in the tagged cache under the rubric's
        lists (which every publication change in it purges): one aggregate over its
        articles when one of them changed, not a grouped scan of every article."""

        def compute():
            articles = listing.published_articles().filter(
                path__startswith=rubric["path"], depth=rubric["depth"] + 1
            )
            return articles.order_by().aggregate(latest=Max("last_published_at"))["latest"]

        return taggedcache.remember(
            f"sitemap-rubric-latest-{rubric['pk']}",
            compute,
            keys=[surrogate.listing_rubric(rubric["pk"])],
        )

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
