"""Latin spellings of Cyrillic names, in the variants newsrooms actually write.

A registry lists ``Щербаков Юрий``; an English quote or a passport-style byline has
``Yuriy Shcherbakov``, ``Yury Shcherbakov``, ``Iurii Shcherbakov``. No single standard is
used, so every name is spelt in the usual variants: BGN/PCGN and the "popular" system (``ya``,
``yu``, ``kh``, ``-iy``), ICAO passports (``ia``, ``iu``, ``-ii``) and simplified forms (``h``,
``-y``, ``e`` for ``ё``). Variants are made per letter and combined, preferring spellings with
fewer unusual choices; :data:`MAX_VARIANTS` bounds a word so a long name cannot explode.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

#: At most this many spellings per word (the likeliest first).
MAX_VARIANTS = 8

_VOWELS = frozenset("аеёиоуыэюяьъ")

#: Letter → spellings, the usual one first.
_LETTERS: dict[str, tuple[str, ...]] = {
    "а": ("a",),
    "б": ("b",),
    "в": ("v",),
    "г": ("g",),
    "д": ("d",),
    "е": ("e",),
    "ё": ("yo", "e", "io"),
    "ж": ("zh",),
    "з": ("z",),
    "и": ("i",),
    "й": ("y", "i"),
    "к": ("k",),
    "л": ("l",),
    "м": ("m",),
    "н": ("n",),
    "о": ("o",),
    "п": ("p",),
    "р": ("r",),
    "с": ("s",),
    "т": ("t",),
    "у": ("u",),
    "ф": ("f",),
    "х": ("kh", "h"),
    "ц": ("ts",),
    "ч": ("ch",),
    "ш": ("sh",),
    "щ": ("shch", "sch"),
    "ъ": ("",),
    "ы": ("y",),
    "ь": ("",),
    "э": ("e",),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
}

#: Word endings with spellings of their own (``-ий`` is ``-iy``/``-y``/``-ii``/``-i``).
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ий", ("iy", "y", "ii", "i")),
    ("ый", ("y", "iy", "yy")),
    ("ой", ("oy", "oi")),
    ("ей", ("ey", "ei")),
)


def _options(word: str) -> list[tuple[str, ...]]:
    """Per position, the spellings of the letter there (a special ending as one position)."""
    low = word.lower()
    ending: tuple[str, ...] | None = None
    for suffix, spellings in _ENDINGS:
        if len(low) > len(suffix) + 1 and low.endswith(suffix):
            low, ending = low[: -len(suffix)], spellings
            break
    options: list[tuple[str, ...]] = []
    for i, ch in enumerate(low):
        spellings = _LETTERS.get(ch)
        if spellings is None:
            spellings = (ch,) if ch.isascii() else ("",)
        previous = low[i - 1] if i else ""
        if ch == "е" and (not previous or previous in _VOWELS):
            spellings = ("e", "ye")  # Евгений → Evgeny / Yevgeny; Сергеев → Sergeev / Sergeyev
        elif ch == "ь" and i + 1 < len(low) and low[i + 1] in "яюё":
            spellings = ("", "i")  # Наталья → Natalya / Natalia / Nataliya
        elif ch == "ь" and i + 1 < len(low) and low[i + 1] in "ио":
            spellings = ("", "y")  # Ильин → Ilin / Ilyin
        elif ch == "ц" and i == len(low) - 1:
            spellings = ("ts", "tz", "c")
        options.append(spellings)
    if ending is not None:
        options.append(ending)
    return options


@lru_cache(maxsize=65536)
def latin_variants(word: str) -> tuple[str, ...]:
    """Lower-case Latin spellings of a Cyrillic word, the usual one first.

    A word with nothing to transliterate (Latin already, digits) gives ``()``.
    """
    if not any("а" <= c <= "я" or c == "ё" for c in word.lower()):
        return ()
    options = _options(word)
    choice_points = [i for i, o in enumerate(options) if len(o) > 1]
    combos: list[tuple[int, str]] = []
    if len(choice_points) > 6:
        # Too many points: only one unusual choice at a time over the usual spelling.
        base = [o[0] for o in options]
        combos.append((0, "".join(base)))
        for i in choice_points:
            for alternative in options[i][1:]:
                spelled = base.copy()
                spelled[i] = alternative
                combos.append((1, "".join(spelled)))
    else:
        for picks in product(*(range(len(o)) for o in options)):
            unusual = sum(1 for p in picks if p)
            spelled = "".join(o[p] for o, p in zip(options, picks, strict=True))
            combos.append((unusual, spelled))
    combos.sort(key=lambda c: c[0])  # stable: the usual spelling first
    out = tuple(dict.fromkeys(spelled for _, spelled in combos if spelled))
    return out[:MAX_VARIANTS]


def primary_latin(word: str) -> str:
    """The one usual spelling (``Щербаков`` → ``shcherbakov``), or ``""``."""
    variants = latin_variants(word)
    return variants[0] if variants else ""


def name_variants(words: tuple[str, ...]) -> tuple[str, ...]:
    """Latin spellings of a several-word name, word by word, capped at :data:`MAX_VARIANTS`."""
    parts = [latin_variants(w) or (w.lower(),) for w in words]
    out: list[str] = []
    for picks in product(*parts):
        out.append(" ".join(picks))
        if len(out) >= MAX_VARIANTS:
            break
    return tuple(out)
