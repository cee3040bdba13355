"""The words an article's headline and lead are about, for finding articles like it.

Pure Python (pymorphy3, no Django). Two kinds of keyword:

* lemmas of the content words (nouns, adjectives, verbs, participles, Latin words),
  lower-case with ``ё`` as ``е``: ``Перепёлкиным`` → ``перепелкин``, ``выставки`` →
  ``выставка``;
* names: what the text puts in quotes («Тихая гавань», «Неон»), and the film or series a
  review is about, as the lemmas of all their words in guillemets: ``«тихий гавань»``.
  Russian news quotes the names of films, albums, festivals and companies, and declines
  them now and then (``в «Тихой гавани»``); the lemmas make both forms one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["MAX_LENGTH", "is_name", "keywords", "lemma", "name_keyword"]

#: Longer keywords are cut (the column's width).
MAX_LENGTH = 80
_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)
_QUOTED = re.compile(r"«([^«»]{1,120})»|„([^„“]{1,120})“|\"([^\"]{1,120})\"")
_CONTENT = frozenset({"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS"})
#: Words every other headline has: they say nothing about what an article is about.
_STOP = frozenset({"быть", "стать", "мочь", "весь", "год", "новый", "самый", "это"})


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _parse(word: str) -> tuple[str, bool]:
    """The lemma of ``word`` and whether it is a content word."""
    parsed = _morph().parse(word)[0]
    tag = parsed.tag
    content = (tag.POS in _CONTENT and "Apro" not in tag) or "LATN" in tag
    return parsed.normal_form.replace("ё", "е"), content


def lemma(word: str) -> str:
    return _parse(word.lower().replace("ё", "е"))[0]


def _words(text: str) -> list[str]:
    return [word.lower().replace("ё", "е") for word in _WORD.findall(text)]


def name_keyword(name: str) -> str:
    """A name as a keyword: the lemmas of every word, in guillemets (empty if no word)."""
    words = [lemma(word) for word in _words(name)]
    if not words:
        return ""
    return ("«" + " ".join(words))[: MAX_LENGTH - 1] + "»"


def is_name(keyword: str) -> bool:
    return keyword.startswith("«")


def keywords(headline: str, lead: str = "", names: Iterable[str] = ()) -> set[str]:
    """The lemmas and names of an article (``names``: what it reviews, given apart)."""
    text = f"{headline}\n{lead}"
    found: set[str] = set()
    for word in _words(text):
        if len(word) < 3 or word.isdigit():
            continue
        normal, content = _parse(word)
        if content and normal not in _STOP:
            found.add(normal[:MAX_LENGTH])
    quoted = ("".join(groups) for groups in _QUOTED.findall(text))
    for name in (*quoted, *names):
        keyword = name_keyword(name)
        if keyword:
            found.add(keyword)
    return found
