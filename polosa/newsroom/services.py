"""Writes of the newsroom that readers see: the front page's choice and the urgent banner.

Each names what it changes for the purge (:mod:`polosa.newsroom.keys`) and purges only
that: saving the front page purges the home page (which declares ``front-page``), setting
or removing the banner purges its fragment (``urgent``), not the pages that include it.
Each also queues a purge at every expiry it sets (:func:`polosa.newsroom.tasks.purge_at`),
so a stored page or fragment does not outlive what it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from polosa.core.purge import purge_keys
from polosa.newsroom.keys import FRONT_PAGE, URGENT

logger = logging.getLogger(__name__)

#: How long a banner stays when the editor does not say.
URGENT_DEFAULT_DURATION = timedelta(hours=2)


def front_page_changed(front_page, *, reason: str = "front page changed") -> None:
    """The editors saved «Первая полоса» (the admin's setting screen or
    :func:`front_page_set`): the home page shows other stories."""
    purge_keys({FRONT_PAGE}, reason=reason)
    purge_at_expiries(FRONT_PAGE, front_page.untils())


def front_page_set(
    *,
    site,
    lead=None,
    lead_until: datetime | None = None,
    featured: Iterable[tuple[object, datetime | None]] = (),
    reason: str = "front page set",
):
    """Pin ``lead`` (``None``: the newest with a picture leads) and the ``featured``
    ``(article, until)`` pairs, in order, on ``site``'s home page; returns the choice."""
    from polosa.newsroom.models import FeaturedStory, FrontPage

    with transaction.atomic():
        front_page = FrontPage.for_site(site)
        front_page.lead = lead
        front_page.lead_until = lead_until if lead is not None else None
        front_page.featured = [
            FeaturedStory(article=article, until=until, sort_order=number)
            for number, (article, until) in enumerate(featured)
        ]
        front_page.save()
        front_page_changed(front_page, reason=reason)
    return front_page


def urgent_set(
    *,
    article,
    text: str = "",
    until: datetime | None = None,
    user=None,
    now: datetime | None = None,
    reason: str = "urgent banner set",
):
    """Put up the «Срочно» banner for ``article`` (the headline unless ``text`` says
    otherwise) until ``until`` (two hours from ``now`` unless given), in place of any
    other; returns it."""
    from polosa.newsroom.models import UrgentBanner

    now = now or timezone.now()
    until = until or now + URGENT_DEFAULT_DURATION
    with transaction.atomic():
        UrgentBanner.objects.all().delete()
        banner = UrgentBanner.objects.create(
            article=article,
            text=(text or article.title).strip(),
            until=until,
            set_at=now,
            set_by=user if user is not None and user.is_authenticated else None,
        )
        purge_keys({URGENT}, reason=reason)
        purge_at_expiries(URGENT, [until])
    return banner


def urgent_remove(*, reason: str = "urgent banner removed") -> bool:
    """Take the banner down; ``False`` if there was none."""
    from polosa.newsroom.models import UrgentBanner

    with transaction.atomic():
        removed, _ = UrgentBanner.objects.all().delete()
        if removed:
            purge_keys({URGENT}, reason=reason)
    return bool(removed)


def purge_at_expiries(key: str, moments: Iterable[datetime | None]) -> None:
    """Queue a purge of ``key`` at each moment still ahead.

    The task row is written in the caller's transaction (the database task backend), so
    the change and its expiry commit together. A moment the editor later changes still
    purges when it comes: one render more, never a page left showing what expired."""
    from polosa.newsroom.tasks import purge_at

    now = timezone.now()
    for moment in sorted({moment for moment in moments if moment is not None and moment > now}):
        try:
            purge_at.using(run_after=moment).enqueue(key, moment.isoformat())
        except Exception:
            logger.exception("could not queue the purge of %s at %s", key, moment.isoformat())
