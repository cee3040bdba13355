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
archive, every article. What a page costs is bounded instead, whatever the word:

* **filters in the index**: the rubric, the kind and the week of publication are terms
  of the full-text index (:func:`~polosa.search.models.entry_facets`), so "«фильм» in
  «Кино», reviews" is an intersection of three posting lists, not a read of every
  article holding «фильм»;
* **a capped count**: matches are counted up to :data:`COUNT_CAP` (one more tells "more
  than that": «Найдено более 1 000 материалов»), and no page lies beyond the cap, as in
  any web search engine;
* **the newest first, in windows**: within a tier the newer match scores higher, so a
  tier's best are its newest. SQLite's FTS5 hands matches over newest first (its rowid is
  the publication-time key) and stops after a page. PostgreSQL reads the matches of the
  newest weeks first (:data:`PG_RINGS`, the week terms), older weeks only for the tiers
  that could still reach the page: a match older than a window scores at most its tier's
  weight times the window's recency factor (the threshold rule of top-k retrieval), so
  the page is exactly the one a full ranking gives. A result set within the cap is
  ranked in one pass.

``bench/search.py`` measures the result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from polosa.search.models import ID_BITS, WEEK, SearchTerm, key_floor

#: Relevance of a match by where the whole query is found.
TITLE, HEAD, BODY = 3.0, 2.0, 1.0
TIERS = (TITLE, HEAD, BODY)
#: Matches are counted exactly up to this many; past it the count says «более».
COUNT_CAP = 1000
#: PostgreSQL ranks a result set of up to this many matches in one pass.
PG_ONE_PASS = COUNT_CAP
#: PostgreSQL's recency windows, in weeks back from this one: the matches of the newest
#: two weeks, then of the six before, then of the rest of the year, then the older ones.
PG_RINGS = (2, 8, 52)
#: The age at which a match's recency bonus is halved.
RECENCY_DAYS = 30.0
ENTRY = "polosa_search_searchentry"
FTS = "polosa_search_fts"
#: The FTS5 columns readers' words are looked for in (never ``facets``).
TEXT_COLUMNS = "title meta body"

Groups = list[frozenset[str]]


@dataclass(frozen=True)
class Filters:
    rubric_id: int | None = None
    kind: str | None = None
    since: datetime | None = None

    @property
    def facets(self) -> list[str]:
        """The facet terms the filters ask for (without the ``§``)."""
        terms = []
        if self.rubric_id is not None:
            terms.append(f"r{self.rubric_id}")
        if self.kind:
            terms.append(f"k{self.kind}")
        return terms


@dataclass(frozen=True)
class Hit:
    article_id: int
    score: float
    text: str


def _boost(now: float, column: str = "e.key") -> str:
    """SQL of the recency factor of a row (``column`` holds the publication second)."""
    age = f"(MAX(0, {now:.0f} - ({column} >> {ID_BITS})) / 86400.0)"
    if connection.vendor == "postgresql":
        age = age.replace("MAX(", "GREATEST(")
    return f"(1.0 + {RECENCY_DAYS} / ({RECENCY_DAYS} + {age}))"


def boost(key: int, now: float) -> float:
    """The recency factor of an entry, as ``_boost`` computes it in SQL."""
    return boost_at(key >> ID_BITS, now)


def boost_at(second: float, now: float) -> float:
    """The recency factor of a publication at ``second`` (since the epoch)."""
    age = max(0.0, now - second) / 86400.0
    return 1.0 + RECENCY_DAYS / (RECENCY_DAYS + age)


def _since(filters: Filters, column: str) -> tuple[str, list]:
    if filters.since is None:
        return "", []
    return f" AND {column} >= %s", [key_floor(filters.since)]


# -- SQLite: FTS5 ------------------------------------------------------------------------


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_query(groups: Groups, columns: str = TEXT_COLUMNS) -> str:
    expression = " AND ".join(
        "(" + " OR ".join(_quoted(term) for term in sorted(group)) + ")" for group in groups
    )
    return f"{{{columns}}} : ({expression})"


def _fts_match(expression: str, filters: Filters) -> str:
    """``expression`` within the filters' facets."""
    if not filters.facets:
        return expression
    wanted = " AND ".join(_quoted(term) for term in filters.facets)
    return f"({expression}) AND {{facets}} : ({wanted})"


def _sqlite_hits(groups: Groups, filters: Filters, offset: int, limit: int, now: float):
    """Each tier's newest ``offset + limit`` (which hold whatever of it the page can show:
    FTS5 walks its matches newest first and stops there), merged by score."""
    since, since_params = _since(filters, "f.rowid")
    title = _fts_query(groups, "title")
    head = _fts_query(groups, "title meta")
    tiers = [
        (TITLE, title),
        (HEAD, f"{head} NOT {title}"),
        (BODY, f"{_fts_query(groups)} NOT {head}"),
    ]
    parts = [
        (
            f"SELECT f.rowid AS key, {weight} * {_boost(now, 'f.rowid')} AS score "
            f"FROM {FTS} f WHERE {FTS} MATCH %s{since} ORDER BY f.rowid DESC LIMIT %s",
            [_fts_match(match, filters), *since_params, offset + limit],
        )
        for weight, match in tiers
    ]
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({part}) tier{number}" for number, (part, _) in enumerate(parts)
    )
    params = [param for _, part_params in parts for param in part_params]
    return (
        f"SELECT e.article_id, s.score, e.text FROM ({sql}) s "
        f"JOIN {ENTRY} e ON e.key = s.key ORDER BY s.score DESC, s.key DESC LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )


def _sqlite_count(groups: Groups, filters: Filters, cap: int):
    since, since_params = _since(filters, "rowid")
    return (
        f"SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s{since} LIMIT %s)",
        [_fts_match(_fts_query(groups), filters), *since_params, cap],
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


def _facet_tsquery(filters: Filters, weeks: range | None = None) -> str:
    """The facets as exact lexemes (cast to ``tsquery``, never parsed): the filters'
    terms, and one of ``weeks`` when given; ``""`` when there is nothing to ask."""
    parts = [f"'§{term}'" for term in filters.facets]
    if weeks is not None:
        parts.append("(" + " | ".join(f"'§w{week}'" for week in weeks) + ")")
    return " & ".join(parts)


def _pg_match(column: str, text: str, facets: str) -> tuple[str, list]:
    """``column`` holds the words of ``text`` (parsed as the index was) and ``facets``."""
    if not facets:
        return f"{column} @@ to_tsquery('simple'::regconfig, %s)", [text]
    return (
        f"{column} @@ (to_tsquery('simple'::regconfig, %s) && %s::tsquery)",
        [text, facets],
    )


def _tier_sql(text: str, title: str) -> tuple[str, list]:
    query = "to_tsquery('simple'::regconfig, %s)"
    return (
        f"CASE WHEN e.head @@ {query} THEN {TITLE} "
        f"WHEN e.head @@ {query} THEN {HEAD} ELSE {BODY} END",
        [title, text],
    )


def _postgres_one_pass(groups: Groups, filters: Filters, offset: int, limit: int, now: float):
    """A result set within the cap (the count is known by then), scored in one pass over
    the GIN index's bitmap."""
    text, title = _tsquery(groups), _tsquery(groups, weight="A")
    match, match_params = _pg_match("e.vector", text, _facet_tsquery(filters))
    since, since_params = _since(filters, "e.key")
    tier, tier_params = _tier_sql(text, title)
    sql = (
        f"SELECT e.article_id, s.score, e.text FROM ("
        f"SELECT e.key, {tier} * {_boost(now)} AS score FROM {ENTRY} e "
        f"WHERE {match}{since} ORDER BY score DESC, e.key DESC LIMIT %s OFFSET %s"
        f") s JOIN {ENTRY} e ON e.key = s.key ORDER BY s.score DESC, s.key DESC"
    )
    return sql, [*tier_params, *match_params, *since_params, limit, offset]


def rings(now: float) -> list[tuple[range | None, int | None]]:
    """PostgreSQL's windows, newest first: each one's weeks (``None``: every week before
    the last window) and the first second of the window (``None``: the beginning)."""
    week = int(now) // WEEK
    out: list[tuple[range | None, int | None]] = []
    newer = week + 1
    for back in PG_RINGS:
        older = week - back + 1
        out.append((range(older, newer), older * WEEK))
        newer = older
    out.append((None, None))
    return out


def _postgres_rings(
    groups: Groups, filters: Filters, offset: int, limit: int, now: float
) -> list[Hit]:
    """Many matches: window by window, newest first (:func:`rings`). Each window is one
    query over the GIN index (the words, the filters' facets and the window's weeks: only
    the window's matches are read), giving each tier's newest ``offset + limit`` in it. A
    tier is done once it has that many; an unfinished tier is read in older windows only
    while its best possible score there (its weight times the recency factor of the
    window's start) could still reach the page."""
    text, title = _tsquery(groups), _tsquery(groups, weight="A")
    depth = offset + limit
    since_key = key_floor(filters.since) if filters.since is not None else None
    tier, tier_params = _tier_sql(text, title)
    found: dict[float, int] = dict.fromkeys(TIERS, 0)
    scored: list[tuple[float, int]] = []
    newest = None  # the first second of the window read last (everything unread is older)
    with connection.cursor() as cursor:
        for weeks, start in rings(now):
            wanted = [weight for weight in TIERS if found[weight] < depth]
            if newest is not None and len(scored) >= depth:
                threshold = sorted(scored, reverse=True)[depth - 1][0]
                wanted = [w for w in wanted if w * boost_at(newest, now) >= threshold]
            if not wanted:
                break
            if since_key is not None and newest is not None and since_key >> ID_BITS >= newest:
                break  # the period ends within the windows read
            if BODY in wanted:
                match = _pg_match("e.vector", text, _facet_tsquery(filters, weeks))
            elif HEAD in wanted:
                match = _pg_match("e.head", text, _facet_tsquery(filters, weeks))
            else:
                match = _pg_match("e.head", title, _facet_tsquery(filters, weeks))
            where, params = match
            if weeks is None and newest is not None:
                # Every week the windows did not name: older ones, and any after this
                # week (a publication time ahead of the clock).
                where += " AND (e.key < %s OR e.key >= %s)"
                params = [*params, newest << ID_BITS, (int(now) // WEEK + 1) * WEEK << ID_BITS]
            since, since_params = _since(filters, "e.key")
            tiers = ", ".join(str(weight) for weight in wanted)
            cursor.execute(
                "SELECT key, tier FROM (SELECT key, tier, row_number() OVER "
                "(PARTITION BY tier ORDER BY key DESC) AS n FROM ("
                f"SELECT e.key, {tier} AS tier FROM {ENTRY} e WHERE {where}{since}"
                f") m WHERE tier IN ({tiers})) s WHERE n <= %s",
                [*tier_params, *params, *since_params, depth],
            )
            for key, tier_weight in cursor.fetchall():
                weight = float(tier_weight)
                found[weight] += 1
                scored.append((weight * boost(key, now), key))
            if start is None:
                break
            newest = start
        page = sorted(scored, reverse=True)[offset:depth]
        if not page:
            return []
        cursor.execute(
            f"SELECT key, article_id, text FROM {ENTRY} WHERE key = ANY(%s)",
            [[key for _, key in page]],
        )
        rows = {key: (article_id, body) for key, article_id, body in cursor.fetchall()}
    return [Hit(rows[key][0], score, rows[key][1]) for score, key in page if key in rows]


def _postgres_count(groups: Groups, filters: Filters, cap: int):
    match, params = _pg_match("e.vector", _tsquery(groups), _facet_tsquery(filters))
    since, since_params = _since(filters, "e.key")
    return (
        f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY} e WHERE {match}{since} LIMIT %s) s",
        [*params, *since_params, cap],
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
    """One page of matches, best first; ``total``, the count when known (:func:`count`),
    picks the plan."""
    if not groups or limit <= 0:
        return []
    now = time.time() if now is None else now
    if connection.vendor == "postgresql":
        if total is None or total > PG_ONE_PASS:
            return _postgres_rings(groups, filters, offset, limit, now)
        sql, params = _postgres_one_pass(groups, filters, offset, limit, now)
    else:
        sql, params = _sqlite_hits(groups, filters, offset, limit, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(article_id, score, text) for article_id, score, text in cursor.fetchall()]


def count(groups: Groups, filters: Filters, *, cap: int | None = None) -> int:
    """How many articles match, counted up to ``cap`` (:data:`COUNT_CAP`) plus one: a
    result above the cap means "more than the cap"."""
    if not groups:
        return 0
    cap = COUNT_CAP if cap is None else cap
    build = _postgres_count if connection.vendor == "postgresql" else _sqlite_count
    sql, params = build(groups, filters, cap + 1)
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
