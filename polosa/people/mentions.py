"""Mentions of directory people in articles, found by the legal mention engine.

There is one engine for legal labels and for people: every person becomes a
:class:`~polosa.legal.engine.RegistryEntry` of kind ``person`` and the compiled matcher is
pickled under ``VAR_DIR/cache`` like the legal registries'. Only ``sure`` mentions link
automatically; ``review`` ones (a bare common surname, a shared surname) are left to
editors, who add or remove links by hand in the admin.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from polosa.core import surrogate
from polosa.legal.engine import SURE, Matcher, RegistryEntry, compile_entries, registry_digest
from polosa.people import services

logger = logging.getLogger(__name__)
KIND = "person"

_lock = threading.Lock()
_memo: dict[str, Matcher] = {}


# -- pure functions --------------------------------------------------------------------


def registry_entry(
    person_id: int, name: str, registry_name: str, aliases: Iterable[str]
) -> RegistryEntry:
    """A directory person as the engine sees them (``Фамилия Имя`` when given)."""
    return RegistryEntry(
        id=str(person_id),
        kind=KIND,
        entity_type="person",
        name=(registry_name or name).strip(),
        aliases=tuple(alias.strip() for alias in aliases if alias.strip()),
    )


def people_in(matcher: Matcher, text: str) -> set[int]:
    """Ids of the people ``text`` surely mentions (``review`` mentions do not link)."""
    return {
        int(mention.entry_id)
        for mention in matcher.scan(text)
        if mention.certainty == SURE and mention.kind == KIND
    }


@dataclass(frozen=True)
class LinkPlan:
    create: frozenset[int]
    delete: frozenset[int]


def plan_links(found: set[int], existing: dict[int, str]) -> LinkPlan:
    """What the automatic pass changes for one article: add ``auto`` links for newly found
    people, drop ``auto`` links no longer found; editors' ``manual`` and ``removed`` rows
    are left exactly as they are."""
    create = frozenset(pid for pid in found if pid not in existing)
    delete = frozenset(
        pid for pid, source in existing.items() if source == "auto" and pid not in found
    )
    return LinkPlan(create=create, delete=delete)


def text_parts(value) -> Iterator[str]:
    """Every string in a StreamField's raw data (paragraph HTML, quotes, headings…)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "type"):
                yield from text_parts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from text_parts(item)


# -- Django side -----------------------------------------------------------------------


def article_text(article) -> str:
    """The text the engine scans: headline, lead and body, one part per line."""
    body = getattr(article.body, "raw_data", None) or []
    parts = [article.title, article.lead or "", *text_parts(list(body))]
    return "\n".join(f"<p>{part}</p>" for part in parts if part)


def current_matcher() -> Matcher:
    """The compiled matcher for today's directory, from memory, the disk cache or built."""
    from polosa.people import conf
    from polosa.people.models import Person

    rows = Person.objects.order_by("pk").values_list("pk", "name", "registry_name", "aliases")
    entries = [
        registry_entry(pk, name, registry_name, aliases.splitlines())
        for pk, name, registry_name, aliases in rows
    ]
    digest = registry_digest(entries)
    with _lock:
        matcher = _memo.get(digest)
        if matcher is None:
            matcher = compile_entries(entries, cache_dir=conf.matcher_cache_dir())
            _memo.clear()
            _memo[digest] = matcher
    return matcher


def refresh_article(article, matcher: Matcher | None = None) -> bool:
    """Bring one article's automatic links up to date; ``True`` if anything changed (the
    article's page and the changed people's lists are then purged)."""
    from polosa.people.models import Mention

    matcher = matcher or current_matcher()
    found = people_in(matcher, article_text(article))
    existing = dict(Mention.objects.filter(article=article).values_list("person_id", "source"))
    plan = plan_links(found, existing)
    if not plan.create and not plan.delete:
        return False
    with transaction.atomic():
        if plan.delete:
            Mention.objects.filter(
                article=article, source=Mention.Source.AUTO, person_id__in=plan.delete
            ).delete()
        Mention.objects.bulk_create(
            [
                Mention(article=article, person_id=pid, source=Mention.Source.AUTO)
                for pid in sorted(plan.create)
            ],
            ignore_conflicts=True,
        )
        services.links_changed(article.pk, plan.create | plan.delete)
    return True


def refresh_all() -> int:
    """Refresh the automatic links of every published article; returns how many changed."""
    from polosa.news.models import ArticlePage

    matcher = current_matcher()
    changed = 0
    articles = ArticlePage.objects.live().only("id", "title", "lead", "body")
    for article in articles.iterator(chunk_size=200):
        changed += refresh_article(article, matcher)
    logger.info("people mentions: %d articles changed", changed)
    return changed


def mentioned_in(article) -> list:
    """People linked from the article (found or added by hand, not removed), by name."""
    from polosa.people.models import LINKED_SOURCES, Person

    if article is None or article.pk is None:
        return []
    people = list(
        Person.objects.filter(
            mentions__article_id=article.pk, mentions__source__in=LINKED_SOURCES
        ).only("id", "name", "slug")
    )
    surrogate.declare_all(surrogate.person(person.pk) for person in people)
    return people


def named_in(texts) -> list:
    """People that any of ``texts`` surely mentions, by name (one query when some are)."""
    from polosa.people.models import Person

    matcher = current_matcher()
    ids = set().union(*(people_in(matcher, text) for text in texts))
    if not ids:
        return []
    found = list(Person.objects.filter(pk__in=ids).only("id", "name", "slug").order_by("name"))
    surrogate.declare_all(surrogate.person(person.pk) for person in found)
    return found
