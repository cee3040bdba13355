"""What readers see of the newsroom's choices: the front page's stories, the urgent banner.

Both read through :func:`polosa.news.listing.published_articles`, so a pin or a banner
whose article is a draft, scheduled, unpublished or restricted shows nothing, and both
declare their keys (:mod:`polosa.newsroom.keys`) on the response being built. Expiry is
read against ``now`` (``timezone.now()`` unless given): nothing has to run for a story
or a banner to go at its time; what is already cached is purged at that time by
:func:`polosa.newsroom.tasks.purge_at`.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.db.models import Exists, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from polosa.core import surrogate, taggedcache
from polosa.newsroom.keys import FRONT_PAGE, URGENT

#: How long a remembered choice is kept when nothing expires and nobody purges it.
REMEMBER_SECONDS = 3600.0
#: The store's name of the banner shown now.
URGENT_NAME = "urgent-banner"
#: The lead's place before the featured stories' (their ``sort_order`` starts at 0).
_LEAD = -1


@dataclass(frozen=True)
class FrontPageStories:
    """The home page's top: the lead (pinned or the newest with a picture) and the
    featured stories, as article ids in the order shown."""

    lead: int | None
    featured: tuple[int, ...] = ()
    #: Whether the lead is the editors' choice (else the newest with a picture).
    pinned: bool = False
    #: When the earliest pin shown expires (``None``: none does).
    changes_at: datetime | None = field(default=None, compare=False)


def front_page_stories(*, home_page_id: int, now: datetime | None = None) -> FrontPageStories:
    """The lead and featured stories of the home page ``home_page_id`` at ``now``.

    Remembered under :data:`~polosa.newsroom.keys.FRONT_PAGE` (saving the choice),
    ``listing-site`` (a publication or unpublication anywhere: a pinned article may have
    gone or come back, the newest with a picture may be another) and ``site`` (view
    restrictions), and never past the earliest expiry of a pin it shows."""
    now = now or timezone.now()
    surrogate.declare(FRONT_PAGE)
    name = f"front-page:{home_page_id}"
    store = taggedcache.store()
    found = store.get(name)
    if found is not None and (found.changes_at is None or now < found.changes_at):
        return found
    started_at = time.time()
    stories = _choose(home_page_id, now)
    timeout = REMEMBER_SECONDS
    if stories.changes_at is not None:
        timeout = min(timeout, max(1.0, (stories.changes_at - now).total_seconds()))
    store.set(
        name,
        stories,
        keys={FRONT_PAGE, surrogate.LISTING_SITE, surrogate.SITE},
        timeout=timeout,
        started_at=started_at,
    )
    return stories


def _choose(home_page_id: int, now: datetime) -> FrontPageStories:
    from polosa.news import listing
    from polosa.newsroom.models import FEATURED_LIMIT, FeaturedStory, FrontPage

    articles = listing.published_articles()
    shown = articles.values("pk")
    # One query for the lead and the featured pins, each still shown at ``now``.
    lead = (
        FrontPage.objects.filter(site__root_page_id=home_page_id, lead__in=shown)
        .filter(Q(lead_until=None) | Q(lead_until__gt=now))
        .values_list(Value(_LEAD, output_field=IntegerField()), "lead_id", "lead_until")
        .order_by()
    )
    featured = (
        FeaturedStory.objects.filter(front_page__site__root_page_id=home_page_id, article__in=shown)
        .filter(Q(until=None) | Q(until__gt=now))
        .values_list(Coalesce("sort_order", 0), "article_id", "until")
        .order_by()
    )
    pins = sorted(lead.union(featured, all=True), key=lambda row: (row[0], row[1]))
    lead_id = next((pk for place, pk, _ in pins if place == _LEAD), None)
    featured_ids: list[int] = []
    untils = []
    for place, pk, until in pins:
        if place == _LEAD:
            untils.append(until)
        elif pk != lead_id and pk not in featured_ids and len(featured_ids) < FEATURED_LIMIT:
            featured_ids.append(pk)
            untils.append(until)
    changes_at = min((until for until in untils if until is not None), default=None)
    if lead_id is not None:
        return FrontPageStories(lead_id, tuple(featured_ids), True, changes_at)
    newest = (
        articles.exclude(main_image=None)
        .exclude(pk__in=featured_ids)
        .values_list("pk", flat=True)
        .first()
    )
    return FrontPageStories(newest, tuple(featured_ids), False, changes_at)


@dataclass(frozen=True)
class Banner:
    """The «Срочно» banner as readers see it."""

    pk: int
    text: str
    until: datetime
    #: The article it links to (a copy per caller: templates may set attributes on it).
    article: Any


@dataclass(frozen=True)
class _CurrentBanner:
    banner: Banner | None
    #: The article of the banner set, shown or not (its publication changes the answer).
    article_id: int | None
    #: When the answer changes by itself (the banner's expiry).
    changes_at: datetime | None


def urgent_banner(*, now: datetime | None = None) -> Banner | None:
    """The «Срочно» banner shown at ``now``: the one set, unexpired, whose article is
    published and public; ``None`` when there is none.

    Declares :data:`~polosa.newsroom.keys.URGENT` (setting or removing a banner) and the
    key of the banner's article (its publication, unpublication, headline or URL).
    Remembered under them and ``site`` (view restrictions) until its expiry, so pages
    rendered in place (editors, the page cache off) ask the database once per change."""
    now = now or timezone.now()
    surrogate.declare(URGENT)
    store = taggedcache.store()
    current = store.get(URGENT_NAME)
    if current is None or (current.changes_at is not None and now >= current.changes_at):
        started_at = time.time()
        current = _current_banner(now)
        keys = {URGENT, surrogate.SITE}
        timeout = REMEMBER_SECONDS
        if current.article_id is not None:
            keys.add(surrogate.article(current.article_id))
        if current.changes_at is not None:
            timeout = min(timeout, max(1.0, (current.changes_at - now).total_seconds()))
        store.set(URGENT_NAME, current, keys=keys, timeout=timeout, started_at=started_at)
    if current.article_id is not None:
        surrogate.declare(surrogate.article(current.article_id))
    if current.banner is None:
        return None
    return replace(current.banner, article=copy.copy(current.banner.article))


def _current_banner(now: datetime) -> _CurrentBanner:
    from polosa.news import listing
    from polosa.newsroom.models import UrgentBanner

    shown = listing.published_articles().filter(pk=OuterRef("article_id"))
    row = (
        UrgentBanner.objects.filter(until__gt=now)
        .annotate(shown=Exists(shown))
        .select_related("article")
        .defer("article__body")
        .first()
    )
    if row is None:
        return _CurrentBanner(None, None, None)
    banner = Banner(row.pk, row.text, row.until, row.article) if row.shown else None
    return _CurrentBanner(banner, row.article_id, row.until)
