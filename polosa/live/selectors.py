"""What readers get of a live blog: its visible entries, labelled, typeset, newest first.

Each entry's title and body go through the legal engine as the article's text does (with
the blog's review decisions); an entry with an undecided mention is left out until the
reviewer decides. The page and the poll endpoint render entries with the same template.
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
from polosa.live import times
from polosa.live.models import LiveBlogPage, LiveEntry

#: How many entries the poll endpoint sends at most (a reader far behind reloads).
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


@dataclass(frozen=True)
class ReaderView:
    entries: list[ShownEntry]
    key_events: list[ShownEntry]
    people: list = field(default_factory=list)

    @property
    def poll_seconds(self) -> float:
        from django.conf import settings

        return settings.POLOSA_LIVE_POLL_SECONDS

    @property
    def latest_pk(self) -> int:
        return max((entry.pk for entry in self.entries), default=0)


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


def visible_entries(blog_id: int, *, after: int = 0, limit: int | None = None) -> list[ShownEntry]:
    """The blog's entries readers may see, newest first; ``after`` keeps those added after
    the entry with that id (what a polling reader does not have yet)."""
    from polosa.live.services import entries_key

    surrogate.declare(surrogate.article(blog_id), entries_key(blog_id))
    rows = LiveEntry.objects.filter(blog_id=blog_id).select_related("author")
    if after:
        rows = rows.filter(pk__gt=after)
    if limit:
        rows = rows[:limit]
    now, zone = timezone.now(), timezone.get_current_timezone()
    return [item for item in (shown(row, now, zone) for row in rows) if item is not None]


def reader_view(blog: LiveBlogPage) -> ReaderView:
    entries = visible_entries(blog.pk)
    mentioned = people.named_in([entry.html for entry in entries]) if entries else []
    return ReaderView(
        entries=entries,
        key_events=[entry for entry in entries if entry.key_event],
        people=mentioned,
    )
