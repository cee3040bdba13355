"""The compiled matcher: one Aho-Corasick automaton over every surface form of a registry.

Only distinctive forms go into the automaton: surnames (in every case and number),
organisation names and aliases, pseudonyms. First names, patronymics and initials are not
keys of their own; they are looked up next to a surname hit, which keeps the automaton
small (a 30 000-entry registry loads from its cache in a fraction of a second) and lets
the matcher tell ``Иван Иванов`` from ``Пётр Иванов``.

Precision rules (see docs/legal-labels.md):

* A full name (first name or initials next to the surname, in either order) is ``sure``.
* A surname alone is ``sure`` if the same person's full name stood earlier in the text, or
  if the surname is not a common word (``Иванов`` is rare enough; ``Мороз``, ``Орлов`` are
  not). Otherwise it is ``review``; a lower-case common word (``ударил мороз``) is nothing.
* A surname right after another first name or other initials (``Пётр Иванов``,
  ``П. Иванов``) is another person: no hit. A surname followed by another first name
  (``Иванов Пётр``) is ``review``, because Russian also writes ``сказал Иванов Анне``.
* A surname shared by several entries is ``review`` for each of them unless an earlier full
  name settles which one is meant.
* An alias made of ordinary words (``Дождь``, ``Мета``) is ``sure`` in quotes or after a type
  word (``телеканал Дождь``); capitalised elsewhere, a sentence's first word included, it is
  ``review``; in lower case (``шёл дождь``) it is nothing.
* A Latin alias takes a Russian case ending after an apostrophe or a hyphen
  (``Facebook'ом``, ``Instagram-е``) and stays ``sure``; a longer Latin word is no mention
  (``MetaMask``), a Cyrillic compound is ``review`` (``Instagram-аккаунт``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import ahocorasick

from . import forms
from .entries import REVIEW, SURE, Marked, Mention, RegistryEntry
from .footnotes import footnote_text
from .normalise import BOUNDARY, QUOTE, Normalised, fold, normalise

_NEVER = 2**31 - 1

#: Kinds of automaton hits.
SURNAME, ALIAS, ORDINARY = 1, 2, 3

_BEFORE_TWO = re.compile(r"(?:^|[^\w-])(\w+) (\w+) $")
_BEFORE_ONE = re.compile(r"(?:^|[^\w-])(\w+) $")
_BEFORE_INITIALS = re.compile(r"(?:^|[^\w.-])(\w)\. ?(?:(\w)\. ?)?$")
_AFTER_TWO = re.compile(r"^ (\w+) (\w+)(?![\w-])")
_AFTER_ONE = re.compile(r"^ (\w+)(?![\w-])")
_AFTER_INITIALS = re.compile(r"^ (\w)\.(?: ?(\w)\.)?")
_PREVIOUS_WORD = re.compile(r"([\w-]+)[ \"]*$")


@dataclass(slots=True)
class _Hit:
    start: int  # normalised indexes
    end: int
    entry: int
    certainty: str
    full: bool = False
    surname_only: bool = False


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

        self.type_words = forms.type_word_forms()
        # Automaton values index two flat arrays: the key's length and its target, an int
        # ``entry * 4 + hit kind``, or ``-(i + 1)`` for a key shared by several entries and
        # listed in ``self.shared[i]``. Flat arrays pickle and load in no time.
        self.key_length = array("H")
        self.key_target = array("i")
        self.shared: list[tuple[int, ...]] = []
        automaton = ahocorasick.Automaton()
        for key, values in keys.items():
            automaton.add_word(key, len(self.key_length))
            self.key_length.append(len(key))
            codes = tuple(entry * 4 + hit_kind for entry, hit_kind in values)
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
            # One shared set per distinct first name: pickle then stores it once.
            firsts = _form_set(forms.first_name_forms(name.first, gender))
            patronymics = _form_set(forms.patronymic_forms(name.patronymic, gender))
            self.persons.append(
                (
                    firsts,
                    patronymics,
                    fold(name.first[:1]),
                    fold(name.patronymic[:1]),
                    forms.is_common_surname(name.surname),
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
        for phrase in (entry.name, *entry.aliases):
            self._add_phrase(index, phrase, add)
            for quoted in forms.quoted_parts(phrase):
                self._add_phrase(index, quoted, add)

    def _add_phrase(self, index: int, phrase: str, add, *, person: bool = False) -> None:
        hit_kind = ORDINARY if forms.is_ordinary_phrase(phrase) else ALIAS
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
        return self._scan(norm, on)

    def _scan(self, norm: Normalised, on: date | None) -> list[Mention]:
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
                    # Инстаграм-аккаунт names the entity (review); Иванов-Крамской is
                    # someone else and Дождь-шоу an ordinary word (nothing).
                    compound = doubtful = True
            code = key_target[value]
            for target in (code,) if code >= 0 else self.shared[-code - 1]:
                entry, hit_kind = divmod(target, 4)
                if not active[entry] or (compound and hit_kind != ALIAS):
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
        if hit_kind == ORDINARY:
            return self._judge_ordinary(norm, start, end, entry)
        person = self.persons[entry]
        if person is None:
            return None
        firsts, patronymics, first_initial, patronymic_initial, common_surname = person
        # Names before the surname: Иван [Петрович] Иванов, И. [П.] Иванов.
        before = text[max(0, start - 60) : start]
        m = _BEFORE_TWO.search(before)
        if m and m.group(1) in firsts and m.group(2) in patronymics:
            return _Hit(start - len(before) + m.start(1), end, entry, SURE, True)
        m = _BEFORE_ONE.search(before)
        if m:
            word = m.group(1)
            if word in firsts:
                return _Hit(start - len(word) - 1, end, entry, SURE, True)
            if (
                len(word) > 1
                and self._is_capitalised(norm, start - len(word) - 1)
                and forms.is_first_name(word)
            ):
                return None  # Пётр Иванов: another person
        m = _BEFORE_INITIALS.search(before)
        offset = start - len(before)
        if m and self._is_capitalised(norm, offset + m.start(1)):
            f, p = m.group(1), m.group(2)
            if f == first_initial and (p is None or p == patronymic_initial):
                return _Hit(offset + m.start(1), end, entry, SURE, True)
            return None  # П. Иванов: another person
        # Names after the surname: Иванов Иван [Петрович], Иванов И. [П.]
        after = text[end : end + 60]
        m = _AFTER_TWO.match(after)
        if m and m.group(1) in firsts and m.group(2) in patronymics:
            return _Hit(start, end + m.end(), entry, SURE, True)
        m = _AFTER_ONE.match(after)
        other_after = False
        if m:
            word = m.group(1)
            if word in firsts:
                return _Hit(start, end + m.end(), entry, SURE, True)
            if len(word) > 1 and self._is_capitalised(norm, end + 1):
                other_after = forms.is_first_name(word)
        m = _AFTER_INITIALS.match(after)
        if m and self._is_capitalised(norm, end + 1):
            f, p = m.group(1), m.group(2)
            if f == first_initial and (p is None or p == patronymic_initial):
                return _Hit(start, end + m.end(), entry, SURE, True)
            other_after = True
        if common_surname and not self._is_capitalised(norm, start):
            return None  # ударил мороз
        hit = _Hit(start, end, entry, REVIEW, False, True)
        if other_after:
            hit.surname_only = False  # an earlier full name does not make it sure
        return hit

    def _judge_ordinary(self, norm: Normalised, start: int, end: int, entry: int):
        text = norm.text
        quoted = start > 0 and text[start - 1] == QUOTE and end < len(text) and text[end] == QUOTE
        if quoted:
            return _Hit(start, end, entry, SURE)
        m = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
        if m and m.group(1) in self.type_words:
            return _Hit(start, end, entry, SURE)
        if self._is_capitalised(norm, start):
            # A capital may be the name or only the start of a sentence (``Дождь шёл…``,
            # ``Дождь выпустил…``): the editor decides.
            return _Hit(start, end, entry, REVIEW)
        return None  # шёл дождь

    @staticmethod
    def _is_capitalised(norm: Normalised, i: int) -> bool:
        if i < 0 or i >= len(norm.text):
            return False
        o = norm.start(i)
        return o < len(norm.original) and norm.original[o].isupper()

    def _resolve(self, norm: Normalised, hits: list[_Hit]) -> list[Mention]:
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
        seen_full: set[int] = set()
        per_span: dict[tuple[int, int], list[_Hit]] = {}
        for h in kept:
            per_span.setdefault((h.start, h.end), []).append(h)
        mentions: list[Mention] = []
        original = norm.original
        for (start, end), group in per_span.items():
            entries = {h.entry for h in group}
            settled = entries & seen_full
            for h in group:
                if h.full:
                    seen_full.add(h.entry)
                certainty = h.certainty
                if h.surname_only:
                    person = self.persons[h.entry]
                    if settled:
                        if h.entry not in settled:
                            continue  # the earlier full name says which Иванов this is
                        certainty = SURE
                    elif len(entries) == 1 and not person[4]:
                        certainty = SURE
                o_start, o_end = norm.start(start), norm.end(end)
                mentions.append(
                    Mention(
                        o_start,
                        o_end,
                        original[o_start:o_end],
                        self.ids[h.entry],
                        self.kinds[h.entry],
                        certainty,
                    )
                )
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
        innermost element holding it and never split a tag or an entity.
        """
        mentions = self.scan(html, on=on)
        stars: dict[str, str] = {}
        footnotes = []
        inserts: list[tuple[int, str]] = []
        by_id = self._by_id()
        for m in mentions:
            if m.certainty != SURE and not (decisions or {}).get(decision_key(m), False):
                continue
            if m.entry_id not in stars:
                stars[m.entry_id] = "*" * (len(stars) + 1)
                index = by_id[m.entry_id]
                footnotes.append(self._footnote(index, stars[m.entry_id], templates))
            elif not repeat:
                continue
            if inserts and inserts[-1][0] == m.end:
                continue  # two entries behind one ambiguous span: one set of stars
            inserts.append((m.end, stars[m.entry_id]))
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

    def _footnote(self, index: int, stars: str, templates):
        from .entries import Footnote

        entry = self.entries[index]
        text = footnote_text(entry, self.names[index], self.female[index], templates)
        return Footnote(stars=stars, entry_id=entry.id, kind=entry.kind, text=text)

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
