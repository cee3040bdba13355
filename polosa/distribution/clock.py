"""The outbox's notion of "now", in one place so tests can move time forward."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
