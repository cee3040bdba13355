"""The Russian catalogue, compiled from ``polosa/locale/ru/LC_MESSAGES/django.po``.

The compiled ``.mo`` is a build product, kept out of git: ``make install``, the test suite
and ``polosa serve`` compile it when it is missing or older than its source.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def stale_catalogues() -> list[Path]:
    """The ``.po`` files whose ``.mo`` is missing or older."""
    stale = []
    for source in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        compiled = source.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            stale.append(source)
    return stale


def ensure_compiled() -> list[Path]:
    """Compile every stale catalogue with gettext's ``msgfmt``; returns what was compiled.

    Without ``msgfmt`` (``apt-get install gettext``) nothing is compiled and a warning says
    so: the site then shows the Russian source strings, with two plural forms instead of
    three."""
    stale = stale_catalogues()
    if not stale:
        return []
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        logger.warning("msgfmt not found (apt-get install gettext): catalogues not compiled")
        return []
    for source in stale:
        subprocess.run(
            [msgfmt, "--check-format", "-o", str(source.with_suffix(".mo")), str(source)],
            check=True,
        )
    return stale
