"""The registry service: engine entries from the database, the per-process matcher, the
version every worker checks, freshness, and imports that replace a kind in one transaction.

Read path: :func:`current` costs one cache ``get`` per call while the registry is unchanged.
The database is read only when the version moved (or the cached version expired), and then
the engine loads the compiled matcher from its disk cache keyed by the registry digest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from polosa.core import surrogate, taggedcache
from polosa.core.purge import purge_keys
from polosa.legal import conf, engine
from polosa.legal.engine import overrides as overrides_engine
from polosa.legal.engine.outlet import labelled_entries

logger = logging.getLogger(__name__)

VERSION_NAME = "legal-registry-version"
#: A bound on how long a process trusts the stored version should a purge be lost.
VERSION_CACHE_SECONDS = 300

LABELLED_KINDS = ("foreign_agent", "undesirable", "extremist", "terrorist", "rosfinmonitoring")


class RegistryImportError(Exception):
    """A registry file cannot be imported; the message says where and why."""


@dataclass
class Loaded:
    """What one process knows about the registry at one version."""

    version: int
    matcher: engine.Matcher
    taken_at: dict[str, datetime] = field(default_factory=dict)
    entries: dict[str, engine.RegistryEntry] = field(default_factory=dict)
    #: Whether any foreign agent is labelled (else no plaque check, no author query).
    foreign_agents: bool = False
    #: The articles' overrides (:class:`~polosa.legal.models.MentionOverride`) by article id:
    #: read with the registry, so marking an article costs no query of its own.
    overrides: dict[int, tuple[overrides_engine.Override, ...]] = field(default_factory=dict)
    digest: str = ""
    #: Blocked resources by key (:mod:`polosa.legal.engine.links`): their row ids.
    blocked: dict[str, int] = field(default_factory=dict)

    def overrides_for(self, article_id: int | None) -> tuple[overrides_engine.Override, ...]:
        return self.overrides.get(article_id, ()) if article_id else ()

    def status(self, now: datetime | None = None) -> dict[str, str]:
        return engine.registry_status(self.taken_at, now or timezone.now(), conf.freshness_window())


_lock = threading.Lock()
_loaded: Loaded | None = None
_state = threading.local()


def signals_suppressed() -> bool:
    """True inside :func:`import_entries`, which reports its change once, as a whole."""
    return getattr(_state, "importing", False)


# -- engine entries ---------------------------------------------------------------------


def engine_entries(rows: Iterable[engine.RegistryEntry], today: date | None = None):
    """The entries the outlet labels, after its settings (see
    :func:`polosa.legal.engine.outlet.labelled_entries`)."""
    return labelled_entries(rows, conf.outlet_settings(), today)


def db_entries() -> list[engine.RegistryEntry]:
    from polosa.legal.models import RegistryEntry

    return [row.to_engine() for row in RegistryEntry.objects.order_by("external_id")]


def compile_matcher(entries: list[engine.RegistryEntry]) -> engine.Matcher:
    return engine.compile_entries(entries, cache_dir=conf.cache_dir())


# -- version ------------------------------------------------------------------------------


def current_version() -> int:
    """The registry version, stored in the tagged cache until a registry change purges
    :data:`~polosa.core.surrogate.LEGAL_REGISTRY` (in every process and machine)."""
    from polosa.legal.models import RegistryState

    def read() -> int:
        state = RegistryState.objects.filter(pk=1).values_list("version", flat=True).first()
        return int(state or 1)

    return taggedcache.remember(
        VERSION_NAME, read, keys=[surrogate.LEGAL_REGISTRY], timeout=VERSION_CACHE_SECONDS
    )


def bump_version() -> int:
    """Move the version on: every process reloads its matcher on its next request."""
    from polosa.legal.models import RegistryState

    updated = RegistryState.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        RegistryState.objects.get_or_create(pk=1, defaults={"version": 2})
    version = RegistryState.objects.get(pk=1).version
    purge_keys({surrogate.LEGAL_REGISTRY}, reason="legal registry version")
    return version


def current() -> Loaded:
    """The matcher for the current registry version, loaded at most once per version."""
    global _loaded
    version = current_version()
    loaded = _loaded
    if loaded is not None and loaded.version == version:
        return loaded
    with _lock:
        if _loaded is not None and _loaded.version == version:
            return _loaded
        _loaded = load(version)
        return _loaded


def load(version: int) -> Loaded:
    from polosa.legal.models import RegistryImport

    rows = db_entries()
    entries = engine_entries(rows)
    digest = engine.registry_digest(entries)
    previous = _loaded
    if previous is not None and previous.digest == digest:
        matcher = previous.matcher  # only the overrides moved: no reload from disk
    else:
        matcher = compile_matcher(entries)
    taken_at = dict(
        RegistryImport.objects.values("kind").annotate(at=Max("taken_at")).values_list("kind", "at")
    )
    by_id = {e.id: e for e in entries}
    return Loaded(
        version=version,
        matcher=matcher,
        taken_at=taken_at,
        entries=by_id,
        foreign_agents=any(e.kind == "foreign_agent" for e in entries),
        overrides=db_overrides(),
        digest=digest,
        blocked=db_blocked(),
    )


def db_blocked() -> dict[str, int]:
    """The blocked resources' keys (one query)."""
    from polosa.legal.models import BlockedResource

    return dict(BlockedResource.objects.values_list("key", "pk"))


def db_overrides() -> dict[int, tuple[overrides_engine.Override, ...]]:
    """Every article's overrides, in the order they were made (one query)."""
    from polosa.legal.models import MentionOverride

    found: dict[int, list[overrides_engine.Override]] = {}
    rows = MentionOverride.objects.order_by("created_at", "pk").values_list(
        "article_id", "action", "entry__external_id", "phrase_key"
    )
    for article_id, action, entry_id, phrase in rows:
        found.setdefault(article_id, []).append(overrides_engine.Override(action, entry_id, phrase))
    return {article_id: tuple(items) for article_id, items in found.items()}


def forget() -> None:
    """Drop this process's matcher (tests, and after a change made in this process)."""
    global _loaded
    _loaded = None


# -- freshness ----------------------------------------------------------------------------


def freshness(now: datetime | None = None) -> dict[str, str]:
    """``fresh``/``unknown`` per labelled kind (never-imported kinds are ``unknown``)."""
    status = current().status(now)
    return {kind: status.get(kind, engine.UNKNOWN) for kind in LABELLED_KINDS}


def stale_kinds(now: datetime | None = None) -> list[str]:
    return [kind for kind, s in freshness(now).items() if s != engine.FRESH]


# -- changes ------------------------------------------------------------------------------


def registry_changed(entry_ids: Iterable[str] = (), reason: str = "") -> None:
    """After any registry change: new version, purge what marks the changed entries,
    rescan the archive.

    Pages that mark a changed entry declared its key and are purged at once. Articles that
    mention a new entry (or a new name of one) are not marked yet, so nothing declared it:
    the rescan finds them and purges them, and opens pending reviews for new uncertain
    hits. It runs as a task enqueued when the surrounding transaction commits, so a
    rolled-back import leaves no trace.
    """
    ids = sorted(set(entry_ids))

    def after_commit() -> None:
        bump_version()
        forget()
        purge_keys(
            {surrogate.legal_entry(entry_id) for entry_id in ids},
            reason=reason or "legal registry changed",
        )
        from polosa.legal.tasks import rescan_published_articles

        try:
            rescan_published_articles.enqueue(ids)
        except Exception:  # a task backend outage must not undo the registry change
            logger.exception("could not enqueue the legal rescan")

    transaction.on_commit(after_commit)


@dataclass(frozen=True)
class ImportResult:
    kinds: tuple[str, ...]
    rows: int
    created: int
    updated: int
    deleted: int


def import_entries(
    entries: list[engine.RegistryEntry],
    *,
    kinds: Iterable[str] | None = None,
    source_name: str = "",
    taken_at: datetime | None = None,
    user=None,
) -> ImportResult:
    """Replace the entries of ``kinds`` (default: the kinds present) with ``entries``.

    Everything happens in one transaction: entries matched by their id are updated, new ones
    created, those missing from the file deleted, and one :class:`RegistryImport` recorded per
    kind. Decisions on reviews survive because ids are stable.
    """
    kinds = tuple(sorted(set(kinds) if kinds is not None else {e.kind for e in entries}))
    if not kinds:
        raise RegistryImportError(gettext("файл не содержит ни одной записи"))
    for kind in kinds:
        if kind not in LABELLED_KINDS:
            raise RegistryImportError(gettext("неизвестный реестр %(kind)r") % {"kind": kind})
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, 1):
        if entry.id in seen:
            raise RegistryImportError(
                gettext(
                    "запись %(number)s (%(name)s): идентификатор %(id)r повторяет запись %(first)s"
                )
                % {"number": number, "name": entry.name, "id": entry.id, "first": seen[entry.id]}
            )
        seen[entry.id] = number
        if entry.kind not in kinds:
            raise RegistryImportError(
                gettext("запись %(number)s (%(name)s): реестр %(kind)r, ожидался %(expected)s")
                % {
                    "number": number,
                    "name": entry.name,
                    "kind": entry.kind,
                    "expected": ", ".join(kinds),
                }
            )
    taken_at = taken_at or timezone.now()
    with transaction.atomic():
        _state.importing = True
        try:
            result = _replace(entries, kinds, source_name, taken_at, user)
        finally:
            _state.importing = False
        registry_changed(result[0], reason=f"legal import {', '.join(kinds)}")
    return ImportResult(kinds, len(entries), *result[1:])


def _replace(entries, kinds, source_name, taken_at, user):
    from polosa.legal.models import RegistryEntry, RegistryImport

    created = updated = deleted = 0
    existing = {e.external_id: e for e in RegistryEntry.objects.filter(kind__in=kinds)}
    foreign = set(
        RegistryEntry.objects.exclude(kind__in=kinds)
        .filter(external_id__in=[e.id for e in entries])
        .values_list("external_id", flat=True)
    )
    if foreign:
        raise RegistryImportError(
            gettext("идентификаторы уже заняты записями других реестров: %(ids)s")
            % {"ids": ", ".join(sorted(foreign)[:10])}
        )
    changed: list[str] = []
    new_rows = []
    for entry in entries:
        fields = RegistryEntry.fields_from_engine(entry)
        row = existing.pop(entry.id, None)
        if row is None:
            new_rows.append(RegistryEntry(external_id=entry.id, **fields))
            changed.append(entry.id)
            created += 1
            continue
        if any(getattr(row, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(row, k, v)
            row.save()
            changed.append(entry.id)
            updated += 1
    RegistryEntry.objects.bulk_create(new_rows, batch_size=500)
    if existing:
        deleted = len(existing)
        changed.extend(existing)
        RegistryEntry.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    for kind in kinds:
        RegistryImport.objects.create(
            kind=kind,
            source_name=source_name[:500],
            row_count=sum(1 for e in entries if e.kind == kind),
            created=sum(1 for e in new_rows if e.kind == kind),
            taken_at=taken_at,
            imported_by=user,
            updated=updated if len(kinds) == 1 else 0,
            deleted=deleted if len(kinds) == 1 else 0,
        )
    return changed, created, updated, deleted


def record_copy(
    kinds: Iterable[str],
    entries: list[engine.RegistryEntry],
    *,
    source_name: str = "",
    taken_at: datetime | None = None,
    user=None,
) -> None:
    """A fresh copy identical to the registry held: only its freshness is renewed (one
    :class:`RegistryImport` per kind, nothing re-labelled, no archive rescan)."""
    from polosa.legal.models import RegistryImport

    taken_at = taken_at or timezone.now()
    for kind in kinds:
        RegistryImport.objects.create(
            kind=kind,
            source_name=source_name[:500],
            row_count=sum(1 for e in entries if e.kind == kind),
            taken_at=taken_at,
            imported_by=user,
        )

    def after_commit() -> None:
        bump_version()
        forget()

    transaction.on_commit(after_commit)
