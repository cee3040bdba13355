"""The compiled matcher: one Aho-Corasick automaton over every surface form of a registry.

Only distinctive forms go into the automaton: surnames (in every case and number),
organisation names and aliases, pseudonyms. First names, patronymics and initials are not
keys of their own; they are looked up next to a surname hit, which keeps the automaton
small (a 30 000-entry registry loads from its cache in a fraction of a second) and lets
the matcher tell ``Иван Иванов`` from ``Пётр Иванов``.

Precision rules (see docs/legal-labels.md):

* A full name (first name or initials next to the surname, in either order) is ``sure``;
  so is a family plural after two first names when one of them is the entry's (``Анна и
  Пётр Ковалёвы``, ``Анна и Пётр Воробьи``, ``у Анны и Петра Воробьёв``), and a surname a
  man and a woman share unchanged after such a pair (``Глеб и Анна Мороз``). The genitive
  plural of a noun-like surname reads like another man's surname (``Воробьёв``): it counts
  only after two first names in an oblique case, never by the singular's rules. Latin
  spellings of the registry's Cyrillic (``Yuriy Shcherbakov``) count like the Cyrillic.
* A surname alone is ``sure`` if the same person's full name stood earlier in the text, or
  if the surname is rare (:func:`forms.surname_class`): ``Иванов``, and ``Лесников`` with a
  capital inside a sentence (it only shares an oblique form with «лесников»). A common word
  or frequent surname (``Мороз``, ``Орлов``) alone is ``review``, and nothing in lower case
  (``ударил мороз``) or where the context names a street, a town or the weather
  (:mod:`clues`).
* A surname right after another first name in any case or other initials (``Пётр Иванов``,
  ``Сергея Кравцова``, ``П. Иванов``) is another person: no hit. A surname followed by
  another first name (``Иванов Пётр``) is ``review``, because Russian also writes ``сказал
  Иванов Анне``.
* A surname shared by several entities is ``review`` for each of them unless an earlier
  full name settles which one is meant. Entries of one type and name in several registries
  are one entity.
* An alias made of ordinary words (``Дождь``) is ``sure`` in quotes or after a type word
  (``телеканал Дождь``); capitalised elsewhere, a sentence's first word included, it is
  ``review``; in lower case (``шёл дождь``) it is nothing. The Russian spelling of the
  entry's Latin brand (``Мета`` beside ``Meta``) is ``sure`` with any capital.
* A Latin alias takes a Russian case ending after an apostrophe or a hyphen
  (``Facebook'ом``, ``Instagram-е``) and stays ``sure``; so does a compound with a platform
  noun (``Facebook-страница``); a longer Latin word is no mention (``MetaMask``), another
  Cyrillic compound is ``review`` (``Facebook'овская``). A Latin alias that may be an
  English word (``Bridge``) is ``sure`` only with a capital.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import ahocorasick

from . import clues, forms, translit
from .entries import KINDS, REVIEW, SURE, Footnote, Marked, Mention, RegistryEntry
from .footnotes import FORMERLY_SUFFIX as FORMERLY
from .footnotes import combined_footnote_text
from .normalise import BOUNDARY, QUOTE, Normalised, fold, normalise
from .patterns import lazy

_NEVER = 2**31 - 1

#: Kinds of automaton hits: a surname; a name or alias that is sure anywhere; an alias made
#: of ordinary words (sure only in quotes or after a type word); a Cyrillic spelling of a
#: Latin brand that is also a word (``Мета``: sure with a capital); a Latin alias that is
#: also an English word (``Bridge``: sure with a capital).
SURNAME, ALIAS, ORDINARY, BRAND, LATIN_WORD = 1, 2, 3, 4, 5
#: A family plural of a surname that declines like a noun (``Воробьи``, ``Воробьёв``):
#: sure after two first names, one of them the entry's; its genitive reads like another
#: man's surname (``Воробьёв``), so it never falls back on the singular's rules.
FAMILY = 6
#: Automaton targets are ``entry * _KINDS + hit kind``.
_KINDS = 8

#: Latin names that are a brand in any letter case (``в instagram``), next to the
#: capitalised Latin aliases that may be English words (``bridge mode``).
LATIN_BRANDS = frozenset(
    {
        "facebook",
        "instagram",
        "youtube",
        "twitter",
        "telegram",
        "whatsapp",
        "tiktok",
        "linkedin",
        "vkontakte",
        "threads",
    }
)
#: Titles before a Latin surname that do not make it another person's name.
_LATIN_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam"})

_BEFORE_TWO = lazy(r"(?:^|[^\w-])(\w+) (\w+) $")
_BEFORE_ONE = lazy(r"(?:^|[^\w-])(\w+) $")
_BEFORE_INITIALS = lazy(r"(?:^|[^\w.-])(\w)\. ?(?:(\w)\. ?)?$")
_AFTER_TWO = lazy(r"^ (\w+) (\w+)(?![\w-])")
_AFTER_ONE = lazy(r"^ (\w+)(?![\w-])")
_AFTER_INITIALS = lazy(r"^ (\w)\.(?: ?(\w)\.)?")
_PREVIOUS_WORD = lazy(r"([\w-]+)[ \"]*$")
#: A patronymic in any case: ``Ивановича``, ``Ильичом``, ``Петровной``.
_OBLIQUE_PATRONYMIC = lazy(r"(?:ович|евич|ич|овн|евн|ичн|инич)(?:а|у|ем|ом|е|ы|ой|у)?$")
#: Two first names before a family plural: «Анна и Пётр Ковалёвы».
_BEFORE_PAIR = lazy(r"(?:^|[^\w-])(\w+) и (\w+) $")


@dataclass(slots=True)
class _Hit:
    start: int  # normalised indexes
    end: int
    entry: int
    certainty: str
    full: bool = False
    surname_only: bool = False
    #: A surname alone that is sure by itself when the surname is not shared.
    rare: bool = False


class Matcher:
    """A compiled registry. Build it with :func:`compile_entries`; it pickles well."""

    def __init__(self, entries: list[RegistryEntry]) -> None:
        self._entries: list[RegistryEntry] | None = entries
        self.ids = [e.id for e in entries]
        self.kinds = [e.kind for e in entries]
        # Validity as date ordinals in flat arrays: unpickling 30 000 dates is not free.
        self.valid_from = array(
            "i", (e.included_on.toordinal() if e.included_on else 0 for e in entries)
        )
        self.valid_until = array(
            "i", (e.excluded_on.toordinal() if e.excluded_on else _NEVER for e in entries)
        )
        self.names: list[str] = []  # display names for footnotes and plaques
        self.female: list[bool] = []
        self.persons: list[tuple | None] = []
        keys: dict[str, dict[tuple[int, int], None]] = {}

        def add(key: str, entry: int, hit_kind: int) -> None:
            key = key.strip()
            if len(key) >= 2:
                keys.setdefault(key, {})[(entry, hit_kind)] = None

        for index, entry in enumerate(entries):
            if entry.entity_type == "person":
                self._add_person(index, entry, add)
            else:
                self._add_organisation(index, entry, add)

        # One entity may stand in several registries (a foreign agent also banned as
        # extremist): entries of the same type and name share stars and one footnote.
        group_of: dict[tuple[str, str], int] = {}
        self.group = array(
            "i",
            (
                group_of.setdefault((e.entity_type, fold(self.names[i])), len(group_of))
                for i, e in enumerate(entries)
            ),
        )
        self.type_words = forms.type_word_forms()
        # Automaton values index two flat arrays: the key's length and its target, an int
        # ``entry * _KINDS + hit kind``, or ``-(i + 1)`` for a key shared by several entries and
        # listed in ``self.shared[i]``. Flat arrays pickle and load in no time.
        self.key_length = array("H")
        self.key_target = array("i")
        self.shared: list[tuple[int, ...]] = []
        # Values are plain ints (an index into the flat arrays): stored natively, they pickle
        # and load faster than Python objects.
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, values in keys.items():
            automaton.add_word(key, len(self.key_length))
            self.key_length.append(len(key))
            codes = tuple(entry * _KINDS + hit_kind for entry, hit_kind in values)
            if len(codes) == 1:
                self.key_target.append(codes[0])
            else:
                self.key_target.append(-len(self.shared) - 1)
                self.shared.append(codes)
        if len(automaton):
            automaton.make_automaton()
        self.automaton = automaton
        self._active_cache: dict[date, bytes] = {}

    # -- compiling -----------------------------------------------------------------------

    def _add_person(self, index: int, entry: RegistryEntry, add) -> None:
        name = forms.parse_person_name(entry.name)
        gender = name.gender
        self.names.append(name.display or entry.name)
        self.female.append(gender == forms.FEMALE)
        if name.surname:
            for form in forms.surname_forms(name.surname, gender):
                add(form, index, SURNAME)
            for form in forms.family_plural_forms(name.surname):
                add(form, index, FAMILY)
            # Latin spellings newsrooms write (Shcherbakov, Scherbakov) though the registry
            # lists only the Cyrillic.
            latin_firsts = forms.latin_first_name_forms(name.first)
            for form in forms.latin_surname_forms(name.surname):
                add(form, index, SURNAME)
            # One shared set per distinct first name: pickle then stores it once.
            firsts = _form_set((*forms.first_name_forms(name.first, gender), *latin_firsts))
            patronymics = _form_set(forms.patronymic_forms(name.patronymic, gender))
            initials = fold(name.first[:1]) + "".join(sorted({f[0] for f in latin_firsts}))
            self.persons.append(
                (
                    firsts,
                    patronymics,
                    initials,
                    fold(name.patronymic[:1]),
                    forms.surname_class(name.surname),
                    forms.unisex_surname(name.surname),
                )
            )
        else:
            self.persons.append(None)
        for alias in (*name.pseudonyms, *entry.aliases):
            self._add_phrase(index, alias, add, person=True)

    def _add_organisation(self, index: int, entry: RegistryEntry, add) -> None:
        self.names.append(entry.name)
        self.female.append(False)
        self.persons.append(None)
        phrases = (entry.name, *entry.aliases)
        latin = {
            fold(word).strip(".")
            for phrase in phrases
            if not _CYRILLIC.search(phrase)
            for word in (phrase, *phrase.split())
        }
        for phrase in phrases:
            self._add_phrase(index, phrase, add, latin=latin)
            for quoted in forms.quoted_parts(phrase):
                self._add_phrase(index, quoted, add, latin=latin)

    def _add_phrase(
        self, index: int, phrase: str, add, *, person: bool = False, latin: set[str] = frozenset()
    ) -> None:
        if forms.is_ordinary_phrase(phrase):
            # Мета next to Meta is the brand's Russian spelling, not the word «мета».
            spellings = translit.name_variants(tuple(phrase.split()))
            hit_kind = BRAND if latin.intersection(spellings) else ORDINARY
        elif _is_latin_word(phrase):
            hit_kind = ALIAS if fold(phrase) in LATIN_BRANDS else LATIN_WORD
        else:
            hit_kind = ALIAS
        for form in forms.phrase_forms(phrase, person=person):
            add(form, index, hit_kind)

    # -- scanning ------------------------------------------------------------------------

    def _active(self, on: date) -> bytes:
        active = self._active_cache.get(on)
        if active is None:
            day = on.toordinal()
            active = bytes(
                a <= day < b for a, b in zip(self.valid_from, self.valid_until, strict=True)
            )
            if len(self._active_cache) > 64:
                self._active_cache.clear()
            self._active_cache[on] = active
        return active

    def scan(self, text_or_html: str, *, on: date | None = None) -> list[Mention]:
        """Every mention of an entry in force on ``on`` (default: today), in text order.

        Indexes point into ``text_or_html`` as given; overlapping hits resolve to the longest.
        """
        norm = normalise(text_or_html)
        return [found[0] for found in self._scan(norm, on)]

    def _scan(self, norm: Normalised, on: date | None) -> list[tuple[Mention, int, int]]:
        """Mentions with the normalised start and end of each."""
        if not len(self.automaton):
            return []
        active = self._active(on or date.today())
        text = norm.text
        size = len(text)
        key_length = self.key_length
        key_target = self.key_target
        hits: list[_Hit] = []
        for last, value in self.automaton.iter(text):
            start = last - key_length[value] + 1
            end = last + 1
            # Token boundaries: no hit inside a longer word (Метан, Иванович, Иванов-Петров).
            if start > 0:
                c = text[start - 1]
                if c.isalnum() or (c == "-" and start > 1 and text[start - 2].isalnum()):
                    continue
            doubtful = compound = False
            if end < size:
                c = text[end]
                if text[end - 1] in _LATIN and (c.isalpha() or c in _TAIL_MARKS):
                    tail = _latin_tail(text, end)
                    if tail is None:
                        continue  # MetaMask, Meta-analysis
                    end, doubtful = tail
                elif c.isalnum():
                    continue
                elif c == "-" and end + 1 < size and text[end + 1].isalnum():
                    if not _is_cyrillic(text[end + 1]):
                        continue
                    # Инстаграм-аккаунт names the entity (sure: see _platform_compound);
                    # Иванов-Крамской is someone else and Дождь-шоу an ordinary word.
                    compound = True
                    word_end = _word_end(text, end + 1)
                    if _platform_compound(text[end + 1 : word_end]):
                        end = word_end
                    else:
                        doubtful = True
            code = key_target[value]
            for target in (code,) if code >= 0 else self.shared[-code - 1]:
                entry, hit_kind = divmod(target, _KINDS)
                if not active[entry]:
                    continue
                if compound and (
                    hit_kind in (SURNAME, FAMILY, ORDINARY) or (hit_kind == BRAND and doubtful)
                ):
                    continue
                hit = self._judge(norm, start, end, entry, hit_kind)
                if hit is not None:
                    if doubtful:
                        hit.certainty = REVIEW
                        hit.full = hit.surname_only = False
                    hits.append(hit)
        if not hits:
            return []
        return self._resolve(norm, hits)

    def _judge(self, norm: Normalised, start: int, end: int, entry: int, hit_kind: int):
        text = norm.text
        if hit_kind == ALIAS:
            return _Hit(start, end, entry, SURE)
        if hit_kind == LATIN_WORD:
            return self._judge_latin_word(norm, start, end, entry)
        if hit_kind in (ORDINARY, BRAND):
            return self._judge_ordinary(norm, start, end, entry, brand=hit_kind == BRAND)
        person = self.persons[entry]
        if person is None:
            return None
        firsts, patronymics, first_initials, patronymic_initial, surname_class, unisex = person
        if hit_kind == FAMILY:
            return self._judge_family(norm, start, end, entry, firsts, surname_class)
        capitalised = self._is_capitalised(norm, start)
        common = surname_class == forms.COMMON_SURNAME
        latin = text[start] in _LATIN
        # Names before the surname: Иван [Петрович] Иванов, И. [П.] Иванов.
        before = text[max(0, start - 60) : start]
        m = _BEFORE_TWO.search(before)
        if m and m.group(1) in firsts and m.group(2) in patronymics:
            return _Hit(start - len(before) + m.start(1), end, entry, SURE, True)
        if (
            m
            and _OBLIQUE_PATRONYMIC.search(m.group(2))
            and self._is_capitalised(norm, start - len(before) + m.start(2))
        ):
            return None  # Сергея Ивановича Кравцова: someone else's first name and patronymic
        if _is_plural(text, start, end) or (unisex and text[start:end] == unisex):
            # A family: «Анна и Пётр Ковалёвы» is Анна Ковалёва's; «Мария и Пётр» are not.
            # A surname a man and a woman share stays singular: «Пётр и Анна Мороз».
            m = self._first_name_pair(norm, start, before, firsts)
            if m and (m.group(1) in firsts or m.group(2) in firsts):
                return _Hit(start - len(before) + m.start(1), end, entry, SURE, True)
            if m:
                return None  # Мария и Пётр Ковалёвы: another family
        m = _BEFORE_ONE.search(before)
        if m:
            word = m.group(1)
            if word in firsts:
                return _Hit(start - len(word) - 1, end, entry, SURE, True)
            word_at = start - len(word) - 1
            if len(word) > 1 and self._is_capitalised(norm, word_at):
                if forms.is_first_name(word):
                    return None  # Пётр Иванов, Сергея Кравцова: another person
                if latin and word[0] in _LATIN and word not in _LATIN_TITLES:
                    return None  # John Ivanov
        m = _BEFORE_INITIALS.search(before)
        offset = start - len(before)
        if m and self._is_capitalised(norm, offset + m.start(1)):
            f, p = m.group(1), m.group(2)
            if f in first_initials and (p is None or p == patronymic_initial or latin):
                return _Hit(offset + m.start(1), end, entry, SURE, True)
            return None  # П. Иванов: another person
        # Names after the surname: Иванов Иван [Петрович], Иванов И. [П.]; a common word in
        # lower case is the word (``гром Ирины Гром``: the name is the second «Гром»).
        after = text[end : end + 60]
        other_after = False
        if capitalised or not common:
            m = _AFTER_TWO.match(after)
            if m and m.group(1) in firsts and m.group(2) in patronymics:
                return _Hit(start, end + m.end(), entry, SURE, True)
            m = _AFTER_ONE.match(after)
            if m:
                word = m.group(1)
                if word in firsts:
                    return _Hit(start, end + m.end(), entry, SURE, True)
                if len(word) > 1 and self._is_capitalised(norm, end + 1):
                    other_after = forms.is_first_name(word)
            m = _AFTER_INITIALS.match(after)
            if m and self._is_capitalised(norm, end + 1):
                f, p = m.group(1), m.group(2)
                if f in first_initials and (p is None or p == patronymic_initial):
                    return _Hit(start, end + m.end(), entry, SURE, True)
                other_after = True
        return self._judge_surname_alone(norm, start, end, entry, surname_class, other_after)

    def _first_name_pair(self, norm: Normalised, start: int, before: str, firsts):
        """The match of two capitalised first names joined by «и» right before ``start``
        (``Анна и Пётр``, ``Анны и Петра``), or ``None``."""
        m = _BEFORE_PAIR.search(before)
        if m is None:
            return None
        offset = start - len(before)
        for g in (1, 2):
            word = m.group(g)
            if not self._is_capitalised(norm, offset + m.start(g)):
                return None
            if word not in firsts and not forms.is_first_name(word):
                return None
        return m

    def _judge_family(
        self, norm: Normalised, start: int, end: int, entry: int, firsts, surname_class: int
    ):
        """A family plural of a noun-like surname (``Анна и Пётр Воробьи``): sure after two
        first names, one of them the entry's, and nothing after two others. Its genitive
        (``Воробьёв``) counts only after two first names in an oblique case (``Анны и
        Петра Воробьёв``: ``Анна и Пётр Воробьёв`` is Пётр Воробьёв). Alone it is a
        surname alone, except the genitive (someone else's surname) and a common word at
        a sentence's start (``Воробьи сидели на ветке``)."""
        text = norm.text
        before = text[max(0, start - 60) : start]
        genitive = forms.is_genitive_plural(text[start:end])
        m = self._first_name_pair(norm, start, before, firsts)
        if m:
            pair = m.group(1), m.group(2)
            oblique = not any(forms.is_nominative_first_name(word) for word in pair)
            if any(word in firsts for word in pair) and (oblique or not genitive):
                return _Hit(start - len(before) + m.start(1), end, entry, SURE, True)
            return None  # Мария и Олег Воробьи: another family
        if genitive or not self._is_capitalised(norm, start):
            return None  # воробьи на ветке; Воробьёв is his own name
        if surname_class != forms.RARE_SURNAME and clues.at_sentence_start(text, start):
            return None  # Воробьи сидели на ветке.
        m = _BEFORE_ONE.search(before)
        if m and len(m.group(1)) > 1 and forms.is_first_name(m.group(1)):
            return None  # Пётр Воробьи is no name; Анна Мороза another's
        return self._judge_surname_alone(norm, start, end, entry, surname_class, False)

    def _judge_surname_alone(
        self, norm: Normalised, start: int, end: int, entry: int, surname_class: int, other: bool
    ):
        text = norm.text
        capitalised = self._is_capitalised(norm, start)
        if surname_class != forms.RARE_SURNAME and not capitalised:
            return None  # ударил мороз, орлов в небе
        if text[start] in _LATIN:
            # A Latin spelling alone may be an English word (Best, Kim): only a capital in
            # the middle of a Russian sentence makes it the name by itself.
            if not capitalised:
                return None
            hit = _Hit(start, end, entry, REVIEW, False, not other)
            previous = clues.words_before(text, start, 1)
            hit.rare = (
                surname_class == forms.RARE_SURNAME
                and not clues.at_sentence_start(text, start)
                and not (previous and previous[0][0] in _LATIN)
            )
            return hit
        place = clues.names_a_place(text, start, end)
        if place == "street":
            return None  # на улице Воробьёва: a street named after someone
        if surname_class == forms.COMMON_SURNAME and (
            place == "town"
            or clues.means_weather(text, start, end)
            or clues.means_bird(text, start, end)
        ):
            return None  # в Королёве; Мороз продержится неделю; Соловей свил гнездо
        hit = _Hit(start, end, entry, REVIEW, False, True)
        if other:
            hit.surname_only = False  # an earlier full name does not make it sure
        elif place == "town":
            pass  # в Иванове: the town Иваново as likely as the person
        elif surname_class == forms.RARE_SURNAME:
            hit.rare = True
        elif surname_class == forms.STEM_SURNAME:
            # Лесников with a capital inside a sentence cannot be the word «лесников».
            hit.rare = not clues.at_sentence_start(text, start) and not self._is_upper_word(
                norm, start, end
            )
        return hit

    def _judge_ordinary(self, norm: Normalised, start: int, end: int, entry: int, brand=False):
        text = norm.text
        quoted = start > 0 and text[start - 1] == QUOTE and end < len(text) and text[end] == QUOTE
        if quoted:
            return _Hit(start, end, entry, SURE)
        m = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
        if m and m.group(1) in self.type_words:
            return _Hit(start, end, entry, SURE)
        if self._is_capitalised(norm, start):
            if brand:
                return _Hit(start, end, entry, SURE)  # Мета, Мете: the brand's spelling
            # A capital may be the name or only the start of a sentence (``Дождь шёл…``,
            # ``Дождь выпустил…``): the editor decides.
            return _Hit(start, end, entry, REVIEW)
        return None  # шёл дождь, поставил мету

    def _judge_latin_word(self, norm: Normalised, start: int, end: int, entry: int):
        """A Latin alias that may be an English word: sure with a capital (``Bridge``,
        ``Meta's``); in lower case nothing inside an English phrase (``bridge mode``) and
        ``review`` inside Russian text (``режим bridge``)."""
        original = norm.original[norm.start(start) : norm.end(end)]
        if any(c.isupper() for c in original):
            return _Hit(start, end, entry, SURE)
        text = norm.text
        near = clues.words_before(text, start, 1) + clues.words_after(text, end, 1)
        if any(word[0] in _LATIN for word in near):
            return None
        return _Hit(start, end, entry, REVIEW)

    def _is_upper_word(self, norm: Normalised, start: int, end: int) -> bool:
        word = norm.original[norm.start(start) : norm.end(end)]
        return len(word) > 1 and word.isupper()

    @staticmethod
    def _is_capitalised(norm: Normalised, i: int) -> bool:
        if i < 0 or i >= len(norm.text):
            return False
        o = norm.start(i)
        return o < len(norm.original) and norm.original[o].isupper()

    def _resolve(self, norm: Normalised, hits: list[_Hit]) -> list[tuple[Mention, int, int]]:
        # Longest hit wins an overlap; equal spans (two entries, one surname) stay together.
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[_Hit] = []
        last_end = -1
        span = None
        for h in hits:
            if (h.start, h.end) == span:
                kept.append(h)
            elif h.start >= last_end:
                kept.append(h)
                span = (h.start, h.end)
                last_end = h.end
        group = self.group
        seen_full: set[int] = set()  # groups named in full so far
        per_span: dict[tuple[int, int], list[_Hit]] = {}
        for h in kept:
            per_span.setdefault((h.start, h.end), []).append(h)
        mentions: list[Mention] = []
        original = norm.original
        for (start, end), span_hits in per_span.items():
            groups = {group[h.entry] for h in span_hits}
            settled = groups & seen_full
            for h in span_hits:
                if h.full:
                    seen_full.add(group[h.entry])
                certainty = h.certainty
                if h.surname_only:
                    if settled:
                        if group[h.entry] not in settled:
                            continue  # the earlier full name says which Иванов this is
                        certainty = SURE
                    elif len(groups) == 1 and h.rare:
                        certainty = SURE
                o_start, o_end = norm.start(start), norm.end(end)
                mention = Mention(
                    o_start,
                    o_end,
                    original[o_start:o_end],
                    self.ids[h.entry],
                    self.kinds[h.entry],
                    certainty,
                )
                mentions.append((mention, start, end))
        return mentions

    # -- marking -------------------------------------------------------------------------

    def mark(
        self,
        html: str,
        *,
        templates: Mapping[str, str] | None = None,
        repeat: bool = False,
        on: date | None = None,
        decisions: Mapping[tuple[str, str], bool] | None = None,
    ) -> Marked:
        """Insert asterisks after mentions and collect one footnote per entity.

        The first marked mention of each entity gets one more star than the entity before it
        (``*``, ``**``…); with ``repeat`` every later mention gets the same stars. ``sure``
        mentions are marked; ``review`` ones only where ``decisions[decision_key(m)]`` is
        true. Stars go right after the last character of the match, so they land inside the
        innermost element holding it and never split a tag or an entity; a quoted name
        takes them after its closing quote (``в «Ясном небе»*``). An entity listed in several
        registries (same type and name) has one set of stars and one footnote naming each
        of its statuses.
        """
        norm = normalise(html)
        found = self._scan(norm, on or date.today())
        mentions = [mention for mention, _, _ in found]
        stars: dict[int, str] = {}
        footnotes = []
        inserts: list[tuple[int, str]] = []
        by_id = self._by_id()
        decisions = decisions or {}
        marked_groups: dict[int, set[int]] = {}
        for m, _, _ in found:
            if m.certainty == SURE or decisions.get(decision_key(m), False):
                index = by_id[m.entry_id]
                marked_groups.setdefault(self.group[index], set()).add(index)
        text = norm.text
        for m, n_start, n_end in found:
            if m.certainty != SURE and not decisions.get(decision_key(m), False):
                continue
            group = self.group[by_id[m.entry_id]]
            if group not in stars:
                stars[group] = "*" * (len(stars) + 1)
                footnotes.append(
                    self._group_footnote(sorted(marked_groups[group]), stars[group], templates)
                )
            elif not repeat:
                continue
            at = m.end
            if (
                n_start > 0
                and text[n_start - 1] == QUOTE
                and n_end < len(text)
                and text[n_end] == QUOTE
            ):
                at = norm.end(n_end + 1)
            if inserts and inserts[-1][0] == at:
                continue  # two entries behind one ambiguous span: one set of stars
            inserts.append((at, stars[group]))
        if not inserts:
            return Marked(html=html, footnotes=footnotes, mentions=mentions)
        pieces = []
        pos = 0
        for at, s in sorted(inserts):
            pieces.append(html[pos:at])
            pieces.append(s)
            pos = at
        pieces.append(html[pos:])
        return Marked(html="".join(pieces), footnotes=footnotes, mentions=mentions)

    def _group_footnote(self, indexes: list[int], stars: str, templates) -> Footnote:
        """The footnote of one entity: every registry it is marked from, in kind order."""
        order = {kind: n for n, kind in enumerate(KINDS)}
        indexes.sort(key=lambda i: (order.get(self.kinds[i].removesuffix(FORMERLY), 99), i))
        entries = [self.entries[i] for i in indexes]
        first = indexes[0]
        text = combined_footnote_text(entries, self.names[first], self.female[first], templates)
        return Footnote(
            stars=stars,
            entry_id=entries[0].id,
            kind=entries[0].kind,
            text=text,
            entry_ids=tuple(e.id for e in entries),
            kinds=tuple(e.kind for e in entries),
        )

    def _by_id(self) -> dict[str, int]:
        by_id = self.__dict__.get("_by_id_cache")
        if by_id is None:
            by_id = self._by_id_cache = {id_: i for i, id_ in enumerate(self.ids)}
        return by_id

    def entry_name(self, entry_id: str) -> str:
        """The display name of an entry (a person's name without pseudonyms)."""
        return self.names[self._by_id()[entry_id]]

    @property
    def entries(self) -> list[RegistryEntry]:
        """The registry entries, rebuilt on first use after unpickling (rarely needed)."""
        if self._entries is None:
            self._entries = [
                RegistryEntry(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    tuple(row[4]),
                    date.fromordinal(row[5]) if row[5] else None,
                    date.fromordinal(row[6]) if row[6] else None,
                    row[7],
                    date.fromordinal(row[8]) if row[8] else None,
                )
                for row in self._rows
            ]
        return self._entries

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_active_cache"] = {}
        state.pop("_by_id_cache", None)
        # Plain tuples unpickle several times faster than 30 000 dataclasses with dates.
        state["_rows"] = [
            (
                e.id,
                e.kind,
                e.entity_type,
                e.name,
                e.aliases,
                e.included_on.toordinal() if e.included_on else 0,
                e.excluded_on.toordinal() if e.excluded_on else 0,
                e.footnote,
                e.formerly_excluded_on.toordinal() if e.formerly_excluded_on else 0,
            )
            for e in self.entries
        ]
        state["_entries"] = None
        return state


def decision_key(mention: Mention) -> tuple[str, str]:
    """The key an editor's decision on a ``review`` mention is stored under.

    ``(entry_id, folded matched text)``: it survives edits elsewhere in the article and
    covers every repeat of the same wording (``Дождь`` twice is one decision).
    """
    return (mention.entry_id, " ".join(normalise(mention.text).text.split()))


_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
#: What may join a Russian case ending to a Latin name: an apostrophe (every variant folds
#: to :data:`QUOTE`) or a hyphen.
_TAIL_MARKS = frozenset((QUOTE, "-"))
#: Case endings Russian adds to a Latin name: ``Facebook'ом``, ``Instagram’е``,
#: ``YouTube-а``, ``Meta'ой``, ``Noize MC'ем``; folded (``ё`` → ``е``).
LATIN_ENDINGS = frozenset(
    [
        "а",
        "я",
        "у",
        "ю",
        "е",
        "и",
        "ы",
        "ом",
        "ем",
        "ой",
        "ей",
        "ою",
        "ею",
        "ам",
        "ям",
        "ах",
        "ях",
        "ами",
        "ями",
        "ов",
        "ев",
        "ым",
        "им",
        "ых",
        "их",
    ]
)


_CYRILLIC = lazy(r"[а-яё]", re.I)

#: Nouns that, joined to a brand by a hyphen, name something on it: ``Facebook-страница``,
#: ``Instagram-аккаунт``, ``Telegram-канал`` (lemmas).
PLATFORM_NOUNS = frozenset(
    {
        "аккаунт",
        "страница",
        "страничка",
        "пост",
        "профиль",
        "канал",
        "блог",
        "блогер",
        "блогерша",
        "группа",
        "сообщество",
        "паблик",
        "сторис",
        "лента",
        "чат",
        "трансляция",
        "эфир",
        "ролик",
        "публикация",
        "подписчик",
        "реклама",
        "офис",
        "сервис",
        "приложение",
        "мессенджер",
        "запись",
        "видео",
        "комментарий",
        "звезда",
        "сеть",
        "пользователь",
        "юзер",
    }
)


def _platform_compound(word: str) -> bool:
    """Whether the Cyrillic word after ``Brand-`` is a :data:`PLATFORM_NOUNS` noun."""
    return bool(word) and bool(clues.lemmas(word) & PLATFORM_NOUNS)


def _word_end(text: str, i: int) -> int:
    """The end of the Cyrillic word that starts at ``i`` of the folded text."""
    while i < len(text) and _is_cyrillic(text[i]):
        i += 1
    return i


def _is_latin_word(phrase: str) -> bool:
    """A one-word Latin alias in letters only (``Bridge``, ``Meta``), not ``ABBA`` or ``X5``."""
    return phrase.isascii() and phrase.isalpha() and not phrase.isupper()


def _is_plural(text: str, start: int, end: int) -> bool:
    """Whether a surname hit ends like a family plural (``Ковалёвы``, ``Ковалёвых``)."""
    word = text[start:end]
    return word.endswith(("ы", "ых", "ым", "ыми", "ие", "их", "ими"))


def _is_cyrillic(c: str) -> bool:
    return "а" <= c <= "я"  # folded text: lower case, ё already е


def _latin_tail(text: str, end: int) -> tuple[int, bool] | None:
    """What follows a Latin key that ends at ``end`` with a letter, an apostrophe or a hyphen.

    Returns the end of the mention and whether it is doubtful, or ``None`` when the key is
    only the start of a longer word:

    * a case ending, joined or not (``Facebook'ом``, ``Instagram-е``, ``Instagramе``): the
      mention takes the ending, so the stars go after it, and it is sure;
    * another Cyrillic word after an apostrophe or a hyphen (``Instagram-аккаунт``,
      ``Facebook'овский``): it names the entity, but not as a name: ``review``;
    * Latin letters after an apostrophe (``Meta's``): an English possessive, sure;
    * Latin letters or digits joined or after a hyphen (``MetaMask``, ``Meta-analysis``):
      another word, no mention.
    """
    size = len(text)
    c = text[end]
    mark = c in _TAIL_MARKS
    i = end + 1 if mark else end
    if i >= size or not text[i].isalnum():
        return end, False  # a closing quote, a dash between words: the name ends here
    if not _is_cyrillic(text[i]):
        return (end, False) if c == QUOTE else None
    j = i
    while j < size and _is_cyrillic(text[j]):
        j += 1
    joined = j < size and (
        text[j].isalnum() or (text[j] == "-" and j + 1 < size and text[j + 1].isalnum())
    )
    if text[i:j] in LATIN_ENDINGS and not joined:
        return j, False
    if c == "-" and not joined and _platform_compound(text[i:j]):
        return j, False  # Facebook-страница: the stars go after the whole word
    return (end, True) if mark else None


_FORM_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _form_set(values: tuple[str, ...]) -> frozenset[str]:
    found = _FORM_SETS.get(values)
    if found is None:
        found = _FORM_SETS[values] = frozenset(values)
    return found


def build(entries: Iterable[RegistryEntry]) -> Matcher:
    return Matcher(list(entries))


__all__ = ["Matcher", "decision_key", "BOUNDARY"]
