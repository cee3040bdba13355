"""Every write of a live blog's entries: add, edit, delete.

Each write is one row (an insert, an update, a delete): two editors adding entries at the
same moment both keep theirs, and the page is never republished for an entry. What readers
see change is purged on commit, exactly: the blog's page (and every card and feed item
showing it, which declare its key) and its entries fragment. An uncertain legal mention is
recorded for the reviewer and the entry stays hidden until it is decided; a key event of a
blog that sends them goes to the Telegram channel once.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from polosa.core import surrogate
from polosa.core.purge import purge_keys
from polosa.live.models import LiveBlogPage, LiveEntry


def entries_key(blog_id: int) -> str:
    """The surrogate key of a live blog's entries fragment (``/_fragments/live/<id>/…``)."""
    return f"live-{blog_id}"


def blog_keys(blog_id: int) -> set[str]:
    """What an entry write changes for readers: the blog's page and everything showing it
    (its cards and feed items declare ``article-<id>``), and its entries fragment."""
    return {surrogate.article(blog_id), entries_key(blog_id)}


def telegram_subject(entry_id: int) -> str:
    """The outbox subject of a key event's own post."""
    return f"live-entry-{entry_id}"


def add_entry(
    blog: LiveBlogPage,
    *,
    body=(),
    title: str = "",
    author=None,
    key_event: bool = False,
    shown_at=None,
    user=None,
) -> LiveEntry:
    """Add an entry to ``blog`` (``body`` in StreamField's ``(block, value)`` or stored form)."""
    entry = LiveEntry(
        blog=blog,
        title=title,
        body=list(body),
        author=author,
        key_event=key_event,
        shown_at=shown_at or timezone.now(),
    )
    return save_entry(entry, user=user)


def save_entry(entry: LiveEntry, *, user=None) -> LiveEntry:
    """Insert or update one entry (the admin's forms pass their instance here)."""
    with transaction.atomic():
        entry.apply_typography()
        if entry.pk is None and getattr(user, "is_authenticated", False):
            entry.created_by = user
        entry.save()
        _blog_touched(entry.blog_id, entry.updated_at)
        record_pending_reviews(entry)
        purge_keys(blog_keys(entry.blog_id), reason="live entry saved")
        if entry.key_event:
            transaction.on_commit(partial(send_key_event, entry.pk))
    return entry


def delete_entry(entry: LiveEntry, *, user=None) -> None:
    blog_id, entry_id = entry.blog_id, entry.pk
    with transaction.atomic():
        entry.delete()
        _blog_touched(blog_id, timezone.now())
        purge_keys(blog_keys(blog_id), reason="live entry deleted")
        transaction.on_commit(partial(withdraw_key_event, blog_id, entry_id))


def _blog_touched(blog_id: int, moment) -> None:
    """«Обновлено» and the feeds' ``updated``: the blog's row only, no revision."""
    from polosa.news.models import ArticlePage

    ArticlePage.objects.filter(pk=blog_id).update(updated_at=moment)


def record_pending_reviews(entry: LiveEntry) -> list:
    """Uncertain mentions in the entry become the blog's pending reviews (the reviewer's
    queue); the entry is shown once none of them is pending (:mod:`polosa.live.selectors`)."""
    from polosa.legal import gate
    from polosa.live import selectors

    labelled = selectors.label_entry(entry)
    return gate.record_pending(entry.blog, labelled.unresolved)


def send_key_event(entry_id: int) -> None:
    """Queue the key event's own post once, when its blog sends them and readers see it."""
    from polosa.distribution import telegram
    from polosa.live import selectors

    entry = LiveEntry.objects.select_related("blog").filter(pk=entry_id).first()
    if entry is None or not entry.key_event or not entry.blog.telegram_key_events:
        return
    if not selectors.is_shown(entry):
        return  # waits for the legal reviewer; sent after the decision
    telegram.subject_published(entry.blog_id, telegram_subject(entry.pk))


def withdraw_key_event(blog_id: int, entry_id: int) -> None:
    from polosa.distribution import telegram

    telegram.subject_withdrawn(blog_id, telegram_subject(entry_id))


def reviews_decided(blog_id: int) -> None:
    """A legal decision on the blog: key events it held back may go out now."""
    ids = LiveEntry.objects.filter(blog_id=blog_id, key_event=True).values_list("pk", flat=True)
    for entry_id in ids:
        send_key_event(entry_id)
