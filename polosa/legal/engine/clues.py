"""Context clues that a word equal to a surname or a brand is not the registry's entity.

A surname that is also an ordinary word or a place (``Мороз``, ``Гром``, ``Королёв``) alone
is ``review``: the editor decides. Where the words around it already decide, asking is
noise: ``на улице Воробьёва`` is a street, ``в Королёве`` a town, ``Мороз продержится
неделю`` the weather. These checks run only on surname-alone hits, never on full names,
and the word lists are lemmas (every case of them counts).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import forms
from .patterns import lazy

#: A street, a square or a town before a surname names the place, not the person.
PLACE_WORDS = (
    "улица",
    "проспект",
    "переулок",
    "площадь",
    "бульвар",
    "шоссе",
    "набережная",
    "проезд",
    "тупик",
    "аллея",
    "сквер",
    "парк",
    "станция",
    "метро",
    "остановка",
    "микрорайон",
    "город",
    "посёлок",
    "село",
    "деревня",
)
#: Abbreviations of the above as people write them before a street's name.
PLACE_ABBREVIATIONS = frozenset({"ул", "пр", "пр-т", "пер", "пл", "б-р", "наб", "г", "пос", "д"})

#: Prepositions that put a place name in its case: ``в Королёве``, ``из Пушкина``.
PLACE_PREPOSITIONS = frozenset({"в", "во", "из", "под", "близ", "около", "возле"})

#: Weather words that are also surnames, and the words that show they mean the weather.
WEATHER_NOUNS = frozenset(
    {
        "мороз",
        "гром",
        "ветер",
        "дождь",
        "снег",
        "туман",
        "град",
        "гроза",
        "буря",
        "вьюга",
        "метель",
        "холод",
        "ливень",
        "иней",
        "стужа",
        "пурга",
        "зной",
        "жара",
    }
)
WEATHER_CONTEXT = frozenset(
    {
        "усилиться",
        "ослабнуть",
        "ослабеть",
        "крепчать",
        "продержаться",
        "держаться",
        "сковать",
        "спасть",
        "грянуть",
        "греметь",
        "прогреметь",
        "громыхать",
        "отступить",
        "синоптик",
        "градус",
        "температура",
        "погода",
        "прогноз",
        "метеоролог",
        "гидрометцентр",
        "трескучий",
        "лютый",
        "крепкий",
        "сильный",
        "ночной",
        "январский",
        "февральский",
        "декабрьский",
        "раскат",
        "минус",
        "осадки",
        "солнце",
        "оттепель",
        "сугроб",
    }
)

#: Birds that are also surnames, and the words that show a bird is meant (nothing a person
#: does too: «Соловей пел» may be a singer).
BIRD_NOUNS = frozenset({"соловей", "воробей", "журавль", "журавель", "орёл", "скворец", "грач"})
BIRD_CONTEXT = frozenset(
    {
        "ветка",
        "гнездо",
        "гнездиться",
        "стая",
        "щебетать",
        "чирикать",
        "курлыкать",
        "клевать",
        "клюв",
        "крыло",
        "перо",
        "птица",
        "птенец",
        "кормушка",
        "зерно",
        "вить",
        "свить",
        "парить",
        "трель",
    }
)
#: Words before a town's name in the genitive that show the town is meant: «жители
#: Королёва», «мэр Королёва».
TOWN_HOLDERS = frozenset(
    {"житель", "жительница", "мэр", "администрация", "окраина", "горсовет", "вокзал"}
)

_WORD = lazy(r"[\w-]+")
_SENTENCE_END = frozenset(".!?…:;\n")
_SKIPPED_BEFORE = frozenset(' "-()[]«»')


@cache
def place_word_forms() -> frozenset[str]:
    """Every case of every :data:`PLACE_WORDS` entry, folded, plus the abbreviations."""
    found: set[str] = set(PLACE_ABBREVIATIONS)
    for word in PLACE_WORDS:
        parses = [p for p in forms.morph().parse(word) if p.is_known and p.tag.POS == "NOUN"]
        for p in parses[:1]:
            found.update(forms.fold(q.word) for q in p.lexeme)
        found.add(forms.fold(word))
    return frozenset(found)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The dictionary lemmas a folded word may have (``продержится`` → ``продержаться``)."""
    return frozenset(forms.fold(p.normal_form) for p in forms.morph().parse(word) if p.is_known)


@lru_cache(maxsize=65536)
def is_place_name(word: str) -> bool:
    """Whether the dictionary knows the folded word as a place name (``королеве``)."""
    return any(p.is_known and "Geox" in p.tag for p in forms.morph().parse(word))


def words_before(text: str, start: int, count: int) -> list[str]:
    """Up to ``count`` words before ``start`` in the same sentence, nearest last."""
    piece = text[max(0, start - 80) : start]
    for i in range(len(piece) - 1, -1, -1):
        if piece[i] in _SENTENCE_END:
            piece = piece[i + 1 :]
            break
    return _WORD.findall(piece)[-count:]


def words_after(text: str, end: int, count: int) -> list[str]:
    """Up to ``count`` words after ``end`` in the same sentence, nearest first."""
    piece = text[end : end + 80]
    for i, ch in enumerate(piece):
        if ch in _SENTENCE_END:
            piece = piece[:i]
            break
    return _WORD.findall(piece)[:count]


def at_sentence_start(text: str, start: int) -> bool:
    """Whether a word at ``start`` of the folded text begins a sentence (or a quotation,
    a heading, a list item): only quotes, dashes and spaces stand between it and the end
    of the previous sentence."""
    i = start - 1
    while i >= 0 and text[i] in _SKIPPED_BEFORE:
        if text[i] == '"' and (i == 0 or text[i - 1] in " \n(-"):
            return True  # an opening quote: «Седых гор» is a title
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


_ABBREVIATED_PLACE = lazy(
    r"(?:^|[^\w-])(?:" + "|".join(re.escape(a) for a in sorted(PLACE_ABBREVIATIONS)) + r")\. ?$"
)


def names_a_place(text: str, start: int, end: int) -> str:
    """``street`` after a street word (``улица Воробьёва``, ``ул. Воробьёва``), ``town``
    for a known place name after a place preposition (``в Королёве``), after its people or
    its mayor (``жители Королёва``) or before a dash and «город» (``Королёв — город
    науки``), else ``""``."""
    if _ABBREVIATED_PLACE.search(text[max(0, start - 8) : start]):
        return "street"
    if text[end : end + 3] == " - ":
        after = [word for word in words_after(text, end, 2) if word != "-"]
        if after and after[0] in _TOWN_AFTER and is_place_name(text[start:end]):
            return "town"  # Королёв — город науки
    before = words_before(text, start, 1)
    if not before:
        return ""
    previous = before[0]
    if previous in place_word_forms():
        return "street"
    if previous in PLACE_PREPOSITIONS and is_place_name(text[start:end]):
        return "town"
    if lemmas(previous) & TOWN_HOLDERS and is_place_name(text[start:end]):
        return "town"
    return ""


def means_weather(text: str, start: int, end: int) -> bool:
    """Whether a weather word equal to a surname (``Мороз``, ``Гром``) is the weather here:
    a weather verb, adjective or noun within three words of it in its sentence."""
    if not lemmas(text[start:end]) & WEATHER_NOUNS:
        return False
    around = words_before(text, start, 3) + words_after(text, end, 3)
    return any(lemmas(word) & WEATHER_CONTEXT for word in around)


def means_bird(text: str, start: int, end: int) -> bool:
    """Whether a bird's name equal to a surname (``Соловей``, ``Воробьи``) is the bird: a
    word of nests, flocks and branches within three words of it in its sentence."""
    if not {forms.fold(w) for w in lemmas(text[start:end])} & _BIRD_NOUNS_FOLDED:
        return False
    around = words_before(text, start, 3) + words_after(text, end, 3)
    return any(lemmas(word) & BIRD_CONTEXT for word in around)


_BIRD_NOUNS_FOLDED = frozenset(forms.fold(word) for word in BIRD_NOUNS)
_TOWN_AFTER = frozenset({"город", "городок", "наукоград", "поселок", "село", "деревня"})
