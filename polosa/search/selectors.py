"""What the search page shows: the reader's query and filters, one page of results.

Three queries for a page of results whatever the archive's size: the count (capped at
:data:`~polosa.search.query.COUNT_CAP`), the page of matches (with the text of their
snippets), and the articles themselves through
:func:`polosa.news.listing.published_articles`, so a result is shown only if readers may
see the article even were the index late. On PostgreSQL a result set past the cap reads
the page window by window (:func:`polosa.search.query._postgres_rings`): one query per
recency window read (one to four) and one for the snippets' text, four to seven in all.
The rubrics and the directory's names come from the tagged store. A query without
results asks the vocabulary for a correction (one or two queries) and checks it finds
something (one more).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polosa.core import surrogate
from polosa.news import listing
from polosa.search import query
from polosa.search.highlight import highlight, russian_plural, snippet
from polosa.search.index import lemmatiser

RESULTS_PER_PAGE = listing.ARTICLES_PER_PAGE
MAX_QUERY_LENGTH = 200
PERIODS = {
    "day": (timedelta(days=1), gettext_lazy("за сутки")),
    "week": (timedelta(days=7), gettext_lazy("за неделю")),
    "month": (timedelta(days=31), gettext_lazy("за месяц")),
    "year": (timedelta(days=366), gettext_lazy("за год")),
}


@dataclass(frozen=True)
class SearchForm:
    """The reader's query and filters, validated (``rubric`` is a live rubric page)."""

    q: str
    page: int
    rubric: object | None = None
    kind: str = ""
    period: str = ""

    @property
    def filters(self) -> query.Filters:
        since = None
        if self.period:
            since = timezone.now() - PERIODS[self.period][0]
        return query.Filters(
            rubric_id=self.rubric.pk if self.rubric is not None else None,
            kind=self.kind or None,
            since=since,
        )

    def url(self, *, page: int = 1, q: str | None = None) -> str:
        """The search page with these filters (and another page or query)."""
        from urllib.parse import urlencode

        from django.urls import reverse

        params = [("q", self.q if q is None else q)]
        if self.rubric is not None:
            params.append(("rubric", self.rubric.slug))
        params += [(name, value) for name, value in (("kind", self.kind), ("period", self.period))]
        if page > 1:
            params.append(("page", str(page)))
        return reverse("search:search") + "?" + urlencode([(k, v) for k, v in params if v])

    @property
    def rubric_choices(self) -> list:
        return [rubric for rubric in listing.live_rubrics() if rubric.show_in_menus]

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
        from polosa.news.models import ArticlePage

        return list(ArticlePage.Kind.choices)

    @property
    def period_choices(self) -> list[tuple[str, str]]:
        return [(name, label) for name, (_delta, label) in PERIODS.items()]


def read_form(request: HttpRequest) -> SearchForm:
    """Every parameter the page depends on, each read exactly once (the page cache stores
    the page under them: ``q``, ``rubric``, ``kind``, ``period``, ``page``)."""
    from polosa.news.models import ArticlePage

    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    rubric_slug = request.GET.get("rubric", "")
    kind = request.GET.get("kind", "")
    period = request.GET.get("period", "")
    page = listing.page_number_or_404(request)
    rubric = None
    if rubric_slug:
        rubric = next((r for r in listing.live_rubrics() if r.slug == rubric_slug), None)
        if rubric is None:
            raise Http404(_("Нет такой рубрики"))
    if kind and kind not in ArticlePage.Kind.values:
        raise Http404(_("Нет такого типа материалов"))
    if period and period not in PERIODS:
        raise Http404(_("Нет такого периода"))
    return SearchForm(q=q, page=page, rubric=rubric, kind=kind, period=period)


@dataclass
class Result:
    article: object
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    form: SearchForm
    page: Page | None = None
    items: list[Result] = field(default_factory=list)
    total: int = 0
    #: More matches than :data:`~polosa.search.query.COUNT_CAP`: ``total`` is the cap,
    #: and the pages end there.
    capped: bool = False
    suggestion: str = ""
    suggestion_url: str = ""
    searched: bool = False

    @property
    def found_label(self) -> str:
        """«Найден 1 материал», «Найдено 3 материала», «Найдено 5 материалов»; past the
        cap «Найдено более 1000 материалов» (after «более» the genitive: «более 21
        материала», «более 1000 материалов»)."""
        if self.capped:
            return russian_plural(
                self.total,
                _("Найдено более %(count)s материала"),
                _("Найдено более %(count)s материалов"),
                _("Найдено более %(count)s материалов"),
            ) % {"count": self.total}
        return russian_plural(
            self.total,
            _("Найден %(count)s материал"),
            _("Найдено %(count)s материала"),
            _("Найдено %(count)s материалов"),
        ) % {"count": self.total}

    @property
    def previous_url(self) -> str:
        return self.form.url(page=self.page.previous_page_number())

    @property
    def next_url(self) -> str:
        return self.form.url(page=self.page.next_page_number())


class _Matches:
    """The matches of a query as Django's paginator wants them: a count and slices, each
    slice one read of the index. The count stops at the cap: the pages end there."""

    def __init__(self, groups, filters: query.Filters) -> None:
        self.groups, self.filters = groups, filters
        self.total: int | None = None

    @property
    def capped(self) -> bool:
        return self.total is not None and self.total > query.COUNT_CAP

    def count(self) -> int:
        self.total = query.count(self.groups, self.filters)
        return min(self.total, query.COUNT_CAP)

    def __getitem__(self, bounds: slice) -> list[query.Hit]:
        return query.hits(
            self.groups,
            self.filters,
            offset=bounds.start,
            limit=bounds.stop - bounds.start,
            total=self.total,
        )


def search_articles(form: SearchForm) -> SearchResults:
    """The page of results for ``form``: a 404 past the last page (page 1 of nothing is
    a page saying so)."""
    surrogate.declare(surrogate.LISTING_SITE, surrogate.RUBRICS)
    results = SearchResults(form=form)
    lemmas = lemmatiser()
    groups = lemmas.query(form.q)
    if not groups:
        if form.page > 1:
            raise Http404(_("Нет такой страницы"))
        return results
    results.searched = True
    matches = _Matches(groups, form.filters)
    paginator = Paginator(matches, RESULTS_PER_PAGE)
    try:
        page = paginator.page(form.page)
    except EmptyPage:
        if form.page > 1:
            raise Http404(_("Нет такой страницы")) from None
        page = None
    results.total = paginator.count
    results.capped = matches.capped
    results.page = page
    if page is not None:
        results.items = _results(list(page.object_list), lemmas, frozenset().union(*groups))
    if not results.total:
        _suggest(results, lemmas, form)
    return results


def _results(hits: list[query.Hit], lemmas, wanted: frozenset[str]) -> list[Result]:
    if not hits:
        return []
    ids = [hit.article_id for hit in hits]
    articles = listing.published_articles().filter(pk__in=ids).only(
        "id", "title", "slug", "path", "depth", "url_path", "published_at", "live",
        "first_published_at", "locale_id",
    )  # fmt: skip
    by_id = {article.pk: article for article in listing.attach_rubrics(articles)}
    out = []
    for hit in hits:
        article = by_id.get(hit.article_id)
        if article is None:
            continue  # the index is a step behind an unpublication: never shown
        surrogate.declare(surrogate.article(article.pk))
        if article.rubric is not None:
            surrogate.declare(surrogate.rubric(article.rubric.pk))
        out.append(
            Result(
                article=article,
                title=mark_safe(highlight(article.title, lemmas.lemmas, wanted)),
                snippet=mark_safe(snippet(hit.text, lemmas.lemmas, wanted)),
            )
        )
    return out


def _suggest(results: SearchResults, lemmas, form: SearchForm) -> None:
    words = lemmas.query_words(form.q)
    corrected = query.correction(words, lemmas.lemmas)
    if not corrected:
        return
    text = " ".join(corrected)
    if query.count(lemmas.query(text), form.filters):
        results.suggestion = text
        results.suggestion_url = form.url(q=text)
