"""Template filters for the staff sign-in pages."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(delta: timedelta | None) -> str:
    """A span of time in words, in the active language («15 минут», «1 час»), by Django's
    own ``timeuntil`` and its translations."""
    if not delta:
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
