"""Personal names: declension by petrovich's rules and gender detection.

The rules are petrovich's own (``rules.json`` and ``gender.json`` of the installed
``petrovich`` package), applied the way the reference implementation (petrovich-js) applies
them. The Python port's ``Petrovich.firstname``/``lastname`` cannot be used as is: when a
gender is given it skips every ``androgynous`` rule, so a woman's ``Вероника`` becomes
``Вероникы`` (the female ``-а → -ы`` rule instead of the shared ``-ка → -ки``) and a man's
``Никита``, ``Илья`` or ``Кузьма`` does not decline at all; it also ignores exceptions inside
double surnames (``Бонч-Бруевич``).

Gender comes from, in this order: the patronymic (``-ич``/``-на``, ``оглы``/``кызы``); a
surname with a gendered ending (``-ова``, ``-ская`` / ``-ов``, ``-ский``), which outweighs a
first name because dictionaries list rare names under the wrong gender; the first name in
pymorphy3's dictionary, nominative parses only (``Евгения`` is also the genitive of
``Евгений``, ``Александра`` of ``Александр``), common-gender names (``Саша``, ``Женя``)
deciding nothing; petrovich's first-name endings for names the dictionary does not know.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

MALE, FEMALE = "male", "female"
ANDROGYNOUS = "androgynous"

#: pymorphy3 case codes → the index of petrovich's ``mods``.
CASE_INDEX = {"gent": 0, "datv": 1, "accs": 2, "ablt": 3, "loct": 4}
ROLES = ("lastname", "firstname", "middlename")


@cache
def _rules() -> tuple[dict, dict]:
    """petrovich's declension rules and gender rules, read from the installed package."""
    import json  # compiling needs the rules, a cached matcher does not

    from petrovich.main import DEFAULT_RULES_PATH

    path = Path(DEFAULT_RULES_PATH)
    rules = json.loads(path.read_text(encoding="utf-8"))
    gender = json.loads(path.with_name("gender.json").read_text(encoding="utf-8"))
    return rules, gender.get("gender", gender)


def _applies(rule: dict, gender: str, tags: frozenset[str]) -> bool:
    if rule["gender"] != ANDROGYNOUS and rule["gender"] != gender:
        return False
    wanted = rule.get("tags")
    return not wanted or bool(tags.intersection(wanted))


#: First names in unstressed ``-ша`` decline alike for both genders (``Саша``, ``Миша``,
#: ``Даша``: ``Саши``, ``Сашей``); petrovich has the rule for women only, so men's ``-ша``
#: would fall through to ``-а → -ы``, ``-ой``.
_FIRST_NAME_SHA = ("-и", "-е", "-у", "-ей", "-е")


@lru_cache(maxsize=65536)
def _find_rule(role: str, word: str, gender: str, first_word: bool) -> tuple[str, ...] | None:
    """The ``mods`` of the first rule for a lower-case word part, as petrovich-js finds it."""
    if role == "firstname" and word.endswith("ша") and len(word) > 3:
        return _FIRST_NAME_SHA
    ruleset = _rules()[0][role]
    tags = frozenset({"first_word"}) if first_word else frozenset()
    for rule in ruleset.get("exceptions") or ():
        if _applies(rule, gender, tags) and word in rule["test"]:
            return tuple(rule["mods"])
    for rule in ruleset["suffixes"]:
        if _applies(rule, gender, tags) and any(word.endswith(t) for t in rule["test"]):
            return tuple(rule["mods"])
    return None


def _apply(word: str, mod: str) -> str:
    if mod == ".":
        return word
    cut = mod.count("-")
    ending = mod.replace("-", "")
    if word.isupper() and len(word) > 1:
        ending = ending.upper()
    return (word[:-cut] if cut else word) + ending


#: Endings that make the first part of a double surname a surname of its own, which then
#: declines too (``Скрябина-Лосева``, ``Римского-Корсакова``, ``Немировича-Данченко``); other
#: first parts stay (``Кара-Мурзы``, ``Бонч-Бруевича``, ``Грумм-Гржимайло``).
def _declining_part(part: str, gender: str) -> bool:
    low = part.lower().replace("ё", "е")
    suffixes = _rules()[1]["lastname"].get(gender, ())
    if any(low.endswith(s.replace("ё", "е")) for s in suffixes):
        return True
    return gender == MALE and low.endswith("ич")


#: Patronymics stressed on ``-и́ч``: ``Ильичом``, not petrovich's ``Ильичем``.
_STRESSED_ICH = frozenset({"ильич", "кузьмич", "фомич", "лукич", "фокич"})


def inflect(value: str, role: str, gender: str, case: str, *, strict: bool = True) -> str:
    """``value`` (a first name, surname or patronymic) in ``case`` (``gent``, ``ablt``…).

    Hyphenated parts decline one by one. In a double surname a first part that is not a
    surname by itself stays as it is; with ``strict=False`` it declines anyway (a form
    people also write, useful for matching).
    """
    if case == "nomn" or not value or case not in CASE_INDEX:
        return value
    if role == "middlename" and case == "ablt" and value.lower() in _STRESSED_ICH:
        return value + "ом"
    index = CASE_INDEX[case]
    parts = value.split("-")
    out = []
    for i, part in enumerate(parts):
        if not part:
            out.append(part)
            continue
        double = len(parts) > 1
        if (
            strict
            and role == "lastname"
            and double
            and i < len(parts) - 1
            and not _declining_part(part, gender)
        ):
            out.append(part)
            continue
        mods = _find_rule(role, part.lower(), gender, i == 0 and double)
        out.append(_apply(part, mods[index]) if mods else part)
    return "-".join(out)


# -- gender ------------------------------------------------------------------------------


def _by_endings(word: str, table: dict) -> str | None:
    """petrovich-js gender detection: the one gender whose endings match, else ``None``."""
    low = word.lower()
    found = {g for g, endings in table.items() if any(low.endswith(e) for e in endings)}
    if len(found) != 1:
        return None
    (gender,) = found
    return gender if gender in (MALE, FEMALE) else None


def patronymic_gender(patronymic: str) -> str | None:
    if not patronymic:
        return None
    return _by_endings(patronymic.split("-")[-1], _rules()[1]["middlename"])


def surname_gender(surname: str) -> str | None:
    """The gender a surname's ending shows (``-ова``, ``-ская`` / ``-ов``, ``-ский``), if any.

    A double surname shows it in its last part.
    """
    if not surname:
        return None
    return _by_endings(surname.split("-")[-1].replace("ё", "е"), _lastname_endings())


@cache
def _lastname_endings() -> dict[str, list[str]]:
    table = _rules()[1]["lastname"]
    return {g: [e.replace("ё", "е") for e in endings] for g, endings in table.items()}


@lru_cache(maxsize=65536)
def first_name_gender(first: str) -> str | None:
    """The gender of a first name given in the nominative, or ``None`` if it has none.

    pymorphy3 first, nominative parses only; ``ms-f`` names (``Саша``) give ``None``; names
    it does not know go by petrovich's endings.
    """
    if not first:
        return None
    from .forms import morph

    low = first.lower().replace("ё", "е")
    genders = set()
    common = False
    for p in morph().parse(low):
        grammemes = p.tag.grammemes
        if not p.is_known or "Name" not in grammemes or "nomn" not in grammemes:
            continue
        if "plur" in grammemes:
            continue
        if "ms-f" in grammemes:
            common = True
        elif "femn" in grammemes:
            genders.add(FEMALE)
        elif "masc" in grammemes:
            genders.add(MALE)
    if common:
        return None
    if len(genders) == 1:
        return genders.pop()
    if genders:
        return None
    return _by_endings(low, _rules()[1]["firstname"])


def detect_gender(surname: str = "", first: str = "", patronymic: str = "") -> str:
    """``male`` or ``female`` for a person's name parts (``male`` when nothing tells)."""
    return (
        patronymic_gender(patronymic) or surname_gender(surname) or first_name_gender(first) or MALE
    )


# -- first name or surname ---------------------------------------------------------------

_SURNAME_ENDINGS = (
    "ов",
    "ев",
    "ин",
    "ын",
    "ова",
    "ева",
    "ына",
    "ский",
    "цкий",
    "ская",
    "цкая",
    "ой",
    "ый",
    "енко",
    "ко",
    "ук",
    "юк",
    "ич",
    "ых",
    "их",
    "дзе",
    "швили",
    "ян",
    "янц",
)


@lru_cache(maxsize=65536)
def first_name_score(word: str) -> float:
    """How much ``word`` (a nominative name part) looks like a first name rather than a
    surname: a known first name in the dictionary scores, a surname or a surname ending
    costs. Used to tell ``Имя Фамилия`` from ``Фамилия Имя``."""
    from .forms import morph

    low = word.lower().replace("ё", "е")
    name = surname = False
    female_name = False
    for p in morph().parse(low):
        if not p.is_known or "nomn" not in p.tag or "plur" in p.tag:
            continue
        if "Name" in p.tag and p.normal_form == low:
            name = True
            female_name = female_name or "femn" in p.tag
        if "Surn" in p.tag:
            surname = True
    score = 0.0
    if name:
        score += 2
        if female_name and low.endswith(("а", "я")):
            score += 0.5  # Евгения Альбац: a woman's name and a surname the dictionary
            # also lists as a man's first name
    if surname:
        score -= 1
    if not name and low.endswith(_SURNAME_ENDINGS):
        score -= 2
    return score
