"""Compiling a registry into a :class:`Matcher`, with an on-disk cache.

Generating forms for a large registry takes seconds; loading the pickled automaton takes
a fraction of that, so every worker after the first one loads the cache. The cache key
is a sha256 of the registry contents and :data:`ENGINE_VERSION`: bump the version whenever
form generation or matching rules change, so stale caches are never used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from .entries import RegistryEntry
from .matcher import Matcher

ENGINE_VERSION = "7"


def registry_digest(entries: list[RegistryEntry]) -> str:
    """A sha256 over the engine version and every field of every entry, in order."""
    h = hashlib.sha256(f"polosa-legal-engine:{ENGINE_VERSION}\n".encode())
    for e in entries:
        fields = (
            e.id,
            e.kind,
            e.entity_type,
            e.name,
            "\x1f".join(e.aliases),
            e.included_on.isoformat() if e.included_on else "",
            e.excluded_on.isoformat() if e.excluded_on else "",
            e.footnote,
            e.formerly_excluded_on.isoformat() if e.formerly_excluded_on else "",
        )
        h.update("\x1e".join(fields).encode())
        h.update(b"\n")
    return h.hexdigest()


def compile_entries(entries: Iterable[RegistryEntry], *, cache_dir: Path | None = None) -> Matcher:
    """Build a matcher for ``entries``, or load it from ``cache_dir`` if built before."""
    entries = list(entries)
    if cache_dir is None:
        return Matcher(entries)
    cache_dir = Path(cache_dir)
    path = cache_dir / f"legal-matcher-{registry_digest(entries)}.pickle"
    try:
        with path.open("rb") as f:
            matcher = pickle.load(f)
        if isinstance(matcher, Matcher):
            return matcher
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # no cache or a broken one: rebuild
    matcher = Matcher(entries)
    import tempfile  # only a cache miss writes: a cached load starts without it

    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".legal-matcher-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(matcher, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent workers never read half a file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return matcher
