"""Template filters around :mod:`polosa.core.dates`, in the site's time zone."""

from datetime import datetime

from django import template
from django.utils import timezone

from polosa.core import dates

register = template.Library()


@register.filter
def ru_published(moment: datetime | None) -> str:
    """``{{ article.published_at|ru_published }}`` → ``25 февраля, 18:50``."""
    if moment is None:
        return ""
    return dates.format_published(moment, timezone.now(), timezone.get_current_timezone())


@register.filter
def ru_teaser(moment: datetime | None) -> str:
    """``{{ article.published_at|ru_teaser }}`` → ``18:50, 25 февраля 2026`` in other years."""
    if moment is None:
        return ""
    return dates.format_teaser(moment, timezone.now(), timezone.get_current_timezone())


@register.filter
def ru_card(moment: datetime | None) -> str:
    """``{{ article.shown_published_at|ru_card }}`` → ``сегодня, 18:50``, ``вчера, 18:50``,
    ``22 ноября, 08:46``: the one form of every card and list item."""
    if moment is None:
        return ""
    return dates.format_card(moment, timezone.now(), timezone.get_current_timezone())


@register.filter
def ru_date(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return dates.format_date(moment, timezone.get_current_timezone())
