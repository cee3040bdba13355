"""Where an uncertain mention stands: its sentence in the article's current text, and the
links to the article, for the legal reviewer's screens.

The engine reports a mention by its offsets in the HTML it scanned (the headline, lead and body
as :func:`polosa.legal.gate.article_html` joins them). The sentence is cut from the text a
reader sees around those offsets: tags dropped, entities decoded, a block tag ends the
paragraph. It is kept as plain text and escaped only when shown, so nothing in the article
(a ``<script>`` written as text, a stray ``&``) reaches the admin as markup.

Reads: :func:`reviews_in_context` gives a page of reviews their articles in one query
(the latest revision comes with the article) and scans each article once.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from razdel import sentenize

from polosa.legal import engine, gate, labels, registry
from polosa.legal.engine.normalise import INLINE_TAGS
from polosa.legal.models import MentionReview
from polosa.news.models import ArticlePage

__all__ = [
    "ArticleCheck",
    "ArticleLinks",
    "ReviewInContext",
    "Sentence",
    "check_article",
    "review_in_context",
    "reviews_in_context",
    "sentence_around",
    "sentences_by_key",
    "visible_text",
]

#: At most this many characters of a sentence are shown on either side of the match: a
#: paragraph without a full stop (a list, a quotation) is not a sentence.
SIDE_LIMIT = 240

_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|<![^>]*>"
    r"|&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)",
    re.S,
)
_SKIPPED_CONTENT = frozenset({"script", "style", "template", "noscript"})
_SPACES = re.compile(r"[^\S\n]+")
PARAGRAPH = "\n"


def visible_text(html: str) -> str:
    """The text of an HTML fragment as a reader sees it; a block tag becomes ``\\n``.

    Offsets of the engine's mentions always fall between tags and entities, so the text
    of ``html[:start]``, ``html[start:end]`` and ``html[end:]`` joined is the text of the
    whole.
    """
    if "<" not in html and "&" not in html:
        return html
    pieces: list[str] = []
    pos = 0
    skip_until: str | None = None
    for m in _MARKUP.finditer(html):
        token = m.group(0)
        if skip_until is not None:
            if token[:1] == "<" and m.group(1) and m.group(2).lower() == skip_until:
                skip_until = None
                pos = m.end()
            continue
        pieces.append(html[pos : m.start()])
        pos = m.end()
        if token[0] == "&":
            pieces.append(html_lib.unescape(token))
        elif not token.startswith("<!"):
            name = m.group(2).lower()
            if name in INLINE_TAGS:
                continue
            pieces.append(PARAGRAPH)
            if name in _SKIPPED_CONTENT and not m.group(1) and not token.endswith("/>"):
                skip_until = name
    if skip_until is None:
        pieces.append(html[pos:])
    return "".join(pieces)


@dataclass(frozen=True)
class Sentence:
    """A sentence around a mention, as plain text: what precedes the match, the match, what
    follows it. ``html`` escapes all three and marks the match."""

    before: str
    match: str
    after: str

    @property
    def html(self) -> SafeString:
        return format_html("{}<mark>{}</mark>{}", self.before, self.match, self.after)

    @property
    def text(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def _clip_before(text: str) -> str:
    if len(text) <= SIDE_LIMIT:
        return text
    cut = text[-SIDE_LIMIT:]
    space = cut.find(" ")
    return "…" + (cut[space + 1 :] if 0 <= space < SIDE_LIMIT // 2 else cut)


def _clip_after(text: str) -> str:
    if len(text) <= SIDE_LIMIT:
        return text
    cut = text[:SIDE_LIMIT]
    space = cut.rfind(" ")
    return (cut[:space] if space > SIDE_LIMIT // 2 else cut) + "…"


def sentence_around(html: str, start: int, end: int) -> Sentence:
    """The sentence of ``html`` that holds the text between offsets ``start`` and ``end``."""
    before = _SPACES.sub(" ", visible_text(html[:start])).rpartition(PARAGRAPH)[2]
    match = _SPACES.sub(" ", visible_text(html[start:end]))
    after = _SPACES.sub(" ", visible_text(html[end:])).partition(PARAGRAPH)[0]
    paragraph = before + match + after
    match_start, match_end = len(before), len(before) + len(match)
    first, last = 0, len(paragraph)
    for sentence in sentenize(paragraph):
        if sentence.start <= match_start:
            first = sentence.start
        if sentence.stop >= match_end:
            last = sentence.stop
            break
    return Sentence(
        before=_clip_before(paragraph[first:match_start].lstrip()),
        match=match,
        after=_clip_after(paragraph[match_end:last].rstrip()),
    )


def sentences_by_key(
    html: str, mentions: Iterable[engine.Mention]
) -> dict[tuple[str, str], list[Sentence]]:
    """The sentences of the ``review`` mentions, under their decision keys (a decision
    covers every repeat of the same words); a sentence met twice is listed once."""
    found: dict[tuple[str, str], list[Sentence]] = {}
    for mention in mentions:
        if mention.certainty != engine.REVIEW:
            continue
        sentences = found.setdefault(engine.decision_key(mention), [])
        sentence = sentence_around(html, mention.start, mention.end)
        if sentence not in sentences:
            sentences.append(sentence)
    return found


def text_fragment(text: str) -> str:
    """A URL fragment that makes the browser scroll to ``text`` and highlight it."""
    # Within a text directive ``-``, ``,`` and ``&`` are syntax; quote() leaves ``-``.
    return "#:~:text=" + quote(text, safe="").replace("-", "%2D")


@dataclass(frozen=True)
class ArticleLinks:
    """Where the reviewer goes from a mention: the draft as readers would see it (scrolled
    to the words), the editor, the article's review page."""

    preview: str
    edit: str
    reviews: str

    @classmethod
    def for_article(cls, article_id: int, matched_text: str = "") -> ArticleLinks:
        preview = reverse("legal_preview", args=[article_id])
        return cls(
            preview=preview + (text_fragment(matched_text) if matched_text else ""),
            edit=reverse("wagtailadmin_pages:edit", args=[article_id]),
            reviews=reverse("legal_reviews", args=[article_id]),
        )


@dataclass(frozen=True)
class ArticleCheck:
    """An article's current text checked: its undecided mentions (recorded as pending
    reviews) and the sentence of every uncertain mention."""

    pending: list[MentionReview] = field(default_factory=list)
    sentences: dict[tuple[str, str], list[Sentence]] = field(default_factory=dict)
    #: The sure (marked) mentions, one per entry and wording, each with its first sentence:
    #: what a reviewer may take a mark off.
    marks: list[tuple[engine.Mention, Sentence]] = field(default_factory=list)

    def sentences_of(self, review: MentionReview) -> list[Sentence]:
        return self.sentences.get(review.key, [])


def check_article(page: ArticlePage) -> ArticleCheck:
    """Scan ``page`` (the latest revision, as the editor has it) once: record its undecided
    mentions as the publishing gate does and keep their sentences."""
    html = gate.article_html(page)
    labelled = labels.mark(registry.current().matcher, html, article_id=page.pk)
    marks: dict[tuple[str, str], tuple[engine.Mention, Sentence]] = {}
    for mention in labelled.mentions:
        key = engine.decision_key(mention)
        if mention.certainty == engine.SURE and key not in marks:
            marks[key] = (mention, sentence_around(html, mention.start, mention.end))
    return ArticleCheck(
        pending=gate.record_pending(page, labelled.unresolved),
        sentences=sentences_by_key(html, labelled.mentions),
        marks=list(marks.values()),
    )


@dataclass(frozen=True)
class ReviewInContext:
    """A review with what the reviewer needs to decide: the article's current headline, the
    sentences that hold the match (none when the words left the text) and the links."""

    review: MentionReview
    headline: str
    sentences: list[Sentence]
    links: ArticleLinks

    @property
    def title(self) -> str:
        return f"«{self.review.matched_text}» — {self.headline}"

    def __str__(self) -> str:
        return " / ".join(sentence.text for sentence in self.sentences)


def latest_text(article: ArticlePage) -> ArticlePage:
    """The article as its latest revision has it (the text the gate checks before
    publishing); the revision comes with the article when it was ``select_related``."""
    revision = article.latest_revision
    return article.with_content_json(revision.content) if revision is not None else article


_MEMO = "_legal_in_context"


def reviews_in_context(reviews: Sequence[MentionReview]) -> dict[int, ReviewInContext]:
    """Every review with its article's current headline, sentences and links, by review id.

    One query for the articles and their latest revisions, whatever the number of reviews;
    each article is rendered and scanned once.
    """
    article_ids = {review.article_id for review in reviews}
    if not article_ids:
        return {}
    articles = ArticlePage.objects.filter(pk__in=article_ids).select_related("latest_revision")
    matcher = registry.current().matcher
    found: dict[int, tuple[str, dict]] = {}
    for article in articles:
        current = latest_text(article)
        html = gate.article_html(current)
        found[article.pk] = (current.title, sentences_by_key(html, matcher.scan(html)))
    contexts = {}
    for review in reviews:
        headline, sentences = found.get(review.article_id, ("", {}))
        contexts[review.pk] = review.__dict__[_MEMO] = ReviewInContext(
            review=review,
            headline=headline,
            sentences=sentences.get(review.key, []),
            links=ArticleLinks.for_article(review.article_id, review.matched_text),
        )
    return contexts


def review_in_context(review: MentionReview) -> ReviewInContext:
    """One review in context; what :func:`reviews_in_context` found for it is kept on the
    instance, so a listing's cells and an edit view's title and panel read once."""
    found = review.__dict__.get(_MEMO)
    if found is None:
        found = reviews_in_context([review])[review.pk]
    return found
