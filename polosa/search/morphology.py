"""Russian words as the search index sees them: folded tokens and their lemmas.

Pure Python, no Django. Both the documents and the queries go through :class:`Lemmatiser`,
so a word matches whenever the two share a lemma: ``Перепёлкиным`` and ``перепелкина``
both give ``перепелкин``, ``выставки`` gives ``выставка``. ``ё`` is folded to ``е``, case
and stress marks are dropped, and every lemma pymorphy3 proposes for a word is kept
(``стали`` → ``стать`` and ``сталь``): recall over precision, because ranking puts the
headline matches first anyway.

pymorphy3 knows surnames by its ``Surn`` tag but not every one: an unknown surname is often
read as an adjective in some cases and as a noun in others (``Кедровой`` → ``кедровый``,
``Кедрову`` → ``кедров``). People from the directory are therefore declined by petrovich's
rules (as the mention engine declines them) and every form of their first name and surname
also yields the nominative as a *name token* (:func:`name_forms`), identical for every case.

Prepositions, conjunctions, particles and interjections are not indexed: they are in every
article and would only slow down every query that contains them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = [
    "MAX_QUERY_TERMS",
    "Lemmatiser",
    "Token",
    "fold",
    "name_forms",
    "tokens",
]

#: A query longer than this many words keeps its first ones.
MAX_QUERY_TERMS = 8
#: Parts of speech that carry no meaning of their own for search.
_STOP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
#: A word: letters and digits, with stress marks and soft hyphens inside it.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060])*")
_INVISIBLE = re.compile(r"[\u0300-\u036f\u00ad\u200b-\u200d\u2060]")
_ENDING_JOINERS = "-'’"
_RUSSIAN_ENDING = re.compile(r"[а-я]{1,3}")
#: Longer "words" are hashes, URLs glued together or garbage: not worth a lemma.
_MAX_WORD = 40


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Lower case, ``ё`` → ``е``, stress marks and soft hyphens out."""
    word = _INVISIBLE.sub("", word)
    if not word.isascii():
        word = unicodedata.normalize("NFC", word)
    return word.lower().replace("ё", "е")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: where it is (for highlighting) and its folded form."""

    start: int
    end: int
    folded: str


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` in order; hyphenated words give each part (``онлайн-кинотеатр``
    is ``онлайн`` and ``кинотеатр``), as a reader may type either. A Russian ending on a
    Latin name (``Instagram-е``, ``Facebook'ом``) is part of the name, not a word."""
    previous_end, previous_latin = -2, False
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        if (
            previous_latin
            and match.start() == previous_end + 1
            and text[previous_end] in _ENDING_JOINERS
            and _RUSSIAN_ENDING.fullmatch(folded)
        ):
            continue
        previous_end, previous_latin = match.end(), folded.isascii() and folded.isalpha()
        if folded and len(folded) <= _MAX_WORD:
            yield Token(match.start(), match.end(), folded)


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _dictionary_lemmas(folded: str) -> frozenset[str]:
    """pymorphy3's lemmas of a folded word; empty for a stop word."""
    if folded.isdigit() or not any(ch.isalpha() for ch in folded):
        return frozenset({folded})
    parses = _morph().parse(folded)
    if parses and parses[0].tag.POS in _STOP_POS:
        return frozenset()
    return frozenset(parse.normal_form.replace("ё", "е") for parse in parses) or frozenset({folded})


class Lemmatiser:
    """Lemmas of words, with the directory's names (``names``: a folded form → the name
    tokens it stands for, from :func:`name_forms`). One instance per directory state; its
    cache is its own, so a renamed person never leaves stale lemmas behind."""

    def __init__(self, names: Mapping[str, frozenset[str]] | None = None) -> None:
        self.names = dict(names or {})
        self._cache: dict[str, frozenset[str]] = {}

    def lemmas(self, folded: str) -> frozenset[str]:
        """Every lemma of one folded word (empty for a stop word)."""
        found = self._cache.get(folded)
        if found is None:
            found = _dictionary_lemmas(folded)
            extra = self.names.get(folded)
            if extra:
                found = found | extra
            if len(self._cache) < 500_000:
                self._cache[folded] = found
        return found

    def document(self, text: str) -> str:
        """``text`` as the index stores it: the lemmas of its words, space-separated."""
        out: list[str] = []
        for token in tokens(text):
            out.extend(sorted(self.lemmas(token.folded)))
        return " ".join(out)

    def document_lemmas(self, texts: Iterable[str]) -> set[str]:
        """The distinct lemmas of several texts (the vocabulary they add)."""
        found: set[str] = set()
        for text in texts:
            for token in tokens(text):
                found.update(self.lemmas(token.folded))
        return found

    def query(self, text: str) -> list[frozenset[str]]:
        """A reader's query as groups of alternatives: a document matches when it holds a
        lemma of every group. Repeated words count once; stop words are left out."""
        groups: list[frozenset[str]] = []
        for token in tokens(text):
            lemmas = self.lemmas(token.folded)
            if lemmas and lemmas not in groups:
                groups.append(lemmas)
            if len(groups) == MAX_QUERY_TERMS:
                break
        return groups

    def query_words(self, text: str) -> list[str]:
        """The folded words of a query that count (no stop words), for suggestions."""
        words: list[str] = []
        for token in tokens(text):
            if self.lemmas(token.folded) and token.folded not in words:
                words.append(token.folded)
        return words[:MAX_QUERY_TERMS]


def name_forms(first: str, surname: str) -> dict[str, frozenset[str]]:
    """Every case form of a person's first name and surname (folded) → the name tokens
    (the folded nominatives) they stand for. ``("Полина", "Кедрова")`` maps ``кедровой``,
    ``кедрову``, ``кедровою``… to ``{"кедрова"}``; the family plural (``Кедровы``) too."""
    from polosa.legal.engine import names

    gender = names.detect_gender(surname=surname, first=first)
    forms: dict[str, frozenset[str]] = {}
    for value, role in ((first.strip(), "firstname"), (surname.strip(), "lastname")):
        if not value:
            continue
        nominative = [token.folded for token in tokens(value)]
        variants = {value}
        for case in names.CASE_INDEX:
            variants.add(names.inflect(value, role, gender, case))
            if "-" in value:
                variants.add(names.inflect(value, role, gender, case, strict=False))
        if role == "lastname":
            variants.update(_family_plural(fold(value)))
        for variant in variants:
            for token in tokens(variant):
                forms[token.folded] = forms.get(token.folded, frozenset()) | set(nominative)
    return forms


def _family_plural(surname: str) -> set[str]:
    """``Кедровы``, ``Кедровых``…: a surname in -ов/-ин and their feminine forms."""
    match = re.search(r"(ов|ев|ин|ын)а?$", surname)
    if not match:
        return set()
    stem = surname[: match.start()] + match.group(1)
    return {stem + ending for ending in ("ы", "ых", "ым", "ыми")}
