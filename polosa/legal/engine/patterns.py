"""Regular expressions compiled on first use.

The engine has some forty module-level patterns; compiling them all costs a short
``polosa legal check`` about a tenth of its start-up, and most of them (form generation,
plural rules) serve only compilation of a registry, never a scan against a cached matcher.
"""

from __future__ import annotations

import re


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` and compiles it the first time one of its
    attributes (``search``, ``sub``, ``finditer`` …) is asked for; after that the compiled
    pattern's methods are this object's own attributes, so a call costs what it would on
    the pattern itself."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)  # copy, pickle and friends probe dunders
        compiled = re.compile(*self._source)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        self.compiled = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern like ``re.compile(pattern, flags)``, compiled when first used (typed as the
    pattern it stands for)."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
