"""The legal mention engine: finds and marks mentions of registry entities.

Pure Python, no Django: the Django side (registry import, admin, publishing gate, page
and feed rendering) calls only what this package exports.
"""

from .compiler import ENGINE_VERSION, compile_entries, registry_digest
from .csvio import read_canonical_csv, write_canonical_csv
from .entries import (
    KINDS,
    REVIEW,
    SURE,
    Footnote,
    Marked,
    Mention,
    RegistryEntry,
    RegistryFormatError,
)
from .footnotes import (
    DEFAULT_FOOTNOTES,
    footnote_text,
    render_footnotes_html,
    render_footnotes_text,
)
from .matcher import Matcher, decision_key
from .normalise import Normalised, normalise
from .plaque import plaque
from .status import FRESH, UNKNOWN, registry_status

__all__ = [
    "DEFAULT_FOOTNOTES",
    "ENGINE_VERSION",
    "FRESH",
    "KINDS",
    "REVIEW",
    "SURE",
    "UNKNOWN",
    "Footnote",
    "Marked",
    "Matcher",
    "Mention",
    "Normalised",
    "RegistryEntry",
    "RegistryFormatError",
    "compile_entries",
    "decision_key",
    "footnote_text",
    "normalise",
    "plaque",
    "read_canonical_csv",
    "registry_digest",
    "registry_status",
    "render_footnotes_html",
    "render_footnotes_text",
    "write_canonical_csv",
]
