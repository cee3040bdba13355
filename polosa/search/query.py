"""Reading the search index: matches, their order, their count, and spelling suggestions.

A query is a list of groups of lemmas (:meth:`~polosa.search.morphology.Lemmatiser.query`);
an article matches when it holds a lemma of every group, in its headline, lead, tags,
authors, people, source or body.

Order: relevance blended with recency, the same rule on both databases::

    score = relevance × (1 + RECENCY_DAYS / (RECENCY_DAYS + age in days))

so a match published today counts twice one from long ago, one a month old one and a half
times. Relevance is ``2 × (1 + r)`` when the headline, lead, tags, people or authors
answer the whole query (``r`` in [0, 1): SQLite's BM25 over those columns with the
headline weighted highest, PostgreSQL's ``ts_rank`` with the headline as ``A``), and ``1``
when only the body does: a headline match outranks a body match of the same day, and one
of two years before a body match of today. Computing a rank costs a read of every match;
ranking only the head matches and taking the body-only ones newest first (the index key is
the publication time, so both databases return them in that order and stop after a page)
keeps a query for a word found in most of the archive within its budget
(``bench/search.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from polosa.search.models import ID_BITS, SearchTerm, key_floor

#: Relevance of a match in the headline, lead, tags or names: at least ``HEAD_BASE``, up to
#: twice as much by their rank (a body-only match is 1).
HEAD_BASE = 2.0
#: The age at which a match's recency bonus is halved.
RECENCY_DAYS = 30.0
#: SQLite BM25 column weights: headline, lead and names, body.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
ENTRY = "polosa_search_searchentry"
FTS = "polosa_search_fts"

Groups = list[frozenset[str]]


@dataclass(frozen=True)
class Filters:
    rubric_id: int | None = None
    kind: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class Hit:
    article_id: int
    score: float
    text: str


def _boost(now: float) -> str:
    """SQL of the recency factor of a row (``e.key`` holds the publication second)."""
    age = f"(MAX(0, {now:.0f} - (e.key >> {ID_BITS})) / 86400.0)"
    if connection.vendor == "postgresql":
        age = age.replace("MAX(", "GREATEST(")
    return f"(1.0 + {RECENCY_DAYS} / ({RECENCY_DAYS} + {age}))"


def _filters(filters: Filters) -> tuple[str, list]:
    sql, params = [], []
    if filters.rubric_id is not None:
        sql.append("e.rubric_id = %s")
        params.append(filters.rubric_id)
    if filters.kind:
        sql.append("e.kind = %s")
        params.append(filters.kind)
    if filters.since is not None:
        sql.append("e.key >= %s")
        params.append(key_floor(filters.since))
    return "".join(f" AND {part}" for part in sql), params


# -- SQLite: FTS5 ------------------------------------------------------------------------


def _fts_query(groups: Groups, columns: str = "") -> str:
    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    expression = " AND ".join(
        "(" + " OR ".join(quoted(term) for term in sorted(group)) + ")" for group in groups
    )
    return f"{{{columns}}} : ({expression})" if columns else f"({expression})"


def _sqlite_hits(groups: Groups, filters: Filters, offset: int, limit: int, now: float):
    where, params = _filters(filters)
    head = _fts_query(groups, "title meta")
    body_only = f"{_fts_query(groups)} NOT {head}"
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS[:2]) + ", 0.0"
    depth = offset + limit
    sql = f"""
        SELECT e.article_id, s.score, e.text FROM (
            SELECT * FROM (
                SELECT e.key AS key,
                       {HEAD_BASE} * (1.0 + m.r / (m.r + 5.0)) * {_boost(now)} AS score
                FROM (SELECT rowid, -bm25({FTS}, {weights}) AS r
                      FROM {FTS} WHERE {FTS} MATCH %s) m
                JOIN {ENTRY} e ON e.key = m.rowid
                WHERE 1 = 1{where}
                ORDER BY score DESC LIMIT %s
            )
            UNION ALL
            SELECT * FROM (
                SELECT e.key AS key, {_boost(now)} AS score
                FROM {FTS} f JOIN {ENTRY} e ON e.key = f.rowid
                WHERE {FTS} MATCH %s{where}
                ORDER BY f.rowid DESC LIMIT %s
            )
        ) s JOIN {ENTRY} e ON e.key = s.key
        ORDER BY s.score DESC, s.key DESC LIMIT %s OFFSET %s
    """
    return sql, [head, *params, depth, body_only, *params, depth, limit, offset]


def _sqlite_count(groups: Groups, filters: Filters):
    where, params = _filters(filters)
    if not where:
        return f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [_fts_query(groups)]
    return (
        f"SELECT count(*) FROM {FTS} f JOIN {ENTRY} e ON e.key = f.rowid "
        f"WHERE {FTS} MATCH %s{where}",
        [_fts_query(groups), *params],
    )


# -- PostgreSQL: tsvector ----------------------------------------------------------------


def _tsquery(groups: Groups) -> str:
    def quoted(term: str) -> str:
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"

    return " & ".join(
        "(" + " | ".join(quoted(term) for term in sorted(group)) + ")" for group in groups
    )


def _postgres_hits(groups: Groups, filters: Filters, offset: int, limit: int, now: float):
    where, params = _filters(filters)
    query = "to_tsquery('simple'::regconfig, %s)"
    depth = offset + limit
    boost = _boost(now)
    sql = f"""
        SELECT e.article_id, s.score, e.text FROM (
            (SELECT e.key, {HEAD_BASE} * (1.0 + e.rank / (e.rank + 0.1)) * {boost} AS score
             FROM (SELECT e.key, ts_rank('{{0,0,0.4,1}}', e.head, {query}) AS rank
                   FROM {ENTRY} e WHERE e.head @@ {query}{where}) e
             ORDER BY score DESC LIMIT %s)
            UNION ALL
            (SELECT e.key, {boost} AS score FROM {ENTRY} e
             WHERE e.vector @@ {query} AND NOT e.head @@ {query}{where}
             ORDER BY e.key DESC LIMIT %s)
        ) s JOIN {ENTRY} e ON e.key = s.key
        ORDER BY s.score DESC, s.key DESC LIMIT %s OFFSET %s
    """
    text = _tsquery(groups)
    return sql, [text, text, *params, depth, text, text, *params, depth, limit, offset]


def _postgres_count(groups: Groups, filters: Filters):
    where, params = _filters(filters)
    return (
        f"SELECT count(*) FROM {ENTRY} e "
        f"WHERE e.vector @@ to_tsquery('simple'::regconfig, %s){where}",
        [_tsquery(groups), *params],
    )


# -- the selectors -----------------------------------------------------------------------


def hits(
    groups: Groups, filters: Filters, *, offset: int, limit: int, now: float | None = None
) -> list[Hit]:
    """One page of matches, best first."""
    if not groups or limit <= 0:
        return []
    now = time.time() if now is None else now
    build = _postgres_hits if connection.vendor == "postgresql" else _sqlite_hits
    sql, params = build(groups, filters, offset, limit, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(article_id, score, text) for article_id, score, text in cursor.fetchall()]


def count(groups: Groups, filters: Filters) -> int:
    """How many articles match."""
    if not groups:
        return 0
    build = _postgres_count if connection.vendor == "postgresql" else _sqlite_count
    sql, params = build(groups, filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def articles_with_any(terms: set[str]) -> list[int]:
    """Ids of the indexed articles holding any of ``terms`` (a person's name forms)."""
    if not terms:
        return []
    groups = [frozenset(terms)]
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT article_id FROM {ENTRY} e "
            "WHERE e.vector @@ to_tsquery('simple'::regconfig, %s)"
        )
        params = [_tsquery(groups)]
    else:
        sql = f"SELECT e.article_id FROM {FTS} f JOIN {ENTRY} e ON e.key = f.rowid "
        sql += f"WHERE {FTS} MATCH %s"
        params = [_fts_query(groups)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# -- «Возможно, вы искали» ---------------------------------------------------------------

_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_LATIN = "abcdefghijklmnopqrstuvwxyz"


def edits(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away (letters
    of the word's own alphabet)."""
    alphabet = _LATIN if word.isascii() else _CYRILLIC
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | transposes | replaces | inserts) - {word}


def known_terms(terms: set[str]) -> dict[str, int]:
    """The vocabulary's counts of those of ``terms`` it holds."""
    found: dict[str, int] = {}
    ordered = sorted(terms)
    for start in range(0, len(ordered), 5000):
        found.update(
            SearchTerm.objects.filter(
                term__in=ordered[start : start + 5000], documents__gt=0
            ).values_list("term", "documents")
        )
    return found


def correction(words: list[str], lemmas) -> list[str] | None:
    """The query's words with each word the index does not know replaced by the most
    frequent known word one edit away from it or from one of its lemmas; ``None`` when
    every word is known or some unknown word has no such neighbour."""
    bases = {word: {word, *lemmas(word)} for word in words}
    known = known_terms(set().union(*bases.values())) if bases else {}
    unknown = [word for word in words if not any(base in known for base in bases[word])]
    if not unknown:
        return None
    neighbours = {
        word: {term for base in bases[word] for term in edits(base)}
        for word in unknown
        if len(word) >= 3
    }
    if len(neighbours) < len(unknown):
        return None
    known = known_terms(set().union(*neighbours.values()))
    out = []
    for word in words:
        if word not in neighbours:
            out.append(word)
            continue
        near = sorted(term for term in neighbours[word] if term in known)
        if not near:
            return None
        out.append(max(near, key=lambda term: known[term]))
    return out
