"""The ratings block's data: chosen by :class:`RatingsSettings`, stored under its keys.

Article pages and the home page show the block, as a fragment of their own
(``/_fragments/ratings/``); its cards are kept in the tagged cache as plain tuples under
:data:`~polosa.core.surrogate.RATINGS` and the titles shown, which a vote, a title edit
or a settings change purges. A stored block costs no query at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, F, FloatField, QuerySet, When
from django.db.models.functions import Cast
from django.utils import timezone

from polosa.core import surrogate, taggedcache
from polosa.titles import conf

BLOCK_NAME = "ratings-block:{site}"
TOP_PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Card:
    """What one card of the block shows."""

    name: str
    url: str
    score: Decimal | None
    title_id: int = 0


def with_shown_score(titles: QuerySet) -> QuerySet:
    """Annotate ``shown`` — the shown score as a float, for ordering in the database."""
    min_votes = conf.min_votes()
    return titles.annotate(
        shown=Case(
            When(
                votes_count__gte=min_votes,
                votes_count__gt=0,
                then=Cast(F("votes_sum"), FloatField()) / Cast(F("votes_count"), FloatField()),
            ),
            default=Cast(F("editorial_score"), FloatField()),
            output_field=FloatField(),
        )
    )


def by_score(titles: QuerySet) -> QuerySet:
    return with_shown_score(titles).order_by(
        F("shown").desc(nulls_last=True), "-votes_count", "name", "pk"
    )


def choose_titles(mode: str, size: int, picked_ids: list[int]) -> list:
    """The titles a block of ``mode`` shows, best first."""
    from polosa.titles.models import RatingsSettings, Title

    fields = ("id", "name", "slug", "kind", "season", "votes_count", "votes_sum")
    titles = Title.objects.only(*fields, "editorial_score")
    if mode == RatingsSettings.Mode.PICKED and picked_ids:
        found = {title.pk: title for title in titles.filter(pk__in=picked_ids)}
        return [found[pk] for pk in picked_ids if pk in found][:size]
    if mode == RatingsSettings.Mode.NEWEST:
        return list(titles.order_by("-created_at", "-pk")[:size])
    since = timezone.now() - TOP_PERIOD
    recent = list(by_score(titles.filter(votes__updated_at__gte=since).distinct())[:size])
    if len(recent) < size:  # a quiet month: fill up with the best of all time
        seen = {title.pk for title in recent}
        recent += [t for t in by_score(titles)[: size + len(seen)] if t.pk not in seen]
    return recent[:size]


def block_cards(request) -> list[Card]:
    """The block's cards for the request's site, from the tagged cache when possible."""
    from polosa.core.sites import site_for_request

    site = site_for_request(request) if request is not None else None
    surrogate.declare(surrogate.RATINGS)
    cards = taggedcache.remember(
        BLOCK_NAME.format(site=site.pk if site else 0),
        lambda: _compute_cards(site),
        keys=[surrogate.RATINGS, surrogate.SITE],
        timeout=conf.block_cache_seconds(),
    )
    surrogate.declare_all(surrogate.title(card.title_id) for card in cards)
    return cards


def _compute_cards(site) -> list[Card]:
    from polosa.titles.models import RatingsSettings

    if site is not None:
        settings = RatingsSettings.for_site(site)
        mode, size, picked = settings.mode, settings.size or conf.block_size(), []
        if mode == RatingsSettings.Mode.PICKED:
            picked = list(settings.picked.order_by("sort_order").values_list("title_id", flat=True))
    else:
        mode, size, picked = RatingsSettings.Mode.TOP_MONTH, conf.block_size(), []
    return [
        Card(
            name=title.display_name,
            url=title.get_absolute_url(),
            score=title.score,
            title_id=title.pk,
        )
        for title in choose_titles(mode, size, picked)
    ]
