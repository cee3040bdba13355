"""gettext for the engine's messages without Django.

The engine's strings (registry file errors) are Russian source strings like the rest of
Polosa's; they go through the project's own catalogue (``polosa/locale``, domain ``django``)
with the standard library's :mod:`gettext`, so a translator's correction shows in the admin
and in the shell alike, and the engine still imports nothing from Django.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


@cache
def _catalogue():  # a gettext.NullTranslations
    # Imported here: only an error message needs the catalogue, and a check from the shell
    # that finds none starts without gettext (and the locale module it pulls in).
    import gettext

    return gettext.translation("django", LOCALE_DIR, languages=["ru"], fallback=True)


def gettext(message: str) -> str:
    """``message`` as the Russian catalogue has it (the message itself if not listed)."""
    return _catalogue().gettext(message)
