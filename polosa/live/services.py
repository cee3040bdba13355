"""Every write of a live blog's entries: add, edit, delete.

Each write is one row (an insert, an update, a delete) and takes the blog's next version
(:func:`_next_version`): two editors adding entries at the same moment both keep theirs, the
page is never republished for an entry, and polling readers get every change in order. What
readers see change is purged on commit, exactly: the blog's page (and every card and feed
item showing it, which declare its key) and its entries fragment. An uncertain legal mention
is recorded for the reviewer and the entry stays hidden until it is decided; a key event of
a blog that sends them goes to the Telegram channel once, is edited with its entry and
withdrawn when it is deleted or no longer a key event.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from polosa.core import surrogate
from polosa.core.purge import purge_keys
from polosa.live.models import LiveBlogPage, LiveEntry, RemovedEntry
from polosa.news.signals import article_updated


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
        moment = timezone.now()
        version = _next_version(entry.blog_id, moment)
        entry.apply_typography()
        if entry.pk is None and getattr(user, "is_authenticated", False):
            entry.created_by = user
        entry.updated_at, entry.version = moment, version
        entry.save()
        record_pending_reviews(entry)
        purge_keys(blog_keys(entry.blog_id), reason="live entry saved")
        article_updated.send(sender=LiveBlogPage, article_id=entry.blog_id)
        transaction.on_commit(partial(key_event_changed, entry.blog_id, entry.pk))
    return entry


def delete_entry(entry: LiveEntry, *, user=None) -> None:
    """Delete one entry; readers who have it are told by their next poll (a
    :class:`~polosa.live.models.RemovedEntry` with the blog's next version)."""
    blog_id, entry_id = entry.blog_id, entry.pk
    with transaction.atomic():
        version = _next_version(blog_id, timezone.now())
        RemovedEntry.objects.create(blog_id=blog_id, entry_id=entry_id, version=version)
        entry.delete()
        purge_keys(blog_keys(blog_id), reason="live entry deleted")
        article_updated.send(sender=LiveBlogPage, article_id=blog_id)
        transaction.on_commit(partial(withdraw_key_event, blog_id, entry_id))


def entries_relabelled(blog_id: int) -> None:
    """A legal decision on the blog (or a registry change) may change how any entry is
    marked or release one held for the reviewer: every entry takes the next version, so
    polling readers get them again; key events held back may go out now. Nothing for an
    article that is not a live blog (one query)."""
    if not LiveBlogPage.objects.filter(pk=blog_id).exists():
        return
    with transaction.atomic():
        version = _next_version(blog_id)
        LiveEntry.objects.filter(blog_id=blog_id).update(version=version)
        purge_keys(blog_keys(blog_id), reason="live entries relabelled")
    reviews_decided(blog_id)


def entries_rescanned(entry_ids=()) -> int:
    """After a registry change (the archive's rescan has run, which reads articles' own text
    only): the entries of published live blogs are marked anew. An uncertain mention of a
    changed registry entry waits for the reviewer, as an article's does (until then the
    entry is hidden); a blog whose entries mention one takes a new version, so polling
    readers get its entries again. ``entry_ids`` empty: every registry entry. Returns how
    many blogs changed."""
    from polosa.legal import gate
    from polosa.live import selectors

    wanted = set(entry_ids)
    changed: dict[int, LiveBlogPage] = {}
    rows = LiveEntry.objects.filter(blog__live=True).select_related("blog").order_by("pk")
    for entry in rows.iterator(chunk_size=500):
        labelled = selectors.label_entry(entry)
        if not any(not wanted or m.entry_id in wanted for m in labelled.mentions):
            continue
        unresolved = [m for m in labelled.unresolved if not wanted or m.entry_id in wanted]
        gate.record_pending(entry.blog, unresolved)
        changed[entry.blog_id] = entry.blog
    for blog_id in changed:
        entries_relabelled(blog_id)
    return len(changed)


def _next_version(blog_id: int, moment=None) -> int:
    """The blog's next version, with the blog's row locked until the transaction ends.

    The lock is an update of the row (on PostgreSQL a row lock, on SQLite the database's
    write lock), so writes of one blog follow each other and their versions become visible
    in the order they were taken: a reader who has version ``n`` can never later miss a
    change numbered ``n`` or lower. With ``moment``, the update is the blog's «обновлено»
    (and the feeds' ``updated``): the blog's row only, no revision."""
    from polosa.news.models import ArticlePage

    ArticlePage.objects.filter(pk=blog_id).update(
        updated_at=moment if moment is not None else F("updated_at")
    )
    entries = LiveEntry.objects.filter(blog_id=blog_id).aggregate(top=Max("version"))["top"]
    removed = RemovedEntry.objects.filter(blog_id=blog_id).aggregate(top=Max("version"))["top"]
    return max(entries or 0, removed or 0) + 1


def record_pending_reviews(entry: LiveEntry) -> list:
    """Uncertain mentions in the entry become the blog's pending reviews (the reviewer's
    queue); the entry is shown once none of them is pending (:mod:`polosa.live.selectors`)."""
    from polosa.legal import gate
    from polosa.live import selectors

    labelled = selectors.label_entry(entry)
    return gate.record_pending(entry.blog, labelled.unresolved)


def key_event_changed(blog_id: int, entry_id: int) -> None:
    """After a write: the entry's own post follows it. Still a key event: queued once, or
    its sent post edited (:func:`polosa.distribution.telegram.subject_published`); no longer
    one (or gone): withdrawn."""
    is_key_event = LiveEntry.objects.filter(pk=entry_id, key_event=True).exists()
    if is_key_event:
        send_key_event(entry_id)
    else:
        withdraw_key_event(blog_id, entry_id)


def send_key_event(entry_id: int) -> None:
    """Queue the key event's own post once (or edit the one sent), when its blog sends them
    and readers see it."""
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
    """A legal decision on the blog: key events it held back may go out now (and those
    already sent are edited by the relabelling itself)."""
    ids = LiveEntry.objects.filter(blog_id=blog_id, key_event=True).values_list("pk", flat=True)
    for entry_id in ids:
        send_key_event(entry_id)
