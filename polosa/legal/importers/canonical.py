"""The canonical CSV (what ``polosa legal export`` writes), via the engine's reader."""

from __future__ import annotations

from polosa.legal.engine import RegistryEntry, RegistryFormatError, read_canonical_csv

from .common import decode


def parse_canonical(data: str | bytes) -> list[RegistryEntry]:
    """Parse the canonical CSV; the people directory's ``person`` kind is refused."""
    text = decode(data) if isinstance(data, bytes) else data
    entries = read_canonical_csv(text)
    for number, entry in enumerate(entries, 1):
        if entry.kind == "person":
            raise RegistryFormatError(
                f"запись {number} ({entry.id}): вид person — это справочник людей, не реестр"
            )
    return entries
