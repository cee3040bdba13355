"""Querysets and pagination behind every list of articles.

One place decides what "published" means for readers (live, public, with a shown time)
and how a card is fetched, so no listing can leak a draft or fall into N+1 queries.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def paginate(
    articles: QuerySet,
    page_number: int,
    per_page: int = ARTICLES_PER_PAGE,
    *,
    list_key: str = "",
) -> Page:
    """One page of cards; pages past the end are a 404 (page 1 of an empty list is fine).

    ``list_key`` is the list's surrogate key (``listing-site``, ``listing-rubric-3``…):
    the response declares it, and the total, a COUNT over the whole archive, is stored
    under it instead of being counted on every page.
    """
    paginator = Paginator(with_cards(articles), per_page, allow_empty_first_page=True)
    if list_key:
        surrogate.declare(list_key)
        paginator.count = taggedcache.remember(
            f"count:{list_key}", articles.count, keys=[list_key, surrogate.SITE]
        )
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        raise Http404(_("Нет такой страницы")) from None
    page.object_list = attach_rubrics(page.object_list)
    return page
