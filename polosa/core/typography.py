"""Russian typography and transliteration as pure functions."""

import re

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

NBSP = "\u00a0"
SHORT_WORD = re.compile(r"(?<![\w\u00a0])([А-Яа-яЁёA-Za-z]{1,2}) (?=\S)")
INITIAL = re.compile(r"\b([А-ЯЁA-Z]\.) (?=[А-ЯЁA-Z])")
SPACED_HYPHEN = re.compile(r" +[-–—] +")


def transliterate(text: str) -> str:
    """Latin letters for URL slugs: ``Новости кино`` → ``Novosti kino``."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in _TRANSLIT:
            latin = _TRANSLIT[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char)
    return "".join(out)


def quotes(text: str) -> str:
    """Straight double quotes become «ёлочки» outside and „лапки“ inside."""
    out: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        if char != '"':
            out.append(char)
            continue
        before = text[index - 1] if index else " "
        opening = before.isspace() or before in "(«„[—-"
        if opening:
            out.append("«" if depth == 0 else "„")
            depth += 1
        else:
            depth = max(depth - 1, 0)
            out.append("»" if depth == 0 else "“")
    return "".join(out)


def typograph(text: str) -> str:
    """Apply the newsroom's typography rules to plain text (not HTML).

    «ёлочки» and „лапки“; a non-breaking space after one- and two-letter words and between
    initials; `` - `` between words becomes a non-breaking space, an em dash and a space.
    """
    text = quotes(text)
    text = SPACED_HYPHEN.sub(NBSP + "— ", text)
    text = INITIAL.sub(lambda m: m.group(1) + NBSP, text)
    text = SHORT_WORD.sub(lambda m: m.group(1) + NBSP, text)
    return text


def slug_for(text: str, limit: int = 80, fallback: str = "material") -> str:
    """A Latin URL slug for Russian text: ``Анна Ким`` → ``anna-kim``."""
    from django.utils.text import slugify

    return slugify(transliterate(text))[:limit].strip("-") or fallback
