"""Querysets and pagination behind every list of articles.

One place decides what "published" means for readers (live, public, with a shown time)
and how a card is fetched, so no listing can leak a draft or fall into N+1 queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from polosa.core import pagecache, surrogate, taggedcache

ARTICLES_PER_PAGE = 20
CARD_RENDITION = "fill-640x360"
LEAD_RENDITION = "fill-1200x675"


def published_articles() -> QuerySet:
    """Live, publicly visible articles, newest first, without their StreamField bodies."""
    from polosa.news.models import ArticlePage

    articles = ArticlePage.objects.live().defer_streamfields().order_by("-published_at", "-pk")
    return exclude_restricted(articles)


def with_cards(articles: QuerySet) -> QuerySet:
    """Add what a card shows: the main picture with its card renditions (the responsive
    sizes of a card and of the home page's lead, and the feeds' and previews' one)."""
    from polosa.media import pictures
    from polosa.media.models import CreditedRendition

    specs = [CARD_RENDITION, LEAD_RENDITION, *pictures.filter_specs("card", "lead")]
    renditions = CreditedRendition.objects.filter(filter_spec__in=specs)
    return articles.select_related("main_image").prefetch_related(
        Prefetch("main_image__renditions", queryset=renditions)
    )


def latest_by_rubric(per_rubric: int = 4) -> list[tuple[object, list]]:
    """The newest ``per_rubric`` articles of every rubric in the menus, in menu order, in one
    query (a window numbering each rubric's articles) and one of their pictures."""
    from django.db.models import F, Window
    from django.db.models.functions import Length, RowNumber, Substr

    from polosa.news.models import ArticlePage

    rubrics = [rubric for rubric in live_rubrics() if rubric.show_in_menus]
    if not rubrics:
        return []
    parent_path = Substr("path", 1, Length("path") - ArticlePage.steplen)
    numbered = published_articles().annotate(
        rank_in_rubric=Window(
            RowNumber(),
            partition_by=[parent_path],
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
    )
    articles = attach_rubrics(with_cards(numbered.filter(rank_in_rubric__lte=per_rubric)))
    by_rubric: dict[str, list] = {}
    for article in articles:
        by_rubric.setdefault(rubric_path_of(article), []).append(article)
    return [(rubric, by_rubric[rubric.path]) for rubric in rubrics if rubric.path in by_rubric]


def live_rubrics() -> list:
    """Every live rubric in tree order, stored under :data:`~polosa.core.surrogate.RUBRICS`
    until a rubric is published, unpublished, moved or renamed.

    Rubrics change rarely and appear on every page (navigation, cards, the time line), so
    they come from the tagged cache; the response showing them declares the key.
    """
    from polosa.news.models import RubricPage

    def load() -> list:
        # Sorted here: ORDER BY path makes SQLite walk every page in path order.
        rubrics = (
            RubricPage.objects.live()
            .only("id", "title", "slug", "path", "depth", "url_path", "live", "show_in_menus")
            .order_by()
        )
        return sorted(rubrics, key=lambda rubric: rubric.path)

    surrogate.declare(surrogate.RUBRICS)
    return taggedcache.remember("rubrics", load, keys=[surrogate.RUBRICS])


def live_rubrics_by_path() -> dict[str, object]:
    """Every live rubric keyed by its tree path: no query per card."""
    return {rubric.path: rubric for rubric in live_rubrics()}


def rubric_pks_by_path() -> dict[str, int]:
    """Live rubrics' ids by tree path, read from the database (for purges, which must
    not trust a cached list)."""
    from polosa.news.models import RubricPage

    return dict(RubricPage.objects.values_list("path", "pk"))


def rubric_path_of(article) -> str:
    """The tree path of an article's parent (Wagtail stores paths as fixed-width steps)."""
    return article.path[: -article.steplen]


def attach_rubrics(articles: Iterable) -> list:
    """Set ``rubric`` on each article from a single rubric lookup."""
    articles = [article for article in articles if article is not None]
    if not articles:
        return articles
    rubrics = live_rubrics_by_path()
    for article in articles:
        article._rubric_cache = rubrics.get(rubric_path_of(article))
        article.__dict__.pop("rubric", None)
    return articles


def rubric_for(article):
    return live_rubrics_by_path().get(rubric_path_of(article))


def view_restrictions() -> list:
    """Every page view restriction (login, password, groups) with its page's path.

    Newsrooms rarely restrict pages, yet Wagtail asks the database on every listing
    (``public()``) and every page view; the list is stored under
    :data:`~polosa.core.surrogate.SITE`, which a restriction change, a move or a deleted
    page purges (see :mod:`polosa.news.services`): the paths it compares are current.
    """
    from wagtail.models import PageViewRestriction

    return taggedcache.remember(
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page")),
        keys=[surrogate.SITE],
    )


def exclude_restricted(articles: QuerySet) -> QuerySet:
    for path in {restriction.page.path for restriction in view_restrictions()}:
        articles = articles.exclude(path__startswith=path)
    return articles


def page_number_or_404(request: HttpRequest) -> int:
    """Read ``?page=``: a missing parameter is page 1; anything but a positive integer is a
    404 (``abc``, ``0``, ``-1``, ``1e9``), never a server error."""
    number = pagecache.page_number(request.GET.get("page", ""))
    if number is None:
        raise Http404(_("Нет такой страницы"))
    return number


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"^(\d{1,17})\.(\d{1,12})$")


@dataclass(frozen=True)
class Cursor:
    """A position in a list newest first: the card's time and id (``1714567890123456.42``)."""

    published_at: datetime
    pk: int

    @classmethod
    def of(cls, article) -> Cursor:
        return cls(article.published_at, article.pk)

    @classmethod
    def parse(cls, raw: str) -> Cursor | None:
        match = CURSOR.match(raw)
        if match is None:
            return None
        micros, pk = (int(group) for group in match.groups())
        try:
            return cls(EPOCH + timedelta(microseconds=micros), pk)
        except OverflowError:
            return None

    def __str__(self) -> str:
        return f"{(self.published_at - EPOCH) // timedelta(microseconds=1)}.{self.pk}"


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list a reader asked for: its number, and where the list's own
    links say it starts (``?before=``, after the previous page's last card) or ends
    (``?after=``, before the next page's first card)."""

    number: int = 1
    before: Cursor | None = None
    after: Cursor | None = None


def page_request_or_404(request: HttpRequest) -> PageRequest:
    """``?page=`` with the cursors of the list's links; a malformed cursor is a 404."""
    number = page_number_or_404(request)
    cursors = {}
    for name in ("before", "after"):
        raw = request.GET.get(name, "")
        if raw:
            cursors[name] = Cursor.parse(raw)
            if cursors[name] is None:
                raise Http404(_("Нет такой страницы"))
    return PageRequest(number, **cursors)


class ListPage(Page):
    """A page of cards whose links carry keyset cursors, so the next and the previous
    page cost what page 2 costs however deep the list goes."""

    def _query(self, number: int, **cursor: Cursor) -> str:
        params = {"page": number} if number > 1 else {}
        params.update({name: str(value) for name, value in cursor.items()})
        return urlencode(params)

    @property
    def next_query(self) -> str:
        return self._query(self.next_page_number(), before=Cursor.of(self.object_list[-1]))

    @property
    def previous_query(self) -> str:
        number = self.previous_page_number()
        if number == 1:
            return ""
        return self._query(number, after=Cursor.of(self.object_list[0]))

    @property
    def last_query(self) -> str:
        return self._query(self.paginator.num_pages)


def paginate(
    articles: QuerySet,
    page_number: int | PageRequest,
    per_page: int = ARTICLES_PER_PAGE,
    *,
    list_key: str = "",
) -> Page:
    """One page of cards; pages past the end are a 404 (page 1 of an empty list is fine).

    ``list_key`` is the list's surrogate key (``listing-site``, ``listing-rubric-3``…):
    the response declares it, and the total, a COUNT over the whole archive, is stored
    under it instead of being counted on every page.

    A page reached by the list's own links (a cursor) is a keyset query: the cards
    older (``before``) or newer (``after``) than a card, on the time index. A number
    typed without a cursor is counted from the nearer end of the list, so the last page
    is as cheap as the first (see README, «Архив на миллион материалов»).
    """
    wanted = page_number if isinstance(page_number, PageRequest) else PageRequest(page_number)
    paginator = Paginator(with_cards(articles), per_page, allow_empty_first_page=True)
    if list_key:
        surrogate.declare(list_key)
        paginator.count = taggedcache.remember(
            f"count:{list_key}", articles.count, keys=[list_key, surrogate.SITE]
        )
    try:
        number = paginator.validate_number(wanted.number)
    except EmptyPage:
        raise Http404(_("Нет такой страницы")) from None
    cards = list(page_rows(with_cards(articles), wanted, number, per_page, paginator.count))
    if not cards and number > 1:
        raise Http404(_("Нет такой страницы"))
    return ListPage(attach_rubrics(cards), number, paginator)


def page_rows(articles: QuerySet, wanted: PageRequest, number: int, per_page: int, count: int):
    """The rows of page ``number``, newest first (``articles`` is ordered newest first)."""
    oldest_first = articles.order_by("published_at", "pk")
    if wanted.before is not None:
        at = wanted.before
        return articles.filter(published_at__lte=at.published_at).exclude(
            published_at=at.published_at, pk__gte=at.pk
        )[:per_page]
    if wanted.after is not None:
        at = wanted.after
        newer = oldest_first.filter(published_at__gte=at.published_at).exclude(
            published_at=at.published_at, pk__lte=at.pk
        )
        return reversed(list(newer[:per_page]))
    offset = (number - 1) * per_page
    if offset < count / 2 or offset >= count:
        return articles[offset : offset + per_page]
    # Closer to the oldest end: counted from there, the last page costs no more than page 1.
    from_oldest = count - offset - per_page
    rows = oldest_first[max(from_oldest, 0) : count - offset]
    return reversed(list(rows))
