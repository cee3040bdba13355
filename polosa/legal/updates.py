"""Scheduled registry updates: fetch a source, judge the copy, import only a good one, report.

A copy is good when it arrives (HTTP 200 within the timeout, not larger than an upload may
be), parses in its official format, and does not lose more than the source's
``max_drop_percent`` of the entries now held for its registry (a truncated download or a
half-built page would otherwise wipe the labels of every excluded name). A good copy goes
through :func:`polosa.legal.registry.import_entries`, the path of every import; a copy
identical to the last good one only renews the registry's freshness. Anything else leaves
the registry as it is. Every check is a :class:`~polosa.legal.models.RegistryUpdate`: what
came, what was done, the new entries, the exclusions and the published articles that now
need a mark.
"""

from __future__ import annotations

import hashlib
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from polosa.legal import conf, engine, registry

logger = logging.getLogger(__name__)

#: At most this many articles are listed in a report (all of them are counted).
REPORT_ARTICLES = 200


class FetchFailed(Exception):
    """The copy did not arrive; the message (Russian) says why."""


def fetch(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """The body of ``url`` (GET), or :class:`FetchFailed` for anything but a whole 200."""
    request = urllib.request.Request(url, headers={"User-Agent": "Polosa registry update"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise FetchFailed(
            gettext("сервер ответил %(status)s %(reason)s")
            % {"status": error.code, "reason": error.reason}
        ) from None
    except TimeoutError:
        raise FetchFailed(
            gettext("сервер не ответил за %(seconds)s с") % {"seconds": timeout}
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchFailed(
                gettext("сервер не ответил за %(seconds)s с") % {"seconds": timeout}
            ) from None
        raise FetchFailed(
            gettext("не удалось соединиться: %(error)s") % {"error": error.reason}
        ) from None
    except (OSError, ValueError) as error:  # a dropped connection, a bad address
        raise FetchFailed(
            gettext("не удалось получить файл: %(error)s") % {"error": error}
        ) from None
    if len(data) > max_bytes:
        raise FetchFailed(gettext("файл больше %(limit)d МБ") % {"limit": max_bytes // 2**20})
    return data


@dataclass(frozen=True)
class Changes:
    """What a new copy changes in its registry, by entry."""

    added: list[engine.RegistryEntry]
    excluded: list[engine.RegistryEntry]

    @classmethod
    def between(
        cls, old: list[engine.RegistryEntry], new: list[engine.RegistryEntry], today: date
    ) -> Changes:
        before = {e.id: e for e in old}
        after = {e.id for e in new}

        def excluded_now(entry: engine.RegistryEntry) -> bool:
            return entry.excluded_on is not None and entry.excluded_on <= today

        added = [e for e in new if e.id not in before and not excluded_now(e)]
        excluded = [
            e for e in new if excluded_now(e) and e.id in before and not excluded_now(before[e.id])
        ]
        # Gone from the list altogether: excluded too, as far as the labels go.
        excluded += [e for e in old if e.id not in after and not excluded_now(e)]
        return cls(added=added, excluded=excluded)


def check_source(source) -> object:
    """Fetch ``source`` once, import the copy if it is good, and return the report row."""
    from polosa.legal.forms import MAX_UPLOAD_BYTES
    from polosa.legal.importers import parse_file
    from polosa.legal.models import RegistryEntry, RegistryUpdate

    Status = RegistryUpdate.Status

    def report(status: str, message: str, **fields) -> RegistryUpdate:
        row = RegistryUpdate.objects.create(source=source, status=status, message=message, **fields)
        level = logging.INFO if status in (Status.IMPORTED, Status.UNCHANGED) else logging.WARNING
        logger.log(
            level, "legal registry update %s (%s): %s — %s", source, source.url, status, message
        )
        return row

    try:
        data = fetch(source.url, timeout=conf.fetch_timeout(), max_bytes=MAX_UPLOAD_BYTES)
    except FetchFailed as failure:
        return report(Status.FAILED, str(failure))
    digest = hashlib.sha256(data).hexdigest()
    try:
        entries, replaces = parse_file(source.fmt, data)
    except engine.RegistryFormatError as error:
        return report(Status.REFUSED, gettext("копия не читается: %(error)s") % {"error": error})
    kinds = [replaces] if replaces else sorted({e.kind for e in entries})
    old = [row.to_engine() for row in RegistryEntry.objects.filter(kind__in=kinds)]
    if old and len(entries) < len(old) * (100 - source.max_drop_percent) / 100:
        return report(
            Status.REFUSED,
            gettext(
                "в копии %(new)d записей против %(old)d в прежней: убыль больше %(limit)d %% — "
                "похоже на обрезанный файл"
            )
            % {"new": len(entries), "old": len(old), "limit": source.max_drop_percent},
            rows=len(entries),
        )
    now = timezone.now()
    if digest == source.last_good_digest:
        registry.record_copy(kinds, entries, source_name=source.url, taken_at=now)
        _remember_good(source, digest, now)
        return report(Status.UNCHANGED, gettext("копия совпадает с прежней"), rows=len(entries))
    changes = Changes.between(old, entries, timezone.localdate())
    try:
        with transaction.atomic():
            result = registry.import_entries(
                entries, kinds=kinds, source_name=source.url, taken_at=now
            )
            _remember_good(source, digest, now)
    except registry.RegistryImportError as error:
        return report(
            Status.REFUSED, gettext("копия не импортирована: %(error)s") % {"error": error}
        )
    articles, total = articles_to_mark(changes.added)
    return report(
        Status.IMPORTED,
        gettext("записей %(rows)d: новых %(created)d, изменено %(updated)d, удалено %(deleted)d")
        % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "deleted": result.deleted,
        },
        rows=result.rows,
        added=[_described(e) for e in changes.added],
        excluded=[_described(e) for e in changes.excluded],
        articles=articles,
        articles_total=total,
    )


def _remember_good(source, digest: str, at) -> None:
    type(source).objects.filter(pk=source.pk).update(last_good_digest=digest, last_good_at=at)
    source.last_good_digest, source.last_good_at = digest, at


def _described(entry: engine.RegistryEntry) -> dict:
    return {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "excluded_on": entry.excluded_on.isoformat() if entry.excluded_on else None,
    }


def articles_to_mark(added: list[engine.RegistryEntry]) -> tuple[list[dict], int]:
    """The published articles that mention a new entry (sure or uncertain), as the archive
    rescan will mark or queue them: ``[{"id", "title", "entries"}]`` and how many in all."""
    if not added:
        return [], 0
    from polosa.legal import gate
    from polosa.news.models import ArticlePage

    matcher = engine.compile_entries(registry.engine_entries(added))
    names = {e.id: e.name for e in added}
    found: list[dict] = []
    total = 0
    for article in (
        ArticlePage.objects.live().order_by("-published_at", "pk").iterator(chunk_size=100)
    ):
        mentioned = sorted({m.entry_id for m in matcher.scan(gate.article_html(article))})
        if not mentioned:
            continue
        total += 1
        if len(found) < REPORT_ARTICLES:
            found.append(
                {
                    "id": article.pk,
                    "title": article.title,
                    "entries": [names[entry_id] for entry_id in mentioned],
                }
            )
    return found, total


def due_sources(now=None):
    from polosa.legal.models import RegistrySource

    now = now or timezone.now()
    return RegistrySource.objects.filter(enabled=True).exclude(next_check_at__gt=now)


def claim(source, now=None) -> bool:
    """Take a due source for one check (one worker wins however many look at once)."""
    now = now or timezone.now()
    claimed = (
        type(source)
        .objects.filter(pk=source.pk, next_check_at=source.next_check_at)
        .update(next_check_at=now + timedelta(hours=max(1, source.interval_hours)))
    )
    return bool(claimed)
