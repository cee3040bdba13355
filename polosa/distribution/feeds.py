"""The site's feeds on Django's syndication framework: RSS 2.0, Atom, JSON Feed 1.1 and
Dzen, for the whole site and per rubric, tag, author and person.

``/feeds/<format>/`` is the whole site; ``/feeds/<format>/<rubric>/``,
``/feeds/<format>/tags/<tag>/``, ``/feeds/<format>/authors/<author>/`` and
``/feeds/<format>/people/<person>/`` (the articles that mention someone from the people
directory) narrow it.
Every item comes from :mod:`polosa.distribution.articles` (published only, bounded
queries, legal labels applied once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from polosa.core import surrogate
from polosa.distribution import articles, conf
from polosa.distribution.entries import Entry
from polosa.distribution.generators import DZEN_DIRECTIVES, DzenFeed, JsonFeed
from polosa.news import listing

FORMATS = ("rss", "atom", "json")


@dataclass(frozen=True)
class Scope:
    """What a feed covers: the site, a rubric, a tag, an author or a person."""

    kind: str  # "site" | "rubric" | "tag" | "author" | "person"
    slug: str = ""
    name: str = ""
    html_path: str = "/"
    filter: object = None  # a callable narrowing the published articles
    description: str = ""
    #: The surrogate keys of the list and of what names it (purged when they change).
    keys: tuple[str, ...] = (surrogate.LISTING_SITE,)

    def articles(self) -> QuerySet:
        surrogate.declare_all(self.keys)
        queryset = listing.published_articles()
        return self.filter(queryset) if self.filter else queryset

    def feed_path(self, fmt: str) -> str:
        return feed_path(fmt, self.kind, self.slug)


def feed_path(fmt: str, kind: str = "site", slug: str = "") -> str:
    """The path of a feed: ``/feeds/rss/``, ``/feeds/atom/kino/``, ``/feeds/json/tags/x/``."""
    if kind == "site":
        return reverse("distribution:feed", kwargs={"fmt": fmt})
    return reverse(f"distribution:{kind}-feed", kwargs={"fmt": fmt, "slug": slug})


def resolve_scope(kind: str = "site", slug: str = "") -> Scope:
    """The scope for a URL, or 404 for an unknown rubric, tag, author or person."""
    from taggit.models import Tag

    from polosa.news.models import Author, RubricPage

    if kind == "site":
        return Scope("site", name=conf.site_name())
    if kind == "rubric":
        rubric = (
            listing.exclude_restricted(RubricPage.objects.live())
            .filter(slug=slug)
            .only("id", "title", "path", "depth", "url_path", "slug")
            .first()
        )
        if rubric is None:
            raise Http404(_("Нет такой рубрики"))
        return Scope(
            "rubric",
            slug,
            rubric.title,
            articles.page_path(rubric.url_path),
            lambda qs: qs.descendant_of(rubric),
            keys=(surrogate.listing_rubric(rubric.pk), surrogate.rubric(rubric.pk)),
        )
    if kind == "tag":
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404(_("Нет такого тега"))
        return Scope(
            "tag",
            slug,
            f"#{tag.name}",
            reverse("news:tag", args=[slug]),
            lambda qs: qs.filter(tagged_items__tag=tag),
            keys=(surrogate.listing_tag(tag.pk), surrogate.tag(tag.pk)),
        )
    if kind == "author":
        author = Author.objects.filter(slug=slug).only("id", "name", "slug").first()
        if author is None:
            raise Http404(_("Нет такого автора"))
        return Scope(
            "author",
            slug,
            author.name,
            reverse("news:author", args=[slug]),
            lambda qs: qs.filter(authors=author),
            keys=(surrogate.listing_author(author.pk), surrogate.author(author.pk)),
        )
    if kind == "person":
        from polosa.people import articles_about
        from polosa.people.models import Person

        person = Person.objects.filter(slug=slug).only("id", "name", "slug").first()
        if person is None:
            raise Http404(_("Нет такого человека"))
        return Scope(
            "person",
            slug,
            person.name,
            reverse("people:person", args=[slug]),
            lambda qs: articles_about(person, qs),  # exactly what the person's page lists
            str(_("Материалы, в которых упоминается %(name)s") % {"name": person.name}),
            keys=(surrogate.listing_person(person.pk), surrogate.person(person.pk)),
        )
    raise Http404


def visible_or_404(scope: Scope, entries: list[Entry]) -> list[Entry]:
    """A tag's feed without a published article is a 404, as its page is (as if the tag
    did not exist: a draft's tag must not be confirmed by guessing)."""
    if scope.kind == "tag" and not entries:
        raise Http404(_("Нет такого тега"))
    return entries


class ArticleFeed(Feed):
    """RSS 2.0; the Atom and JSON variants change only the generator."""

    feed_type = Rss201rev2Feed
    fmt = "rss"
    full_text = False
    item_guid_is_permalink = False
    language = "ru"

    def get_object(self, request: HttpRequest, kind: str = "site", slug: str = "") -> Scope:
        return resolve_scope(kind, slug)

    def title(self, scope: Scope) -> str:
        if scope.kind == "site":
            return conf.site_name()
        return f"{scope.name} — {conf.site_name()}"

    def link(self, scope: Scope) -> str:
        return articles.absolute(scope.html_path)

    def feed_url(self, scope: Scope) -> str:
        return articles.absolute(scope.feed_path(self.fmt))

    def description(self, scope: Scope) -> str:
        if scope.kind == "site":
            return str(_("Последние материалы издания «%(name)s»") % {"name": conf.site_name()})
        if scope.description:
            return scope.description
        return str(_("Последние материалы: %(name)s") % {"name": scope.name})

    def author_name(self, scope: Scope) -> str:
        return conf.site_name()

    def feed_copyright(self, scope: Scope) -> str:
        return f"© {conf.site_name()}"

    def items(self, scope: Scope) -> list[Entry]:
        entries = articles.entries(scope.articles()[: conf.feed_items()], full_text=self.full_text)
        return visible_or_404(scope, entries)

    # Items: every value comes from the prepared Entry.
    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_link(self, entry: Entry) -> str:
        return entry.url

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    def item_description(self, entry: Entry) -> str:
        return entry.summary_html

    def item_pubdate(self, entry: Entry):
        return entry.published

    def item_updateddate(self, entry: Entry):
        return entry.updated

    def item_categories(self, entry: Entry) -> list[str]:
        return [entry.section, *entry.tags] if entry.section else list(entry.tags)

    def item_author_name(self, entry: Entry) -> str | None:
        return ", ".join(person.name for person in entry.authors) or None

    def item_author_link(self, entry: Entry) -> str | None:
        return entry.authors[0].url if len(entry.authors) == 1 else None

    def item_enclosures(self, entry: Entry) -> list:
        from django.utils.feedgenerator import Enclosure

        if entry.image is None:
            return []
        return [Enclosure(entry.image.url, str(entry.image.length), entry.image.mime_type)]

    def item_extra_kwargs(self, entry: Entry) -> dict:
        return {"entry": entry}


class AtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    fmt = "atom"

    def subtitle(self, scope: Scope) -> str:
        return self.description(scope)


class JsonArticleFeed(ArticleFeed):
    feed_type = JsonFeed
    fmt = "json"
    full_text = True


class DzenArticleFeed(ArticleFeed):
    """The Dzen feed: the last three days, at most 500 items, full text."""

    feed_type = DzenFeed
    fmt = "dzen"
    full_text = True

    def feed_url(self, scope: Scope) -> str:
        return articles.absolute(reverse("distribution:dzen-feed"))

    def items(self, scope: Scope) -> list[Entry]:
        since = timezone.now() - timedelta(days=conf.DZEN_DAYS)
        recent = scope.articles().filter(published_at__gte=since)
        return articles.entries(recent[: conf.DZEN_MAX_ITEMS], full_text=True)

    def item_categories(self, entry: Entry) -> list[str]:
        return list(DZEN_DIRECTIVES)

    def item_author_name(self, entry: Entry) -> None:
        return None  # Dzen's <author> is written by the generator

    def item_enclosures(self, entry: Entry) -> list:
        return []  # one per picture, written by the generator

    def item_description(self, entry: Entry) -> str:
        return entry.summary_text or entry.title


FEEDS: dict[str, Feed] = {
    "rss": ArticleFeed(),
    "atom": AtomFeed(),
    "json": JsonArticleFeed(),
    "dzen": DzenArticleFeed(),
}
