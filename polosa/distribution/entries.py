"""Plain data for one feed item, and the JSON Feed 1.1 document built from it.

The Django side (:mod:`polosa.distribution.articles`) turns articles into :class:`Entry`
objects with a bounded number of queries; every feed format then reads only these. No
Django import here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Person:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Picture:
    """An absolute picture URL with what an enclosure needs."""

    url: str
    mime_type: str = "image/jpeg"
    length: int = 0
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class Entry:
    """One article as every feed sees it; text already passed through the legal labels."""

    guid: str
    url: str
    title: str
    summary_html: str
    summary_text: str
    published: datetime
    updated: datetime
    content_html: str = ""
    image: Picture | None = None
    pictures: tuple[Picture, ...] = ()
    tags: tuple[str, ...] = ()
    section: str = ""
    authors: tuple[Person, ...] = ()
    footnotes: tuple[str, ...] = field(default_factory=tuple)
    #: Correction notes as shown to readers («Исправлено 1 декабря, 18:20», text), newest
    #: first; already part of ``summary_html`` and ``content_html``.
    corrections: tuple[tuple[str, str], ...] = ()
    #: «18+»: for adults only (Dzen's ``media:rating`` says ``adult``).
    adult: bool = False


def rfc3339(moment: datetime) -> str:
    """``2026-02-25T18:50:00+03:00``: an ISO 8601 / RFC 3339 time with its offset."""
    if moment.tzinfo is None:
        raise ValueError("feed times must be aware")
    return moment.isoformat(timespec="seconds")


def json_feed_item(entry: Entry) -> dict:
    """A JSON Feed 1.1 item."""
    item: dict = {
        "id": entry.guid,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html or entry.summary_html,
        "summary": entry.summary_text,
        "date_published": rfc3339(entry.published),
        "date_modified": rfc3339(entry.updated),
    }
    if entry.image:
        item["image"] = entry.image.url
    tags = [entry.section, *entry.tags] if entry.section else list(entry.tags)
    if tags:
        item["tags"] = tags
    if entry.authors:
        item["authors"] = [_person(person) for person in entry.authors]
    return item


def _person(person: Person) -> dict:
    data = {"name": person.name}
    if person.url:
        data["url"] = person.url
    return data


def json_feed(
    *,
    title: str,
    home_page_url: str,
    feed_url: str,
    description: str,
    entries: list[Entry],
    language: str = "ru",
    icon: str = "",
) -> dict:
    """The whole JSON Feed 1.1 document."""
    document: dict = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": feed_url,
        "description": description,
        "language": language,
    }
    if icon:
        document["icon"] = icon
    document["items"] = [json_feed_item(entry) for entry in entries]
    return document
