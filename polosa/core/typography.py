"""Russian typography and transliteration as pure functions."""

import re

TRANSLITERATION = {
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
# 3.5 but not 25.02.2026, 1.2.3, 192.168.0.1, v1.2 or /1.2/: a lone point between digits
# of a number standing on its own.
DECIMAL_POINT = re.compile(r"(?<![\w./])(\d+)\.(\d+)(?![.\w/])")
# «в 18.50», «с 9.30 до 18.00»: a time of day, not a fraction.
TIME_OF_DAY = re.compile(r"(?:^|(?<=\s))(?:в|с|до|к|около|после)\s+$", re.I)
# «в 1.45 раза», «около 1.25 млн», «до 4.50 евро»: a quantity after all.
QUANTITY_AFTER = re.compile(
    r"\s*(?:раз|млн|млрд|тыс|трлн|евро|руб|долл|\$|€|₽|%|процент|балл|км|кг|м\b|л\b)", re.I
)
HTML_TAG = re.compile(r"(<[^>]*>)")
#: Elements whose text is code or markup, left exactly as typed.
VERBATIM_ELEMENTS = ("code", "pre", "script", "style", "kbd", "samp")
BLOCK_ELEMENTS = frozenset(
    ("p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "br")
    + ("hr", "figure", "figcaption", "table", "tr", "td", "th")
)


def transliterate(text: str) -> str:
    """Latin letters for URL slugs: ``Новости кино`` → ``Novosti kino``."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in TRANSLITERATION:
            latin = TRANSLITERATION[lower]
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
            if ord(char) >= _BLOCK_PLACEHOLDER_BASE:
                depth = 0  # a new paragraph: an unclosed quote does not run on
            out.append(char)
            continue
        before = _visible_before(text, index)
        opening = before.isspace() or before in "(«„[—-"
        if opening:
            out.append("«" if depth == 0 else "„")
            depth += 1
        else:
            depth = max(depth - 1, 0)
            out.append("»" if depth == 0 else "“")
    return "".join(out)


def _visible_before(text: str, index: int) -> str:
    """The character before ``index``, looking through tag placeholders (a space at the
    start)."""
    index -= 1
    while index >= 0 and _PLACEHOLDER_BASE <= ord(text[index]) <= _PLACEHOLDER_LAST:
        index -= 1
    if index < 0 or ord(text[index]) >= _BLOCK_PLACEHOLDER_BASE:
        return " "  # the start of the text or of a paragraph
    return text[index]


def typograph(text: str) -> str:
    """Apply the newsroom's typography rules to plain text (not HTML).

    «ёлочки» and „лапки“; a non-breaking space after one- and two-letter words and between
    initials; `` - `` between words becomes a non-breaking space, an em dash and a space.
    """
    text = quotes(text)
    text = SPACED_HYPHEN.sub(NBSP + "— ", text)
    text = INITIAL.sub(lambda m: m.group(1) + NBSP, text)
    text = SHORT_WORD.sub(lambda m: m.group(1) + NBSP, text)
    text = DECIMAL_POINT.sub(lambda match: _decimal_comma(match, text), text)
    return text


def _decimal_comma(match: re.Match, text: str) -> str:
    hours, minutes = match.group(1), match.group(2)
    is_clock = len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60
    if (
        is_clock
        and TIME_OF_DAY.search(text[max(0, match.start() - 12) : match.start()])
        and not QUANTITY_AFTER.match(text, match.end())
    ):
        return match.group()
    return f"{hours},{minutes}"


def typograph_html(html: str) -> str:
    """:func:`typograph` over the text of an HTML fragment; tags, attributes and the text
    of ``<code>``/``<pre>`` stay as they are.

    Tags are replaced by placeholder characters while the rules run, so quotes around
    ``<b>…</b>`` pair up and a short word before a link is still tied to it.
    """
    parts = HTML_TAG.split(html)
    if len(parts) > _PLACEHOLDER_LAST - _PLACEHOLDER_BASE:
        return html  # more pieces than placeholders: leave such a block as it is
    tags: list[str] = []
    text: list[str] = []
    verbatim_depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part.strip("</ ").split(None, 1)[0].rstrip("/>").lower() if part else ""
            if name in VERBATIM_ELEMENTS:
                verbatim_depth += -1 if part.startswith("</") else 1
            tags.append(part)
            text.append(_placeholder(len(tags) - 1, block=name in BLOCK_ELEMENTS))
        elif verbatim_depth > 0:
            tags.append(part)
            text.append(_placeholder(len(tags) - 1))
        else:
            text.append(part.replace("&quot;", '"'))
    result = typograph("".join(text))
    return _PLACEHOLDER.sub(lambda m: tags[_placeholder_number(m.group())], result)


# Placeholders from the two supplementary private use areas (they never occur in
# newsroom text): plane 15 for inline tags, plane 16 for tags that start a paragraph.
_PLACEHOLDER_BASE = 0xF0000
_PLACEHOLDER_LAST = 0xFFFFD
_BLOCK_PLACEHOLDER_BASE = 0x100000
_PLACEHOLDER = re.compile("[\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _placeholder(number: int, *, block: bool = False) -> str:
    return chr((_BLOCK_PLACEHOLDER_BASE if block else _PLACEHOLDER_BASE) + number)


def _placeholder_number(char: str) -> int:
    code = ord(char)
    return code - (
        _BLOCK_PLACEHOLDER_BASE if code >= _BLOCK_PLACEHOLDER_BASE else _PLACEHOLDER_BASE
    )


def slug_for(text: str, limit: int = 80, fallback: str = "material") -> str:
    """A Latin URL slug for Russian text: ``Анна Ким`` → ``anna-kim``; a slug longer than
    ``limit`` is cut after its last whole word that fits (a single longer word is cut)."""
    from django.utils.text import slugify

    slug = slugify(transliterate(text))
    if len(slug) > limit:
        head = slug[: limit + 1]
        cut = head.rfind("-")
        slug = head[:cut] if cut > 0 else slug[:limit]
    return slug.strip("-_") or fallback
