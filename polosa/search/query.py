"""Reading the search index: matches, their order, their count, and spelling suggestions.

A query is a list of groups of lemmas (:meth:`~polosa.search.morphology.Lemmatiser.query`);
an article matches when it holds a lemma of every group, in its headline, lead, tags,
authors, people, source or body.

Order: relevance blended with recency, the same rule on both databases::

    score = relevance × (1 + RECENCY_DAYS / (RECENCY_DAYS + age in days))

Relevance is where the whole query is answered: the headline alone (3), the headline with
the lead, tags, authors, people and source (2), or only with the body too (1). Recency
doubles the score of a match published today, one and a half times a month-old one, and
fades out over years: a headline match of 40 days outranks a body match of this morning,
a lead match of today a headline match of a year ago. Within a tier the newer comes first.

Term-frequency ranks (BM25, ``ts_rank``) are not used: on news they mostly reward long
texts repeating a word, and computing one reads every match — for a word in most of the
archive, every article. The tiers need no rank: the index key is the publication time, so
both databases hand each tier's matches over newest first and stop after a page
(``bench/search.py`` measures the result).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from polosa.search.models import ID_BITS, SearchTerm, key_floor

#: Relevance of a match by where the whole query is found.
TITLE, HEAD, BODY = 3.0, 2.0, 1.0
#: PostgreSQL scores up to this many matches in one pass (see ``_postgres_hits``).
PG_ONE_PASS = 5000
#: The newest entries a tier is first looked for in, newest first (``_postgres_tiers``).
PG_WINDOW = 500
#: The age at which a match's recency bonus is halved.
RECENCY_DAYS = 30.0
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


def _union(parts: list[tuple[str, list]], offset: int, limit: int) -> tuple[str, list]:
    """The tiers' pages merged by score (each tier hands over its newest ``offset +
    limit``, which holds whatever of it the requested page can show)."""
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({part}) tier{number}" for number, (part, _) in enumerate(parts)
    )
    params = [param for _, part_params in parts for param in part_params]
    return (
        f"SELECT e.article_id, s.score, e.text FROM ({sql}) s "
        f"JOIN {ENTRY} e ON e.key = s.key ORDER BY s.score DESC, s.key DESC LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )


def _sqlite_hits(
    groups: Groups, filters: Filters, offset: int, limit: int, now: float, total: int | None
):
    where, params = _filters(filters)
    title = _fts_query(groups, "title")
    head = _fts_query(groups, "title meta")
    tiers = [
        (TITLE, title),
        (HEAD, f"{head} NOT {title}"),
        (BODY, f"{_fts_query(groups)} NOT {head}"),
    ]
    parts = [
        (
            f"SELECT e.key AS key, {weight} * {_boost(now)} AS score "
            f"FROM {FTS} f JOIN {ENTRY} e ON e.key = f.rowid "
            f"WHERE {FTS} MATCH %s{where} ORDER BY f.rowid DESC LIMIT %s",
            [match, *params, offset + limit],
        )
        for weight, match in tiers
    ]
    return _union(parts, offset, limit)


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


def _tsquery(groups: Groups, weight: str = "") -> str:
    """``('a' | 'b') & 'c'``; with ``weight`` every lexeme restricted to it (``'a':A``: the
    headline's, as the ``head`` vector weights it)."""
    label = f":{weight}" if weight else ""

    def quoted(term: str) -> str:
        return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'" + label

    return " & ".join(
        "(" + " | ".join(quoted(term) for term in sorted(group)) + ")" for group in groups
    )


def _postgres_hits(
    groups: Groups, filters: Filters, offset: int, limit: int, now: float, total: int | None
):
    """A few thousand matches (the count is known by then) scored in one pass over the
    GIN index's bitmap; ``None`` for more (:func:`_postgres_tiers`)."""
    where, params = _filters(filters)
    query = "to_tsquery('simple'::regconfig, %s)"
    text, title = _tsquery(groups), _tsquery(groups, weight="A")
    boost = _boost(now)
    tier = (
        f"CASE WHEN e.head @@ {query} THEN {TITLE} "
        f"WHEN e.head @@ {query} THEN {HEAD} ELSE {BODY} END"
    )
    if total is not None and total <= PG_ONE_PASS:
        sql = (
            f"SELECT e.article_id, s.score, e.text FROM ("
            f"SELECT e.key, {tier} * {boost} AS score FROM {ENTRY} e "
            f"WHERE e.vector @@ {query}{where} ORDER BY score DESC, e.key DESC LIMIT %s OFFSET %s"
            f") s JOIN {ENTRY} e ON e.key = s.key ORDER BY s.score DESC, s.key DESC"
        )
        return sql, [title, text, text, *params, limit, offset]
    return None


def _postgres_tiers(
    groups: Groups, filters: Filters, offset: int, limit: int, now: float
) -> list[Hit]:
    """Many matches, tier by tier. Within a tier the newer match scores higher, so a
    tier's best are its newest: each is first read newest first along the key over the
    newest entries (a page of a dense tier comes after a few rows), and only when that
    window holds too few, over the GIN index's bitmap (then the tier is sparse, so
    cheap). PostgreSQL's planner cannot tell the two cases apart for a ``LIMIT`` over a
    full-text condition: it walked the whole key for rare words (200 ms)."""
    where, params = _filters(filters)
    query = "to_tsquery('simple'::regconfig, %s)"
    text, title = _tsquery(groups), _tsquery(groups, weight="A")
    depth = offset + limit
    tiers = [
        # The plain query first: the GIN index answers it, the weighted one filters.
        (TITLE, f"e.head @@ {query} AND e.head @@ {query}", [text, title]),
        (HEAD, f"e.head @@ {query} AND NOT e.head @@ {query}", [text, title]),
        (BODY, f"e.vector @@ {query} AND NOT e.head @@ {query}", [text, text]),
    ]
    scored: list[tuple[float, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key FROM {ENTRY} ORDER BY key DESC OFFSET %s LIMIT 1",
            [PG_WINDOW],
        )
        row = cursor.fetchone()
        floor = row[0] if row else 0
        for weight, condition, condition_params in tiers:
            base = f"SELECT e.key FROM {ENTRY} e WHERE {condition}{where}"
            # "IS TRUE": no GIN index can answer it, so the newest entries are walked
            # along the key and the walk stops after a page.
            cursor.execute(
                f"SELECT e.key FROM {ENTRY} e WHERE ({condition}) IS TRUE{where} "
                "AND e.key >= %s ORDER BY e.key DESC LIMIT %s",
                [*condition_params, *params, floor, depth],
            )
            keys = [key for (key,) in cursor.fetchall()]
            if len(keys) < depth and floor:
                # "+ 0": sorted after the bitmap scan, not walked along the key.
                cursor.execute(
                    f"{base} ORDER BY e.key + 0 DESC LIMIT %s",
                    [*condition_params, *params, depth],
                )
                keys = [key for (key,) in cursor.fetchall()]
            scored += [(weight * boost(key, now), key) for key in keys]
        page = sorted(scored, reverse=True)[offset:depth]
        if not page:
            return []
        cursor.execute(
            f"SELECT key, article_id, text FROM {ENTRY} WHERE key = ANY(%s)",
            [[key for _, key in page]],
        )
        rows = {key: (article_id, body) for key, article_id, body in cursor.fetchall()}
    return [Hit(rows[key][0], score, rows[key][1]) for score, key in page if key in rows]


def boost(key: int, now: float) -> float:
    """The recency factor of an entry, as ``_boost`` computes it in SQL."""
    age = max(0.0, now - (key >> ID_BITS)) / 86400.0
    return 1.0 + RECENCY_DAYS / (RECENCY_DAYS + age)


def _postgres_count(groups: Groups, filters: Filters):
    where, params = _filters(filters)
    return (
        f"SELECT count(*) FROM {ENTRY} e "
        f"WHERE e.vector @@ to_tsquery('simple'::regconfig, %s){where}",
        [_tsquery(groups), *params],
    )


# -- the selectors -----------------------------------------------------------------------


def hits(
    groups: Groups,
    filters: Filters,
    *,
    offset: int,
    limit: int,
    now: float | None = None,
    total: int | None = None,
) -> list[Hit]:
    """One page of matches, best first; ``total``, the count when known, picks the plan."""
    if not groups or limit <= 0:
        return []
    now = time.time() if now is None else now
    if connection.vendor == "postgresql":
        found = _postgres_hits(groups, filters, offset, limit, now, total)
        if found is None:
            return _postgres_tiers(groups, filters, offset, limit, now)
        sql, params = found
    else:
        sql, params = _sqlite_hits(groups, filters, offset, limit, now, total)
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
