"""The ratings block's data: chosen by :class:`RatingsSettings`, cached until a vote.

Article pages and the home page show the block on every request, so its cards are kept in
the cache as plain tuples under a version number that any vote, title edit or settings
change bumps; a cached block costs no query at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache, caches
from django.db.models import Case, F, FloatField, QuerySet, When
from django.db.models.functions import Cast
from django.utils import timezone

from polosa.titles import conf

VERSION_KEY = "polosa:ratings:version"
BLOCK_KEY = "polosa:ratings:block:{site}:{version}"
TOP_PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Card:
    """What one card of the block shows."""

    name: str
    url: str
    score: Decimal | None


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


def _version() -> int:
    shared = caches["shared"]  # every process drops its blocks on the same bump
    value = shared.get(VERSION_KEY)
    if value is None:
        shared.add(VERSION_KEY, int(time.time()), timeout=None)  # above any earlier number
        value = shared.get(VERSION_KEY) or 1
    return int(value)


def forget_block() -> None:
    """Drop every cached block (call after a vote or an edit of titles or the settings)."""
    shared = caches["shared"]
    try:
        shared.incr(VERSION_KEY)
    except ValueError:
        shared.set(VERSION_KEY, int(time.time()), timeout=None)


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
    """The block's cards for the request's site, from the cache when possible."""
    from polosa.core.sites import site_for_request
    from polosa.titles.models import RatingsSettings

    site = site_for_request(request) if request is not None else None
    key = BLOCK_KEY.format(site=site.pk if site else 0, version=_version())
    cards = cache.get(key)
    if cards is not None:
        return cards
    if site is not None:
        settings = RatingsSettings.for_site(site)
        mode, size, picked = settings.mode, settings.size or conf.block_size(), []
        if mode == RatingsSettings.Mode.PICKED:
            picked = list(settings.picked.order_by("sort_order").values_list("title_id", flat=True))
    else:
        mode, size, picked = RatingsSettings.Mode.TOP_MONTH, conf.block_size(), []
    cards = [
        Card(name=title.display_name, url=title.get_absolute_url(), score=title.score)
        for title in choose_titles(mode, size, picked)
    ]
    cache.set(key, cards, conf.block_cache_seconds())
    return cards
