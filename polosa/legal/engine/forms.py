"""Surface forms of registry names: every case and number a newsroom text may use.

Forms are generated once, at compile time, with petrovich (personal names, which follow
their own rules: ``Шевченко``, ``Седых`` and a woman's ``Шмидт`` do not decline) and pymorphy3
(plurals of surnames, organisation names, pseudonyms). Both are slow compared with the
scan itself, so every per-token result is cached: a 30 000-entry registry repeats most
first names and many surnames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from . import names, translit
from .normalise import fold
from .patterns import lazy

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"})
MALE, FEMALE = names.MALE, names.FEMALE

#: Words that name a kind of organisation; an alias that is an ordinary word counts only
#: in quotes or right after one of these (``телеканал Дождь``).
TYPE_WORDS = [
    "телеканал",
    "канал",
    "радиостанция",
    "радио",
    "фонд",
    "организация",
    "движение",
    "компания",
    "издание",
    "проект",
    "сеть",
    "соцсеть",
    "мессенджер",
    "сервис",
    "платформа",
    "объединение",
    "партия",
    "центр",
    "сообщество",
    "журнал",
    "газета",
    "интернет-издание",
    "медиа",
    "студия",
    "группа",
    "ассоциация",
    "общество",
    "союз",
    "агентство",
    "учреждение",
    "корпорация",
    "холдинг",
    "сайт",
    "портал",
    "программа",
    "шоу",
    "подкаст",
    "ютуб-канал",
    "телеграм-канал",
    "ооо",
    "ано",
    "нко",
    "оао",
    "зао",
    "пао",
    "ао",
]

#: Loanwords that the dictionary knows but that in a newsroom text only ever name a brand;
#: without this list ``Инстаграм`` would need quotes like an ordinary word.
BRAND_WORDS = frozenset(
    [
        "инстаграм",
        "инстаграмм",
        "фейсбук",
        "твиттер",
        "ютуб",
        "ютьюб",
        "тикток",
        "телеграм",
        "вотсап",
        "ватсап",
        "вконтакте",
        "гугл",
        "яндекс",
        "майкрософт",
        "эппл",
    ]
)

_PATRONYMIC = lazy(r"(вич|вна|ична|инична|оглы|кызы|улы|уулу)$", re.I)
#: Patronymics without ``-в-``: ``Ильич``, ``Кузьмич``, ``Фомич``, ``Лукич``, ``Никитич``.
#: Trusted only where the name's shape leaves no other reading (surnames end in ``-ич`` too).
_SHORT_PATRONYMIC = lazy(r"[^в]ич$", re.I)
_QUOTED = lazy(r"[«\"„“]([^«»\"„“”]+)[»\"“”]")
_PARENS = lazy(r"\(([^()]*)\)")
_PSEUDONYM_WORD = lazy(r"(?:псевдоним[ыа]?|он же|она же|также известн\w*)\s*:?\s*", re.I)
_CYRILLIC = lazy(r"[а-яё]", re.I)
_WORD = lazy(r"[\w-]+")


@cache
def morph():
    """The shared pymorphy3 analyser (loaded on first use: ~0.1 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@dataclass(frozen=True)
class PersonName:
    """A registry person's name split into parts, plus pseudonyms found in it."""

    surname: str
    first: str = ""
    patronymic: str = ""
    gender: str = MALE
    pseudonyms: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return " ".join(p for p in (self.surname, self.first, self.patronymic) if p)


def _is_first_name(word: str) -> bool:
    # Any case, not only the nominative: «выступление Сергея Кравцова» is another person.
    return any(p.is_known and {"Name", "sing"} <= p.tag.grammemes for p in morph().parse(word))


def is_first_name(word: str) -> bool:
    """Whether ``word`` (any letter case, any grammatical case) is a first name in the
    dictionary (``Сергей``, ``Сергея``, ``Сергеем``)."""
    return _first_name_cached(fold(word))


@lru_cache(maxsize=65536)
def _first_name_cached(word: str) -> bool:
    return _is_first_name(word)


def split_pseudonyms(name: str) -> tuple[str, tuple[str, ...]]:
    """Take pseudonyms out of a registry name: ``Иванов Иван (псевдоним «Ваня Север»)``."""
    found: list[str] = []

    def parens(m: re.Match) -> str:
        inner = m.group(1)
        quoted = _QUOTED.findall(inner)
        if quoted:
            found.extend(q.strip() for q in quoted)
        else:
            rest = _PSEUDONYM_WORD.sub("", inner).strip()
            found.extend(p.strip() for p in re.split(r"[;,]", rest) if p.strip())
        return " "

    cleaned = _PARENS.sub(parens, name)
    for q in _QUOTED.findall(cleaned):
        found.append(q.strip())
    cleaned = _QUOTED.sub(" ", cleaned)
    cleaned = _PSEUDONYM_WORD.sub(" ", cleaned)
    # Rosfinmonitoring style tails: ``ФИО*, 01.01.1980 г.р., адрес``.
    cleaned = cleaned.split(",")[0].replace("*", " ")
    return " ".join(cleaned.split()), tuple(dict.fromkeys(f for f in found if f))


def parse_person_name(name: str) -> PersonName:
    """Split a registry person's name into surname, first name and patronymic.

    Registries write ``Фамилия Имя Отчество``; ``Имя Отчество Фамилия`` and ``Имя Фамилия``
    are recognised by the patronymic suffix and the first-name dictionary.
    """
    cleaned, pseudonyms = split_pseudonyms(name)
    words = cleaned.split()
    surname = first = patronymic = ""
    if len(words) == 1:
        surname = words[0]
    elif len(words) == 2:
        # Registries write ``Фамилия Имя``; directories and bylines ``Имя Фамилия``.
        if names.first_name_score(words[0]) > names.first_name_score(words[1]):
            first, surname = words
        else:
            surname, first = words
    elif len(words) >= 3:
        if _PATRONYMIC.search(words[2]):
            surname, first, patronymic = words[:3]
        elif _PATRONYMIC.search(words[1]):
            first, patronymic, surname = words[0], words[1], " ".join(words[2:])
        elif len(words) == 3 and _SHORT_PATRONYMIC.search(words[2]):
            surname, first, patronymic = words
        elif len(words) == 3 and _SHORT_PATRONYMIC.search(words[1]):
            first, patronymic, surname = words
        else:
            surname, first = words[0], words[1]
    if not words and pseudonyms:
        surname = ""
    gender = names.detect_gender(surname, first, patronymic)
    return PersonName(surname, first, patronymic, gender, pseudonyms)


@cache
def _petrovich_forms(value: str, role: str, gender: str) -> tuple[str, ...]:
    """Folded case forms of a name part by petrovich's rules; for a double surname also the
    forms with its first part declined (``Кары-Мурзы`` next to ``Кара-Мурзы``)."""
    forms = [value]
    for case in names.CASE_INDEX:
        forms.append(names.inflect(value, role, gender, case))
        if "-" in value:
            forms.append(names.inflect(value, role, gender, case, strict=False))
    return tuple(dict.fromkeys(fold(f) for f in forms))


def petrovich_case(value: str, role: str, gender: str, case: str) -> str:
    """One case of a name part (``role`` is ``firstname``/``lastname``/``middlename``)."""
    return names.inflect(value, role, gender, case)


_PLURAL_RULES = (
    (lazy(r"(ов|ев|ёв|ин|ын)$"), 0),
    (lazy(r"(ова|ева|ёва|ина|ына)$"), 1),
)


#: Masculine surnames that drop or change a vowel when declined, as nouns do: the
#: nominative ending, the stem it leaves, and whether that stem is soft. petrovich keeps the
#: vowel (``Журавеля``); newsrooms write both, so both are generated.
_FLEETING = (
    (lazy(r"[^аеёиоуыэюя]ей$"), "ь", True),  # Воробей → Воробья, Соловей → Соловья
    (lazy(r"[^аеёиоуыэюя]ель$"), "л", True),  # Журавель → Журавля
    (lazy(r"[^аеёиоуыэюя]ец$"), "ц", False),  # Кравец → Кравца (and Кравеца)
    (lazy(r"[^аеёиоуыэюя]ёл$"), "л", False),  # Орёл → Орла
    (lazy(r"[^аеёиоуыэюяжшчщ]ок$"), "к", False),  # Волчок → Волчка
    (lazy(r"[^аеёиоуыэюя]ёк$"), "ьк", False),  # Королёк → Королька
)
_HARD_ENDINGS = ("а", "у", "ом", "е")
_SOFT_ENDINGS = ("я", "ю", "ем", "е")  # ``ём`` folds to ``ем``


def fleeting_vowel_forms(surname: str) -> tuple[str, ...]:
    """Folded oblique forms of a man's surname with the vowel dropped, like the noun it
    comes from (``Воробей`` → ``воробья``, ``воробью``, ``воробьем``, ``воробье``)."""
    low = surname.lower()
    if "-" in low:
        return ()
    out: list[str] = []
    for pattern, stem_end, soft in _FLEETING:
        m = pattern.search(low)
        if m:
            cut = len(low) - m.start() - 1
            stem = low[:-cut] + stem_end
            endings = _SOFT_ENDINGS if soft and stem_end != "ьк" else _HARD_ENDINGS
            if stem_end == "ц":
                endings = ("а", "у", "ем", "ом", "е")
            out += [fold(stem + e) for e in endings]
            break
    # A known noun declines as the dictionary has it (Орёл → Орла, Журавель → Журавля).
    for p in morph().parse(low):
        noun = p.is_known and p.tag.POS == "NOUN" and {"nomn", "sing", "masc"} <= p.tag.grammemes
        if noun and p.normal_form == low:
            out += [fold(q.word) for q in p.lexeme if "sing" in q.tag]
            break
    return tuple(dict.fromkeys(out))


@cache
def surname_forms(surname: str, gender: str) -> tuple[str, ...]:
    """Singular forms of ``surname`` for the gender, plus the family plural (``Ивановы``)."""
    forms = list(_petrovich_forms(surname, "lastname", gender))
    low = fold(surname)
    if gender == MALE:
        forms += fleeting_vowel_forms(surname)
    if "-" not in low:
        for rule, cut in _PLURAL_RULES:
            if rule.search(low):
                stem = low[: len(low) - cut] if cut else low
                forms += [stem + e for e in PLURAL_ENDINGS]
                break
        else:
            m = re.search(r"(ский|цкий|ская|цкая)$", low)
            if m:
                stem = low[: m.start() + 2]
                forms += [stem + e for e in ("ие", "их", "им", "ими")]
    return tuple(dict.fromkeys(forms))


#: Endings of a family plural (``Ивановы``, ``Ивановых``, ``Ивановым``, ``Ивановыми``).
PLURAL_ENDINGS = ("ы", "ых", "ым", "ыми")

#: Surnames whose family plural is an adjective's (``Ивановы``, ``Жуковские``: see
#: :func:`surname_forms`) or that do not decline (``Седых``).
_ADJECTIVAL_SURNAME = lazy(r"(ов|ев|ёв|ин|ын|ий|ый|ой|ых|их)$")
_CONSONANT_END = lazy(r"[бвгджзйклмнпрстфхцчшщь]$")
#: Plural endings of a noun-like surname by what its stem ends in: nominative, genitive
#: (which is also the accusative), dative, instrumental, prepositional.
_SOFT_PLURAL = ("и", "ей", "ям", "ями", "ях")  # Гоголи, Журавлей
_YOT_PLURAL = ("и", "ев", "ям", "ями", "ях")  # Воробьи, Воробьёв, Гордеи, Гордеев
_VELAR_PLURAL = ("и", "ов", "ам", "ами", "ах")  # Волчки, Волчков
_HUSHING_PLURAL = ("и", "ей", "ам", "ами", "ах")  # Лучи, Лучей
_HARD_PLURAL = ("ы", "ов", "ам", "ами", "ах")  # Морозы, Морозов, Кравцы, Кравцов
#: A family plural in the genitive that reads like another man's surname in the nominative
#: (``Воробьёв``, ``Морозов``): only the first names around it can say which it is.
_GENITIVE_PLURAL = lazy(r"(ов|ев|ей)$")


def _plural_endings(stem: str) -> tuple[str, ...]:
    last = stem[-1:]
    if last == "ь":
        return _YOT_PLURAL  # воробь-и
    if last in "жшчщ":
        return _HUSHING_PLURAL
    if last in "кгх":
        return _VELAR_PLURAL
    if last == "ц":
        return (*_HARD_PLURAL, "ев")  # Кравцов and Кравцев both written
    return _HARD_PLURAL


@cache
def family_plural_forms(surname: str) -> tuple[str, ...]:
    """Folded plural forms of a surname that declines like a noun, for a family or two
    relatives named together (``Анна и Пётр Воробьи``, ``у Анны и Петра Воробьёв``,
    ``Генрих и Томас Манны``).

    Only surnames ending in a consonant, ``-й`` or ``-ь`` that are not adjectival
    (``Иванов``, ``Жуковский`` have the adjective's plural, see :func:`surname_forms`):
    both the stem with the vowel dropped (``Воробьи``, ``Журавли``, ``Кравцы``) and the one
    that keeps it (``Журавели``), plus the dictionary's own plural where the surname is a
    known noun. A woman's surname of this kind does not decline in the singular, but the
    family plural is the same for her.
    """
    low = surname.lower()
    if "-" in low or not _CONSONANT_END.search(low) or _ADJECTIVAL_SURNAME.search(low):
        return ()
    out: list[str] = []
    stems: list[tuple[str, tuple[str, ...]]] = []
    keeps_vowel = True
    for pattern, stem_end, soft in _FLEETING:
        m = pattern.search(low)
        if m:
            cut = len(low) - m.start() - 1
            stem = low[:-cut] + stem_end
            endings = _plural_endings(stem) if not soft or stem_end == "ь" else _SOFT_PLURAL
            stems.append((stem, endings))
            # Журавели, Кравецы are written too; Орёлы, Волчоки are not.
            keeps_vowel = low[m.start() + 1] == "е"
            break
    if not keeps_vowel:
        pass
    elif low.endswith("й"):
        stems.append((low[:-1], _YOT_PLURAL))  # Гордей → Гордеи, Гордеев
    elif low.endswith("ь"):
        stems.append((low[:-1], _SOFT_PLURAL))  # Гоголь → Гоголи, Журавель → Журавели
    else:
        stems.append((low, _plural_endings(low)))  # Мороз → Морозы
    for stem, endings in stems:
        out += [fold(stem + e) for e in endings]
    for p in morph().parse(low):
        noun = p.is_known and p.tag.POS == "NOUN" and {"nomn", "sing", "masc"} <= p.tag.grammemes
        if noun and p.normal_form == low:
            singular = {q.word for q in p.lexeme if "sing" in q.tag}
            out += [fold(q.word) for q in p.lexeme if "plur" in q.tag and q.word not in singular]
            break
    return tuple(dict.fromkeys(out))


def is_genitive_plural(form: str) -> bool:
    """Whether a folded family plural form is a genitive that reads like a man's surname
    in the nominative (``воробьев``, ``морозов``) or like another word (``журавлей``)."""
    return bool(_GENITIVE_PLURAL.search(form))


def is_nominative_first_name(word: str) -> bool:
    """Whether ``word`` is a first name in the nominative (``Пётр``, not ``Петра``)."""
    return _nominative_first_name_cached(fold(word))


@lru_cache(maxsize=65536)
def _nominative_first_name_cached(word: str) -> bool:
    return any(
        p.is_known and {"Name", "sing", "nomn"} <= p.tag.grammemes for p in morph().parse(word)
    )


def unisex_surname(surname: str) -> str:
    """The folded nominative of a surname a man and a woman share unchanged (``Мороз``,
    ``Воробей``, ``Шмидт``), else ``""``: ``Пётр и Анна Мороз`` is the couple (a man's and a
    woman's names keep such a surname in the singular)."""
    low = surname.lower()
    if "-" in low or not _CONSONANT_END.search(low) or _ADJECTIVAL_SURNAME.search(low):
        return ""
    return fold(low)


@cache
def latin_surname_forms(surname: str) -> tuple[str, ...]:
    """Latin spellings of a surname the registry writes in Cyrillic (``Shcherbakov``,
    ``Scherbakov``), each part of a double surname spelt on its own."""
    parts = [translit.latin_variants(part) for part in surname.split("-") if part]
    if not parts or not all(parts):
        return ()
    if len(parts) == 1:
        return parts[0]
    return tuple("-".join(combo) for combo in product(*(p[:2] for p in parts)))


@cache
def latin_first_name_forms(first: str) -> tuple[str, ...]:
    """Latin spellings of a first name (``Юрий`` → ``yuriy``, ``yury``, ``iurii``…)."""
    return translit.latin_variants(first) if first else ()


@cache
def first_name_forms(first: str, gender: str) -> tuple[str, ...]:
    """Singular case forms of a first name: petrovich's plus the dictionary's own."""
    if not first:
        return ()
    forms = list(_petrovich_forms(first, "firstname", gender))
    want = ("femn" if gender == FEMALE else "masc", "ms-f")
    for p in morph().parse(fold(first)):
        if p.is_known and "Name" in p.tag and "nomn" in p.tag and p.tag.gender in want:
            forms += [fold(q.word) for q in p.lexeme if "sing" in q.tag]
            break
    return tuple(dict.fromkeys(forms))


def patronymic_forms(patronymic: str, gender: str) -> tuple[str, ...]:
    return _petrovich_forms(patronymic, "middlename", gender) if patronymic else ()


@cache
def is_common_word(word: str) -> bool:
    """Whether a word is in the dictionary as an ordinary (not proper) word in some form.

    Possessive adjectives (``Иванов день``) do not count: every ``-ов`` surname is one.
    """
    low = fold(word)
    if low in BRAND_WORDS:
        return False
    for p in morph().parse(low):
        if p.is_known and not (PROPER & p.tag.grammemes) and "Poss" not in p.tag:
            if p.tag.POS in ("PREP", "CONJ", "PRCL", "INTJ") and len(low) > 3:
                continue
            return True
    return False


#: How ordinary a surname is as a word, which decides whether it is ``sure`` alone.
RARE_SURNAME = 0  # Иванов, Гриценко: no ordinary word reads like it
STEM_SURNAME = 1  # Лесников, Седых: an oblique form of an ordinary word, a rare surname
COMMON_SURNAME = 2  # Мороз, Белый, Орлов: a word in its own right, or a frequent surname


@cache
def surname_class(surname: str) -> int:
    """:data:`RARE_SURNAME`, :data:`STEM_SURNAME` or :data:`COMMON_SURNAME`.

    ``Мороз``, ``Белый``, ``Соловей`` are dictionary words in the nominative: alone they are
    the word as often as the person. ``Орлов``, ``Жуков`` are oblique forms of a word too
    («орлов», «жуков») and the dictionary lists them as frequent surnames: many people have
    them. ``Лесников`` and ``Седых`` only coincide with an oblique form («лесников», «седых»)
    and the dictionary does not know them as surnames: a capital in the middle of a sentence
    cannot belong to that word, so there they are as sure as ``Иванов``.
    """
    if "-" in surname:
        return RARE_SURNAME
    low = fold(surname)
    if low in BRAND_WORDS:
        return RARE_SURNAME
    parses = [p for p in morph().parse(low) if p.is_known]
    ordinary = [
        p
        for p in parses
        if not (PROPER & p.tag.grammemes)
        and "Poss" not in p.tag
        and not (p.tag.POS in ("PREP", "CONJ", "PRCL", "INTJ") and len(low) > 3)
    ]
    known_surname = any("Surn" in p.tag for p in parses)
    if any(p.tag.case == "nomn" and fold(p.word) == fold(p.normal_form) for p in ordinary):
        return COMMON_SURNAME
    if any(p.tag.case == "nomn" and p.tag.POS in ("ADJF", "PRTF") for p in ordinary):
        return COMMON_SURNAME  # Дубровская: «дубровская улица»
    for p in parses:
        if "Surn" in p.tag and is_common_word(p.normal_form) and fold(p.normal_form) != low:
            return COMMON_SURNAME  # Орлова is Орлов
    if ordinary:
        return COMMON_SURNAME if known_surname else STEM_SURNAME
    return RARE_SURNAME


def is_common_surname(surname: str) -> bool:
    """A surname that is also a common word (``Мороз``, ``Белый``, ``Орлов``): never sure alone
    in every context (see :func:`surname_class`)."""
    return surname_class(surname) != RARE_SURNAME


def is_ordinary_phrase(phrase: str) -> bool:
    """An alias made only of ordinary dictionary words (``Дождь``, ``Рога и копыта``)."""
    words = _WORD.findall(phrase)
    if not words or not all(_CYRILLIC.search(w) for w in words):
        return False
    if any(w.isupper() and len(w) > 1 for w in words):
        return False  # an abbreviation like ФБК
    if len(words) > 1 and fold(words[0]) in type_word_forms():
        return False  # the type word is part of the name: Фонд борьбы с коррупцией
    return all(is_common_word(w) for w in words)


def _inflectable_parse(word: str, *, adjective: bool = False):
    """The nominative parse used to decline ``word`` in a name, or ``None``.

    With ``adjective`` an adjective reading wins where there is one: before a noun,
    ``Частное учреждение`` is an adjective, not the noun «частное» (a quotient).
    """
    if not _CYRILLIC.search(word) or (word.isupper() and len(word) > 1):
        return None
    parses = [p for p in morph().parse(word.lower()) if "nomn" in p.tag]
    if not parses:
        return None
    parses.sort(
        key=lambda p: (
            not (adjective and p.tag.POS in ("ADJF", "PRTF")),
            not p.is_known,
            -p.score,
        )
    )
    p = parses[0]
    if p.tag.POS not in ("NOUN", "ADJF", "PRTF"):
        return None
    return p


def _is_noun(word: str) -> bool:
    return any(
        p.tag.POS == "NOUN" and "nomn" in p.tag for p in morph().parse(word.lower()) if p.is_known
    )


def _inflect_word(word: str, case: str, *, adjective: bool = False) -> str:
    p = _inflectable_parse(word, adjective=adjective)
    if p is None or case == "nomn":
        return word
    wanted = {case}
    if p.tag.number:
        wanted.add(p.tag.number)
    q = p.inflect(wanted)
    if q is None:
        return word
    return _match_case(q.word, word)


def _match_case(new: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return new.upper()
    if like[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def inflect_phrase(phrase: str, case: str, *, agree_all: bool = False) -> str:
    """Decline a name phrase: adjectives and the head noun, or every nominative word.

    Quoted parts stay as they are (``ООО «Рога»`` → ``ООО «Рога»``, ``фонда «Свобода»``);
    words after the head noun are its complements and do not change (``Фонда борьбы с
    коррупцией``).
    """
    out: list[str] = []
    head_done = False
    pos = 0
    quoted_spans = [m.span() for m in _QUOTED.finditer(phrase)]
    matches = list(_WORD.finditer(phrase))
    for i, m in enumerate(matches):
        out.append(phrase[pos : m.start()])
        pos = m.end()
        word = m.group(0)
        if any(a <= m.start() < b for a, b in quoted_spans) or (head_done and not agree_all):
            out.append(word)
            continue
        following = matches[i + 1] if i + 1 < len(matches) else None
        adjective = (
            following is not None
            and not any(a <= following.start() < b for a, b in quoted_spans)
            and _is_noun(following.group(0))
        )
        p = _inflectable_parse(word, adjective=adjective)
        if p is None:
            out.append(word)
            if word.isupper() or not _CYRILLIC.search(word):
                continue  # ООО, Meta: a prefix that does not stop the declension
            head_done = True
            continue
        out.append(_inflect_word(word, case, adjective=adjective))
        if p.tag.POS == "NOUN":
            head_done = True
    out.append(phrase[pos:])
    return "".join(out)


@cache
def phrase_forms(phrase: str, *, person: bool = False) -> tuple[str, ...]:
    """All folded case forms of an organisation name, alias or pseudonym.

    A person's pseudonym (``Ваня Север``) declines word by word like a name, and its
    accusative is animate (``Ваню Севера``), which the dictionary cannot know for ``север``:
    so for persons every combination of the words' case forms is generated.
    """
    forms = [fold(phrase)]
    if _CYRILLIC.search(phrase):
        for case in CASES[1:]:
            forms.append(fold(inflect_phrase(phrase, case)))
            forms.append(fold(inflect_phrase(phrase, case, agree_all=True)))
        words = phrase.split()
        if person and 1 < len(words) <= 3 and not _QUOTED.search(phrase):
            options = [
                sorted({fold(_inflect_word(w, c)) for c in CASES}) if w.isalpha() else [fold(w)]
                for w in words
            ]
            forms.extend(" ".join(combo) for combo in product(*options))
        elif person and len(words) == 1:
            forms.extend(fold(_inflect_word(phrase, c)) for c in CASES)
    return tuple(dict.fromkeys(f for f in forms if f.strip()))


def quoted_parts(name: str) -> tuple[str, ...]:
    """The quoted names inside an organisation's name: ``АНО «Свобода слова»``."""
    return tuple(q.strip() for q in _QUOTED.findall(name) if q.strip())


def starts_with_type_word(phrase: str) -> bool:
    """Whether a name begins with a kind of organisation, after its adjectives:
    ``Фонд борьбы с коррупцией``, ``Частное учреждение «Медуза»``, ``ООО «Рога»``."""
    for word in _WORD.findall(phrase):
        low = fold(word)
        if low in type_word_forms():
            return True
        if not any(
            p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag
            for p in morph().parse(low)
            if p.is_known
        ):
            return False
    return False


@cache
def type_word_forms() -> frozenset[str]:
    """Every form of every :data:`TYPE_WORDS` entry, folded."""
    forms: set[str] = set()
    for word in TYPE_WORDS:
        forms.add(fold(word))
        parses = [p for p in morph().parse(word) if p.is_known and "NOUN" in p.tag]
        for p in parses[:1]:
            forms.update(fold(q.word) for q in p.lexeme)
    return frozenset(forms)
