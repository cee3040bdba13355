"""Labelling of published text: the article page, feeds, Telegram, the API.

Everything readers see goes through :func:`label_html` or :func:`label_article`, so a
registry change shows everywhere at once. The matcher comes from
:func:`polosa.legal.registry.current` (one cache read per call while nothing changed);
decisions on uncertain mentions are read only for articles that have such mentions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.utils.html import escape

from polosa.core import surrogate
from polosa.legal import conf, engine, registry
from polosa.legal.engine.overrides import Override, with_overrides


@dataclass(frozen=True)
class Labelled:
    """Marked HTML and what goes with it. The article template uses ``title_html``,
    ``lead_html``, ``html``, ``footnotes_html`` and ``plaque``; feeds and Telegram also
    ``footnotes_text``."""

    html: str
    footnotes: list = field(default_factory=list)
    footnotes_html: str = ""
    plaque: str = ""
    footnotes_text: str = ""
    mentions: list = field(default_factory=list)
    #: ``review`` mentions nobody has decided on: these block publishing.
    unresolved: list = field(default_factory=list)
    #: The article's headline and lead, escaped and marked (:func:`label_article` only).
    title_html: str = ""
    lead_html: str = ""
    #: The article's correction notes readers see, escaped and marked, in the order of its
    #: ``correction_list``, and each note's ``key`` (:func:`label_article` only).
    corrections_html: tuple[str, ...] = ()
    correction_keys: tuple[str, ...] = ()

    def correction_html(self, note) -> str:
        """A correction note's text as marked with its article; escaped as it is when the
        note was not part of the marked text."""
        key = str(getattr(note, "key", ""))
        if key and key in self.correction_keys:
            return self.corrections_html[self.correction_keys.index(key)]
        return str(escape(str(getattr(note, "text", "") or "")))


def decisions_for(article_id: int | None) -> dict[tuple[str, str], bool]:
    """Decided reviews of an article: ``True`` confirmed (label it), ``False`` dismissed."""
    if not article_id:
        return {}
    from polosa.legal.models import MentionReview

    rows = MentionReview.objects.filter(article_id=article_id).exclude(
        decision=MentionReview.Decision.PENDING
    )
    return {
        (entry_key, key): decision == MentionReview.Decision.CONFIRMED
        for entry_key, key, decision in rows.values_list("entry_key", "normalised_key", "decision")
    }


def mark(
    matcher: engine.Matcher,
    html: str,
    *,
    article_id: int | None = None,
    decisions: Mapping[tuple[str, str], bool] | None = None,
    overrides: Sequence[Override] | None = None,
) -> Labelled:
    """Mark ``html``; decisions are looked up (one query) only when there are review hits.

    The article's overrides (marks forced or taken off by hand) come with the registry
    unless given, and apply before anything else: a forced mark is sure, a suppressed one
    is neither marked nor waits for review."""
    if overrides is None:
        overrides = registry.current().overrides_for(article_id)
    matcher = with_overrides(matcher, overrides)
    templates = conf.footnote_templates()
    repeat = conf.repeat_stars()
    marked = matcher.mark(html, templates=templates, repeat=repeat, decisions=decisions)
    reviews = [m for m in marked.mentions if m.certainty == engine.REVIEW]
    if reviews and decisions is None and article_id:
        decisions = decisions_for(article_id)
        if any(engine.decision_key(m) in decisions for m in reviews):
            marked = matcher.mark(html, templates=templates, repeat=repeat, decisions=decisions)
    decisions = decisions or {}
    unresolved = [m for m in reviews if engine.decision_key(m) not in decisions]
    # Whatever shows this text changes with any entry it mentions (marked or not yet).
    surrogate.declare_all(surrogate.legal_entry(m.entry_id) for m in marked.mentions)
    return Labelled(
        html=marked.html,
        footnotes=list(marked.footnotes),
        footnotes_html=engine.render_footnotes_html(marked.footnotes),
        footnotes_text=engine.render_footnotes_text(marked.footnotes),
        mentions=list(marked.mentions),
        unresolved=unresolved,
    )


def label_html(html: str, *, article=None) -> Labelled:
    """Mark registry mentions in any HTML; pass ``article`` to apply its review decisions."""
    loaded = registry.current()
    article_id = getattr(article, "pk", None)
    return mark(
        loaded.matcher,
        _without_blocked_links(str(html), article_id, loaded),
        article_id=article_id,
        overrides=loaded.overrides_for(article_id),
    )


#: Between the headline, the lead and the body while they are marked as one text: a block
#: tag, so no name runs from one part into the next. The headline and lead are escaped text,
#: so the first two of these in the marked HTML are always the ones put there.
PART_BREAK = '<hr data-polosa-legal-part="">'


def correction_texts(article) -> list[str]:
    """The texts of the correction notes readers see under the article (its
    ``correction_list``: published notes, newest first; a draft's own in a preview or a
    revision the gate checks), or none for anything without notes (a live blog's entry)."""
    notes = getattr(article, "correction_list", None) or ()
    return [str(getattr(note, "text", "") or "") for note in notes]


def article_html(article, body_html: str, *, corrections: bool = True) -> str:
    """The headline, lead, body and correction notes of an article as the one HTML text
    that is marked (the gate, the overrides and the mentions index read the same): a
    correction naming a foreign agent is marked and footnoted like the body. Without
    ``corrections`` the notes are left out (a channel post that does not show them)."""
    title = escape(str(getattr(article, "title", "") or ""))
    lead = escape(str(getattr(article, "lead", "") or ""))
    texts = correction_texts(article) if corrections else []
    notes = "".join(PART_BREAK + escape(text) for text in texts)
    return f"{title}{PART_BREAK}{lead}{PART_BREAK}{body_html}{notes}"


def split_article_html(html: str, corrections: int) -> tuple[str, str, str, tuple[str, ...]]:
    """The marked :func:`article_html` back in its parts: headline, lead, body, notes.

    The headline and lead before the body and the notes after it are escaped text, so the
    first two and the last ``corrections`` breaks are always the ones put there."""
    notes: tuple[str, ...] = ()
    if corrections:
        html, *rest = html.rsplit(PART_BREAK, corrections)
        notes = tuple(rest)
    title_html, lead_html, body = html.split(PART_BREAK, 2)
    return title_html, lead_html, body, notes


def label_article(article, body_html: str, *, corrections: bool = True) -> Labelled:
    """Mark an article's headline, lead, rendered body and correction notes as one text and
    add the plaque if an author or the source is a foreign agent.

    Stars are numbered by first appearance across headline → lead → body → notes and each
    entity has one footnote; ``title_html`` and ``lead_html`` are the marked, escaped
    headline and lead, ``html`` the marked body, ``corrections_html`` the marked notes
    (none without ``corrections``: for a channel post that does not show them).
    """
    loaded = registry.current()
    body_html = _without_blocked_links(str(body_html), article.pk, loaded)
    labelled = mark(
        loaded.matcher,
        article_html(article, body_html, corrections=corrections),
        article_id=article.pk,
        overrides=loaded.overrides_for(article.pk),
    )
    notes_shown = (getattr(article, "correction_list", None) or ()) if corrections else ()
    title_html, lead_html, body, notes = split_article_html(labelled.html, len(notes_shown))
    labelled = replace(
        labelled,
        html=body,
        title_html=title_html,
        lead_html=lead_html,
        corrections_html=notes,
        correction_keys=tuple(str(getattr(note, "key", "")) for note in notes_shown),
    )
    text = plaque_for(article, loaded)
    if text:
        labelled = replace(labelled, plaque=text)
    return labelled


def _without_blocked_links(html: str, article_id: int | None, loaded: registry.Loaded) -> str:
    """Links to blocked resources unlinked or removed as the reviewer decided (see
    :mod:`polosa.legal.blocked`); nothing is read when there are none."""
    if not loaded.blocked:
        return html
    from polosa.legal import blocked

    return blocked.rewritten(html, article_id, loaded)


def plaque_for(article, loaded: registry.Loaded | None = None) -> str:
    """The statutory plaque if an author's name or the source is a foreign agent, else ``""``.

    Authors are read only when the registry has foreign agents at all.
    """
    loaded = loaded or registry.current()
    if not loaded.foreign_agents:
        return ""
    names = [author.name for author in _authors(article)]
    if getattr(article, "source_name", ""):
        names.append(article.source_name)
    for name in names:
        for mention in loaded.matcher.scan(name):
            if mention.kind == "foreign_agent" and mention.certainty == engine.SURE:
                entry = loaded.entries[mention.entry_id]
                surrogate.declare(surrogate.legal_entry(mention.entry_id))
                return engine.plaque(entry.name, entry.entity_type)
    return ""


def _authors(article) -> list:
    """The article's authors: the list the page already fetched when it has one."""
    if hasattr(article, "author_list"):
        return article.author_list
    return list(article.authors.all())


def label_headline(title: str, *, article_id: int | None = None) -> Labelled:
    """An article's headline marked as its page marks it (the headline comes first in the
    page's text, so its stars are the page's): ``html`` is the escaped, marked headline,
    ``footnotes`` what its stars stand for. For cards, «Читайте также», listings, sitemaps."""
    loaded = registry.current()
    return mark(
        loaded.matcher,
        escape(str(title or "")),
        article_id=article_id,
        overrides=loaded.overrides_for(article_id),
    )
