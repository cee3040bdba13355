"""What readers get of a live blog: its visible entries, labelled, typeset, newest first,
and what changed after a version a reader has.

Each entry's title and body go through the legal engine as the article's text does (with
the blog's review decisions); an entry with an undecided mention is left out until the
reviewer decides. The page and the poll endpoint render entries (and their line in the
key events' summary) with the same templates. Entry times read relative to today
(``18:50``), so what shows them declares the day they stay true for
(:func:`polosa.core.surrogate.day`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polosa import legal, people
from polosa.core import surrogate
from polosa.core.templatetags.polosa_dates import true_through
from polosa.live import times
from polosa.live.models import LiveBlogPage, LiveEntry, RemovedEntry

#: How many changed entries the poll endpoint sends at most (a reader further behind, or
#: after a legal decision that touches every entry, is told to reload).
POLL_LIMIT = 50


@dataclass(frozen=True)
class ShownEntry:
    pk: int
    anchor: str
    shown_at: datetime
    updated_at: datetime
    time_label: str
    title: str
    title_html: SafeString
    html: SafeString
    footnotes_html: SafeString
    plaque: str
    key_event: bool
    author: object | None

    def render(self) -> SafeString:
        return mark_safe(render_to_string("live/_entry.html", {"entry": self}))

    def render_summary_item(self) -> SafeString:
        """Its line in the key events' summary (only for a key event)."""
        return mark_safe(render_to_string("live/_summary_item.html", {"entry": self}))


@dataclass(frozen=True)
class ReaderView:
    entries: list[ShownEntry]
    key_events: list[ShownEntry]
    people: list = field(default_factory=list)
    #: The blog's version the page shows: its poll asks for the changes after it. Never
    #: above the entries read (a lower one only sends a reader what it has again).
    version: int = 0

    @property
    def poll_seconds(self) -> float:
        from django.conf import settings

        return settings.POLOSA_LIVE_POLL_SECONDS


@dataclass(frozen=True)
class Changes:
    """What a reader at some version lacks: entries added or changed since (shown ones),
    the ids of those to take away (deleted, or now waiting for the legal reviewer), and the
    version that brings it up to date. ``complete`` is false when there are more changes
    than one answer carries: the reader reloads the page. ``people`` are those the changed
    entries name, for the block of people under the blog (the reader adds the ones missing;
    one who is no longer named stays until a reload)."""

    version: int
    entries: list[ShownEntry]
    removed: list[int]
    complete: bool = True
    people: list = field(default_factory=list)


#: Between an entry's title and body while they are marked as one text (a block tag, so
#: no name runs from the title into the body; the title is escaped text, so the first one
#: in the marked HTML is always this one).
TITLE_BREAK = '<hr data-polosa-live-title="">'


def entry_html(entry: LiveEntry) -> str:
    """The entry's title (escaped) and rendered body: the one text that is marked."""
    return f"{escape(entry.title)}{TITLE_BREAK}{entry.body.render_as_block()}"


def label_entry(entry: LiveEntry):
    """The entry marked as the blog's article text is: its review decisions apply."""
    return legal.label_html(entry_html(entry), article=SimpleNamespace(pk=entry.blog_id))


#: Between the blog's headline and the entry in the text a key event's post marks.
HEADLINE_BREAK = '<hr data-polosa-live-headline="">'


@dataclass(frozen=True)
class KeyEventText:
    """A key event's post as marked: the blog's headline and the entry's title and body
    (HTML, with their stars), the footnotes of both, and whether a mention in the entry
    still waits for the reviewer."""

    headline_html: str
    html: str
    footnotes: tuple
    waiting: bool


def label_key_event(blog, entry: LiveEntry) -> KeyEventText:
    """The blog's headline and the entry marked as one text, as an article's post marks its
    headline and lead: stars numbered from the headline on, one footnote per entity, the
    blog's review decisions applied."""
    headline = escape(blog.title)
    labelled = legal.label_html(
        f"{headline}{HEADLINE_BREAK}{entry_html(entry)}", article=SimpleNamespace(pk=blog.pk)
    )
    headline_html, _, html = labelled.html.partition(HEADLINE_BREAK)
    entry_start = len(headline) + len(HEADLINE_BREAK)
    return KeyEventText(
        headline_html=headline_html,
        html=html,
        footnotes=tuple(labelled.footnotes),
        waiting=any(m.start >= entry_start for m in labelled.unresolved),
    )


def is_shown(entry: LiveEntry) -> bool:
    return not label_entry(entry).unresolved


def shown(entry: LiveEntry, now: datetime, zone) -> ShownEntry | None:
    labelled = label_entry(entry)
    if labelled.unresolved:
        return None
    title_html, _, body_html = labelled.html.partition(TITLE_BREAK)
    author = entry.author
    plaque = legal.plaque_for(SimpleNamespace(author_list=[author] if author else []))
    if author is not None:
        surrogate.declare(surrogate.author(author.pk))
    true_through(times.true_through(entry.shown_at, now, zone))
    return ShownEntry(
        pk=entry.pk,
        anchor=entry.anchor,
        shown_at=entry.shown_at,
        updated_at=entry.updated_at,
        time_label=times.entry_time(entry.shown_at, now, zone),
        title=entry.title,
        title_html=mark_safe(title_html),
        html=mark_safe(body_html),
        footnotes_html=mark_safe(labelled.footnotes_html or ""),
        plaque=plaque,
        key_event=entry.key_event,
        author=author,
    )


def entry_rows(blog_id: int):
    """The blog's entries with their authors, newest first; what the page or poll showing
    them depends on is declared."""
    from polosa.live.services import entries_key

    surrogate.declare(surrogate.article(blog_id), entries_key(blog_id))
    return LiveEntry.objects.filter(blog_id=blog_id).select_related("author")


def shown_of(rows) -> list[ShownEntry]:
    now, zone = timezone.now(), timezone.get_current_timezone()
    return [item for item in (shown(row, now, zone) for row in rows) if item is not None]


def visible_entries(blog_id: int) -> list[ShownEntry]:
    """The blog's entries readers may see, newest first."""
    return shown_of(entry_rows(blog_id))


def changes_since(blog_id: int, version: int) -> Changes:
    """What a reader showing ``version`` of the blog lacks (:class:`Changes`): one query
    for the entries written after it, one for those deleted after it."""
    rows = list(entry_rows(blog_id).filter(version__gt=version)[: POLL_LIMIT + 1])
    if len(rows) > POLL_LIMIT:
        return Changes(version=version, entries=[], removed=[], complete=False)
    deleted = list(
        RemovedEntry.objects.filter(blog_id=blog_id, version__gt=version).values_list(
            "entry_id", "version"
        )
    )
    entries = shown_of(rows)
    visible = {entry.pk for entry in entries}
    held = {row.pk for row in rows if row.pk not in visible}
    return Changes(
        version=max([version, *(row.version for row in rows), *(v for _, v in deleted)]),
        entries=entries,
        removed=sorted(held | {entry_id for entry_id, _ in deleted}),
        people=people.named_in([entry.html for entry in entries]) if entries else [],
    )


def reader_view(blog: LiveBlogPage) -> ReaderView:
    rows = list(entry_rows(blog.pk))
    entries = shown_of(rows)
    mentioned = people.named_in([entry.html for entry in entries]) if entries else []
    return ReaderView(
        entries=entries,
        key_events=[entry for entry in entries if entry.key_event],
        people=mentioned,
        version=max((row.version for row in rows), default=0),
    )
