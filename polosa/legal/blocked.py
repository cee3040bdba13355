"""Links to blocked resources in articles: found when an article is saved or reviewed,
recorded as pending :class:`~polosa.legal.models.LinkReview` rows for the reviewer, and
rewritten wherever readers get the text (the page, feeds, Telegram): a pending or
*unlinked* link leaves its text as plain text, a *removed* one goes with its text.

Reads cost nothing for an article without such links: the blocked keys come with the
registry a process has loaded; the decisions are read (one query) only when a link is found.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from polosa.legal import registry
from polosa.legal.engine import links as links_engine


def found_in(html: str, loaded: registry.Loaded | None = None) -> list[links_engine.BlockedLink]:
    loaded = loaded or registry.current()
    return links_engine.find(html, loaded.blocked)


def decisions_for(article_id: int | None) -> dict[tuple[str, str], str]:
    if not article_id:
        return {}
    from polosa.legal.models import LinkReview

    rows = LinkReview.objects.filter(article_id=article_id).values_list(
        "resource_key", "href", "decision"
    )
    return {(key, href): decision for key, href, decision in rows}


def rewritten(html: str, article_id: int | None, loaded: registry.Loaded | None = None) -> str:
    """``html`` as readers get it: blocked links unlinked or removed as decided."""
    found = found_in(html, loaded)
    if not found:
        return html
    return links_engine.rewrite(html, found, decisions_for(article_id))


def record_pending(page, html: str) -> list:
    """A pending review for every blocked link of ``html`` (the page's current text) that
    has none yet; returns the links still waiting for a decision."""
    from polosa.legal.context import visible_text
    from polosa.legal.models import LinkReview

    if not page.pk:
        return []
    loaded = registry.current()
    rows = []
    for link in found_in(html, loaded):
        defaults = {
            "resource_id": loaded.blocked.get(link.key),
            "text": visible_text(html[link.inner_start : link.inner_end]).strip()[:500],
        }
        try:
            with transaction.atomic():
                row, _ = LinkReview.objects.get_or_create(
                    article_id=page.pk, resource_key=link.key, href=link.href, defaults=defaults
                )
        except IntegrityError:  # recorded concurrently
            row = LinkReview.objects.get(article_id=page.pk, resource_key=link.key, href=link.href)
        if row.decision == LinkReview.Decision.PENDING:
            rows.append(row)
    return rows


def record_pending_for_articles(
    found: dict[int, tuple[str, list[links_engine.BlockedLink]]], article_ids: list[int]
) -> set[int]:
    """A pending review for every link in ``found`` (article id → its text and the blocked
    links in it) that has none yet, for a batch of articles at once: one query reads the
    reviews the batch's ``article_ids`` already have, one insert adds the missing ones (a
    review recorded concurrently is left as it is). Returns the ids of the articles that
    had a review before, whose pages may change too."""
    from polosa.legal.context import visible_text
    from polosa.legal.models import LinkReview

    if not article_ids:
        return set()
    existing = set(
        LinkReview.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "resource_key", "href"
        )
    )
    had = {article_id for article_id, _key, _href in existing}
    loaded = registry.current()
    new = []
    for article_id, (html, links) in found.items():
        for link in links:
            key = (article_id, link.key, link.href)
            if key in existing:
                continue
            existing.add(key)
            text = visible_text(html[link.inner_start : link.inner_end]).strip()[:500]
            new.append(
                LinkReview(
                    article_id=article_id,
                    resource_key=link.key,
                    href=link.href,
                    resource_id=loaded.blocked.get(link.key),
                    text=text,
                )
            )
    if new:
        LinkReview.objects.bulk_create(new, ignore_conflicts=True)
    return had


def pending_links(page) -> list:
    """Record and return the undecided blocked links of the page's current text."""
    from polosa.legal import gate

    return record_pending(page, gate.article_html(page))
