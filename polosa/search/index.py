"""Writing the readers' search index: one entry per published, public article.

What goes in is the article's own source text, never the page as rendered: the headline,
the lead, the body's text (rich text without tags, quotes, captions, headings, list items,
tables, cards; an embed's caption, not its address), and in ``meta`` the tags, the authors,
the people the article links to and the source. The legal marks (stars, footnotes, the
foreign-agent plaque) are added when a page is rendered, so they never reach the index.

Who may read an article is decided by :func:`polosa.news.listing.published_articles`,
nowhere else: :func:`index_article` writes an entry only for an article that selector
returns and removes it otherwise. The signals (:mod:`polosa.search.signals`) call these
functions on publication, unpublication (expiry included), restriction, move, deletion and
edits of what the entry holds.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F

from polosa.core import surrogate, taggedcache
from polosa.search.models import SearchEntry, SearchTerm, entry_facets, entry_key
from polosa.search.morphology import Lemmatiser, name_forms, tokens

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.I)
#: Block fields whose values are not text a reader reads (an embed's address, a card's kind).
_SKIPPED_BLOCKS = frozenset({"image_id", "id", "type", "url", "kind"})
_MAX_TERM = 64
_lemmatisers: dict[str, Lemmatiser] = {}


# -- the directory's names ---------------------------------------------------------------


def _directory_names() -> tuple[str, dict[str, frozenset[str]]]:
    from polosa.people.models import Person

    forms: dict[str, frozenset[str]] = {}
    rows = list(Person.objects.order_by("pk").values_list("name", "aliases"))
    for name, aliases in rows:
        for full in [name, *aliases.splitlines()]:
            words = full.split()
            if not words:
                continue
            first, surname = (words[0], words[-1]) if len(words) > 1 else ("", words[0])
            for form, names in name_forms(first, surname).items():
                forms[form] = forms.get(form, frozenset()) | names
    digest = hashlib.sha1(repr(sorted(rows)).encode()).hexdigest()
    return digest, forms


def lemmatiser() -> Lemmatiser:
    """The lemmatiser for today's people directory: stored under
    :data:`~polosa.core.surrogate.PEOPLE` (a change of the directory purges it), one
    instance per directory state in each process."""
    surrogate.declare(surrogate.PEOPLE)
    digest, names = taggedcache.remember(
        "search-names", _directory_names, keys=[surrogate.PEOPLE], timeout=86400
    )
    found = _lemmatisers.get(digest)
    if found is None:
        found = Lemmatiser(names)
        _lemmatisers.clear()
        _lemmatisers[digest] = found
    return found


# -- what an article says ----------------------------------------------------------------


def html_text(value: str) -> str:
    """Rich text as plain text: blocks end in a newline, tags go, entities are decoded."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", value)))


def _strings(value, key: str = "") -> Iterator[str]:
    if key in _SKIPPED_BLOCKS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if value.get("type") in _SKIPPED_BLOCKS:
            return
        for name, item in value.items():
            if name not in ("id", "type"):
                yield from _strings(item, name)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def body_text(body) -> str:
    """The text of a StreamField body from its raw data (no block is instantiated, so no
    picture is looked up)."""
    raw = getattr(body, "raw_data", body) or []
    parts = (html_text(part).strip() for part in _strings(list(raw)))
    return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Document:
    """An article as the index sees it, in plain text."""

    article_id: int
    rubric_id: int
    kind: str
    published_at: object
    title: str
    lead: str
    body: str
    names: tuple[str, ...]  # tags, authors, people, source

    def entry(self, lemmas: Lemmatiser) -> SearchEntry:
        key = entry_key(self.published_at, self.article_id)
        return SearchEntry(
            key=key,
            article_id=self.article_id,
            rubric_id=self.rubric_id,
            kind=self.kind,
            published_at=self.published_at,
            title=lemmas.document(self.title),
            meta=lemmas.document("\n".join([self.lead, *self.names])),
            body=lemmas.document(self.body),
            text="\n".join(part for part in (self.lead, self.body) if part),
            facets=entry_facets(self.rubric_id, self.kind, key),
        )

    def vocabulary(self, lemmas: Lemmatiser) -> set[str]:
        """The lemmas it adds, and the folded words of its headline and names (a typo of
        a name is corrected to the name as written)."""
        found = lemmas.document_lemmas([self.title, self.lead, self.body, *self.names])
        for text in (self.title, *self.names):
            found.update(token.folded for token in tokens(text))
        return {term for term in found if len(term) <= _MAX_TERM}


def _visible_articles():
    from polosa.news import listing

    return listing.published_articles()


def documents(articles) -> list[Document]:
    """Documents for the articles of a queryset of ``ArticlePage``: a handful of queries
    whatever their number (tags, authors and people fetched for all at once)."""
    from polosa.news import listing
    from polosa.people.models import LINKED_SOURCES, Mention

    rows = list(
        articles.only(
            "id", "title", "lead", "body", "kind", "path", "depth", "published_at",
            "first_published_at", "source_name",
        ).prefetch_related("tags", "authors")
    )  # fmt: skip
    if not rows:
        return []
    rubrics = listing.rubric_pks_by_path()
    people: dict[int, list[str]] = {}
    for article_id, name in Mention.objects.filter(
        article_id__in=[row.pk for row in rows], source__in=LINKED_SOURCES
    ).values_list("article_id", "person__name"):
        people.setdefault(article_id, []).append(name)
    out = []
    for article in rows:
        published_at = article.published_at or article.first_published_at
        if published_at is None:
            continue
        names = [tag.name for tag in article.tags.all()]
        names += [author.name for author in article.authors.all()]
        names += people.get(article.pk, [])
        if article.source_name:
            names.append(article.source_name)
        out.append(
            Document(
                article_id=article.pk,
                rubric_id=rubrics.get(listing.rubric_path_of(article), 0),
                kind=article.kind,
                published_at=published_at,
                title=article.title,
                lead=article.lead or "",
                body=body_text(article.body),
                names=tuple(names),
            )
        )
    return out


# -- writes ------------------------------------------------------------------------------


def index_articles(article_ids: Iterable[int]) -> int:
    """Bring the entries of these articles up to date: written for each one readers may
    see, removed for the others. Returns how many entries were written."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    lemmas = lemmatiser()
    docs = documents(_visible_articles().filter(pk__in=ids))
    visible = {doc.article_id for doc in docs}
    with transaction.atomic():
        remove_articles([pk for pk in ids if pk not in visible])
        before = {
            entry.article_id: entry
            for entry in SearchEntry.objects.filter(article_id__in=visible).only(
                "key", "article_id", "title", "meta", "body"
            )
        }
        added: set[str] = set()
        for doc in docs:
            entry = doc.entry(lemmas)
            old = before.get(doc.article_id)
            if old is not None and old.key != entry.key:
                old.delete()  # a new publication time is a new key
                old = None
            new_terms = doc.vocabulary(lemmas)
            if old is not None:
                new_terms -= set(f"{old.title} {old.meta} {old.body}".split())
                SearchEntry.objects.filter(key=entry.key).update(
                    rubric_id=entry.rubric_id,
                    kind=entry.kind,
                    published_at=entry.published_at,
                    title=entry.title,
                    meta=entry.meta,
                    body=entry.body,
                    text=entry.text,
                    facets=entry.facets,
                )
            else:
                entry.save(force_insert=True)
            added |= new_terms
        count_terms(added)
    return len(docs)


def index_article(article_id: int) -> bool:
    """:func:`index_articles` for one article; ``True`` if it is in the index now."""
    return index_articles([article_id]) == 1


def remove_articles(article_ids: Iterable[int]) -> None:
    """Take articles out at once (unpublished, restricted, deleted): within the
    transaction that hides them, so no search answers with them after it commits."""
    ids = list(article_ids)
    if ids:
        SearchEntry.objects.filter(article_id__in=ids).delete()


def remove_under(path: str) -> None:
    """Every article under a page of the tree (a restriction was put on it)."""
    SearchEntry.objects.filter(article__path__startswith=path).delete()


def count_terms(terms: set[str]) -> None:
    """Count the entries that brought each term (the vocabulary of suggestions only grows
    between rebuilds; a suggestion is checked against the index before it is shown)."""
    ordered = sorted(terms)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, documents=0) for term in chunk], ignore_conflicts=True
        )
        SearchTerm.objects.filter(term__in=chunk).update(documents=F("documents") + 1)


def rebuild(*, progress: Callable[[int], None] | None = None, batch: int = 500) -> int:
    """Bring every entry up to date from the published articles: what ``polosa search
    reindex`` runs. One transaction per batch, each entry replaced in place, so readers
    search the whole index all along (old entries, then new ones) and SQLite's single
    writer is never held for more than a batch; entries of articles readers may no longer
    see go at the end, and the vocabulary is counted anew."""
    lemmas = lemmatiser()
    ids = list(_visible_articles().order_by("pk").values_list("pk", flat=True))
    vocabulary: dict[str, int] = {}
    written = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        docs = documents(_visible_articles().filter(pk__in=chunk))
        with transaction.atomic():
            _replace_entries([doc.entry(lemmas) for doc in docs])
        for doc in docs:
            for term in doc.vocabulary(lemmas):
                vocabulary[term] = vocabulary.get(term, 0) + 1
        written += len(docs)
        if progress:
            progress(len(chunk))
    with transaction.atomic():
        SearchEntry.objects.exclude(article_id__in=_visible_articles().values("pk")).delete()
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, documents=count) for term, count in vocabulary.items()],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO polosa_search_fts(polosa_search_fts) VALUES('optimize')")
        else:
            # Without statistics the planner guesses every word rare or common alike.
            cursor.execute("ANALYZE polosa_search_searchentry")
    return written


def _replace_entries(entries: list[SearchEntry]) -> None:
    """Write ``entries`` over the articles' current ones (a new publication time is a new
    key: that entry is deleted and inserted)."""
    current = dict(
        SearchEntry.objects.filter(article_id__in=[e.article_id for e in entries]).values_list(
            "article_id", "key"
        )
    )
    kept = [e for e in entries if current.get(e.article_id) == e.key]
    kept_ids = {e.article_id for e in kept}
    moved = [
        e.article_id for e in entries if e.article_id in current and e.article_id not in kept_ids
    ]
    SearchEntry.objects.filter(article_id__in=moved).delete()
    SearchEntry.objects.bulk_create([e for e in entries if e.article_id not in kept_ids])
    SearchEntry.objects.bulk_update(
        kept,
        ["rubric_id", "kind", "published_at", "title", "meta", "body", "text", "facets"],
        batch_size=100,
    )
