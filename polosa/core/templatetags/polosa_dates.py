"""Template filters around :mod:`polosa.core.dates`, in the site's time zone.

A filter whose text reads relative to today (``сегодня, 18:50``; a date without its year)
declares the last day it stays true (:func:`polosa.core.surrogate.day`), so the page
showing it is not kept past that midnight."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from polosa.core import dates, surrogate

register = template.Library()


def true_through(last: date | None) -> None:
    """Declare that the response being built reads as it does only until the end of
    ``last`` (nothing when ``None``)."""
    if last is not None:
        surrogate.declare(surrogate.day(last))


@register.filter
def ru_published(moment: datetime | None) -> str:
    """``{{ article.published_at|ru_published }}`` → ``25 февраля, 18:50``."""
    if moment is None:
        return ""
    now, zone = timezone.now(), timezone.get_current_timezone()
    true_through(dates.published_true_through(moment, now, zone))
    return dates.format_published(moment, now, zone)


@register.filter
def ru_teaser(moment: datetime | None) -> str:
    """``{{ article.published_at|ru_teaser }}`` → ``18:50, 25 февраля 2026`` in other years."""
    if moment is None:
        return ""
    now, zone = timezone.now(), timezone.get_current_timezone()
    true_through(dates.published_true_through(moment, now, zone))
    return dates.format_teaser(moment, now, zone)


@register.filter
def ru_card(moment: datetime | None) -> str:
    """``{{ article.shown_published_at|ru_card }}`` → ``сегодня, 18:50``, ``вчера, 18:50``,
    ``22 ноября, 08:46``: the one form of every card and list item."""
    if moment is None:
        return ""
    now, zone = timezone.now(), timezone.get_current_timezone()
    true_through(dates.card_true_through(moment, now, zone))
    return dates.format_card(moment, now, zone)


@register.filter
def ru_date(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return dates.format_date(moment, timezone.get_current_timezone())
