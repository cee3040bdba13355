"""Articles as feed entries: one query for the articles and a fixed handful for what they
show, however many items a feed has.

* the articles: one query via :func:`polosa.news.listing.published_articles`, the main
  picture joined and its renditions prefetched (:func:`~polosa.news.listing.with_cards`);
* authors, tags, rubrics: one query each (prefetches and one rubric lookup);
* full text (Dzen, JSON Feed): the bodies are fetched deliberately in the same article
  query; pictures inside bodies in one query plus one for their renditions; rich text is
  expanded in one pass for all articles (so internal links cost one lookup, not one each).

Text goes through :func:`polosa.legal.label_html` exactly once per article, here, with the
article itself, so its review decisions apply (:func:`labelled`; Telegram uses it too).
"""

from __future__ import annotations

import html as html_lib
import mimetypes
import time
from collections.abc import Iterable, Sequence
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.translation import gettext

from polosa import legal
from polosa.core import surrogate, taggedcache
from polosa.distribution import conf
from polosa.distribution.entries import Entry, Person, Picture
from polosa.distribution.text import html_to_text, whitelist_html
from polosa.news import listing

FEED_RENDITION = listing.LEAD_RENDITION  # 1200×675: wide enough for Dzen (≥ 700 px)
BODY_RENDITION = "width-960"
_SPLIT = "\x00polosa-split\x00"


# --- URLs -----------------------------------------------------------------------------------
def absolute(path: str) -> str:
    """An absolute URL on the public site for a path (absolute URLs pass through), as a
    URI (RFC 3986): a Cyrillic slug from before Latin slugs, or a tag's, is
    percent-encoded, as sitemaps and feeds require; an encoded one stays as it is."""
    if path.startswith(("http://", "https://")):
        return iri_to_uri(path)
    return iri_to_uri(conf.base_url() + "/" + path.lstrip("/"))


def site_root_path() -> str:
    """The url_path of the default site's home page (``/home/``); cached by Wagtail."""
    from wagtail.models import Site

    paths = Site.get_site_root_paths()
    return paths[-1].root_path if paths else "/"


def page_path(url_path: str, root: str | None = None) -> str:
    """A page's public path from its tree ``url_path`` without asking the database,
    percent-encoded (``/novosti/%D1%85%D0%BB%D0%B5%D0%B1/`` for a Cyrillic slug)."""
    root = root if root is not None else site_root_path()
    if url_path.startswith(root):
        url_path = "/" + url_path[len(root) :]
    return iri_to_uri(url_path)


def article_guid(pk: int) -> str:
    """A stable id that survives a changed slug or rubric: a ``tag:`` URI (RFC 4151)."""
    host = urlsplit(conf.base_url()).hostname or "localhost"
    return f"tag:{host},2026:article:{pk}"


# --- Pictures -------------------------------------------------------------------------------
def picture(image, spec: str = FEED_RENDITION) -> Picture | None:
    """The absolute URL and size of a rendition (a prefetched one costs no query)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except Exception:  # a missing or broken source file must not break a feed
        return None
    try:
        length = rendition.file.size
    except OSError:
        length = 0
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return Picture(
        url=absolute(rendition.url),
        mime_type=mime_type,
        length=length,
        width=rendition.width,
        height=rendition.height,
    )


def body_images(articles: Iterable) -> dict[int, object]:
    """Every picture used in the given bodies, renditions prefetched: two queries."""
    from polosa.media.models import CreditedImage, CreditedRendition

    ids = {
        block["value"].get("image")
        for article in articles
        for block in raw_blocks(article)
        if block.get("type") == "image" and isinstance(block.get("value"), dict)
    }
    ids.discard(None)
    if not ids:
        return {}
    renditions = CreditedRendition.objects.filter(filter_spec=BODY_RENDITION)
    images = CreditedImage.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("renditions", queryset=renditions)
    )
    return {image.pk: image for image in images}


def raw_blocks(article) -> list[dict]:
    """The body's stored blocks, read without converting them (no per-block queries)."""
    body = article.__dict__.get("body")
    if body is None:
        return []
    raw = getattr(body, "raw_data", body)
    return [block for block in raw if isinstance(block, dict)] if raw else []


# --- Bodies ---------------------------------------------------------------------------------
def _list_items(value: dict) -> list[str]:
    items = []
    for item in value.get("items") or []:
        items.append(str(item.get("value", "")) if isinstance(item, dict) else str(item))
    return items


def body_db_html(article, images: dict[int, object]) -> tuple[str, list[Picture]]:
    """The body as HTML (rich text still in Wagtail's database format) and its pictures."""
    parts: list[str] = []
    pictures: list[Picture] = []
    for block in raw_blocks(article):
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            parts.append(str(value or ""))
        elif kind == "heading":
            parts.append(f"<h2>{escape(value or '')}</h2>")
        elif kind == "image" and isinstance(value, dict):
            found = picture(images.get(value.get("image")), BODY_RENDITION)
            if found is None:
                continue
            pictures.append(found)
            caption = " ".join(
                filter(None, [value.get("caption") or "", _credit(value, images)])
            ).strip()
            figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            parts.append(f'<figure><img src="{escape(found.url)}" alt="">{figcaption}</figure>')
        elif kind == "quote" and isinstance(value, dict):
            who = value.get("attribution") or ""
            text = escape(value.get("text") or "").replace("\n", "<br>")
            parts.append(f"<blockquote><p>{text}</p>{f'<p>{escape(who)}</p>' if who else ''}")
            parts.append("</blockquote>")
        elif kind == "list" and isinstance(value, dict):
            tag = "ol" if value.get("ordered") else "ul"
            items = "".join(f"<li>{escape(item)}</li>" for item in _list_items(value))
            parts.append(f"<{tag}>{items}</{tag}>")
        elif kind == "embed" and value:
            parts.append(_embed_html(value))
        elif kind == "table" and isinstance(value, dict):
            parts.append(_table_html(value))
        elif kind == "card" and isinstance(value, dict):
            parts.append(_card_html(value))
    return "".join(parts), pictures


def _embed_html(value) -> str:
    """An embed as its link (and caption): feeds and Telegram carry no third-party code."""
    address = value.get("url", "") if isinstance(value, dict) else str(value)
    caption = value.get("caption", "") if isinstance(value, dict) else ""
    url = escape(address or "")
    link = f'<p><a href="{url}">{url}</a></p>' if url else ""
    return link + (f"<p>{escape(caption)}</p>" if caption else "")


def _table_html(value: dict) -> str:
    """A table as a list of its rows, each cell after its column's heading: readable in
    every feed (Dzen allows no tables) and in plain text."""
    headings = [
        str(c.get("heading") or "") for c in value.get("columns") or [] if isinstance(c, dict)
    ]
    rows = []
    for row in value.get("rows") or []:
        cells = row.get("values") or [] if isinstance(row, dict) else []
        pairs = [
            f"{escape(heading)}: {_inline(cell)}" if heading else _inline(cell)
            for heading, cell in zip(headings, cells, strict=False)
        ]
        rows.append(f"<li>{'; '.join(pairs)}</li>")
    caption = value.get("caption") or ""
    title = f"<p><b>{escape(caption)}</b></p>" if caption else ""
    return f"{title}<ul>{''.join(rows)}</ul>" if rows else title


def _card_html(value: dict) -> str:
    """A card («Справка», «Вопрос — ответ») as its title and a list of its items."""
    default = gettext("Вопрос — ответ") if value.get("kind") == "qa" else gettext("Справка")
    items = []
    for item in value.get("items") or []:
        fields = item.get("value", item) if isinstance(item, dict) else {}
        if not isinstance(fields, dict):
            continue
        heading = fields.get("heading") or ""
        lead = f"<b>{escape(heading)}</b> " if heading else ""
        items.append(f"<li>{lead}{_inline(fields.get('text') or '')}</li>")
    return f"<h3>{escape(value.get('title') or default)}</h3><ul>{''.join(items)}</ul>"


def _inline(cell) -> str:
    """A cell or a card's text: rich text without its paragraphs, plain text escaped."""
    text = str(cell or "")
    if text.lstrip().startswith("<"):
        return text.replace("<p>", "").replace("</p>", " ").strip()
    return escape(text)


def _credit(value: dict, images: dict[int, object]) -> str:
    image = images.get(value.get("image"))
    credit = value.get("credit") or getattr(image, "credit", "") or ""
    return gettext("Фото: %(credit)s") % {"credit": credit} if credit else ""


def expand_rich_text(fragments: list[str]) -> list[str]:
    """Wagtail's rich text expanded for many bodies in one pass (one lookup per link type,
    not per article)."""
    if not fragments:
        return []
    from wagtail.rich_text import expand_db_html

    expanded = expand_db_html(_SPLIT.join(fragments))
    parts = expanded.split(_SPLIT)
    return parts if len(parts) == len(fragments) else [expand_db_html(f) for f in fragments]


# --- Legal labels ---------------------------------------------------------------------------
class LabelledArticle(NamedTuple):
    """What feeds and Telegram show of an article, marked once across headline, lead and
    body by :func:`polosa.legal.label_article`."""

    title: str  # plain text, with its stars
    lead_html: str  # ``<p>…</p>`` or ""
    body_html: str
    notes: list[str]  # plain-text footnotes
    notes_html: str
    plaque: str  # the statutory foreign-agent plaque, or ""
    #: The correction notes' texts, escaped and marked, in ``correction_list`` order.
    corrections_html: tuple[str, ...] = ()


def labelled(article, body_html: str = "", *, corrections: bool = True) -> LabelledArticle:
    """The article's headline, lead, body and footnotes as its page shows them, and the
    plaque when an author or the source is a foreign agent.

    The article goes along, so the legal reviewer's decisions on its uncertain mentions
    apply here exactly as on its page: a confirmed mention is starred, a dismissed one is
    not (the decisions cost one query, and only for articles with such mentions). The
    correction notes are marked after the body, as on the page; ``corrections=False`` for
    a post that does not show them."""
    result = legal.label_article(article, body_html, corrections=corrections)
    return LabelledArticle(
        title=html_to_text(result.title_html),
        lead_html=f"<p>{result.lead_html}</p>" if result.lead_html else "",
        body_html=result.html,
        notes=footnote_lines(result.footnotes),
        notes_html=result.footnotes_html or "",
        plaque=result.plaque,
        corrections_html=tuple(result.corrections_html),
    )


def plaque_html(plaque: str) -> str:
    return f"<p><strong>{escape(plaque)}</strong></p>" if plaque else ""


def footnote_lines(footnotes: Iterable) -> list[str]:
    """Plain-text footnotes (``* Имя признан иностранным агентом``)."""
    lines = []
    for note in footnotes or ():
        stars, text = getattr(note, "stars", ""), getattr(note, "text", None)
        lines.append(f"{stars} {text}".strip() if text is not None else str(note))
    return lines


# --- Entries --------------------------------------------------------------------------------
def feed_queryset(articles: QuerySet, *, full_text: bool = False) -> QuerySet:
    """What feeds fetch: the card joins plus authors and tags; bodies only for full text."""
    from polosa.news.models import ArticleAuthor, ArticleTag

    queryset = listing.with_cards(articles).prefetch_related(
        Prefetch(
            "byline",
            queryset=ArticleAuthor.objects.select_related("author"),
            to_attr="prefetched_byline",  # read by ArticlePage.author_list, in order
        ),
        Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag")),
    )
    if full_text:
        queryset = queryset.defer(None)  # undo defer_streamfields(): we want the body
    return queryset


def entries(articles: QuerySet, *, full_text: bool = False) -> list[Entry]:
    """Feed entries for an already filtered and sliced queryset of published articles.

    Each entry (its labelled text above all) is built once per article revision and kept
    in the tagged store under the keys it declared, like a listing card: a feed missed
    after a publication labels the new article only.
    """
    found = listing.attach_rubrics(feed_queryset(articles, full_text=full_text))
    root = site_root_path()
    names = {article.pk: entry_name(article, root, full_text) for article in found}
    store = taggedcache.store()
    stored = store.get_many(name for name in names.values() if name)
    missing = [article for article in found if names[article.pk] not in stored]
    built: dict[int, tuple[Entry, frozenset[str]]] = {}
    if missing:
        attach_corrections(missing)
        images = body_images(missing) if full_text else {}
        bodies: list[tuple[str, list[Picture]]] = (
            [body_db_html(article, images) for article in missing] if full_text else []
        )
        expanded = expand_rich_text([html for html, _ in bodies]) if full_text else []
        for index, article in enumerate(missing):
            body_html = expanded[index] if full_text else ""
            pictures = tuple(bodies[index][1]) if full_text else ()
            started_at = time.time()
            with surrogate.collect() as collected:
                built_entry = entry(article, root, body_html, pictures)
            keys = frozenset(collected | {surrogate.SITE})
            built[article.pk] = (built_entry, keys)
            if names[article.pk]:
                store.set(
                    names[article.pk],
                    built[article.pk],
                    keys=keys,
                    timeout=settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS,
                    started_at=started_at,
                )
    result = []
    for article in found:
        found_entry, keys = stored.get(names[article.pk]) or built[article.pk]
        surrogate.declare_all(keys)
        result.append(found_entry)
    return result


def attach_corrections(articles: list) -> None:
    """The published correction notes of the corrected ones among ``articles``: one query,
    none when no article was corrected (``corrected_at`` says which were)."""
    from polosa.news.models import NEWEST_FIRST, ArticleCorrection

    corrected = [article for article in articles if article.corrected_at is not None]
    if not corrected:
        return
    notes: dict[int, list] = {article.pk: [] for article in corrected}
    rows = ArticleCorrection.objects.filter(page_id__in=notes).exclude(published_at=None)
    for note in rows.order_by(*NEWEST_FIRST):
        notes[note.page_id].append(note)
    for article in corrected:
        article.__dict__["correction_list"] = notes[article.pk]  # the cached property


def corrections_shown(article, marked: Sequence[str] = ()) -> tuple[tuple[str, str], ...]:
    """(«Исправлено 1 декабря, 18:20», text) for each published note, newest first; the
    text with its legal marks when ``marked`` (the notes' marked HTML, in the same order)
    is given."""
    from polosa.core import dates
    from polosa.core.templatetags.polosa_dates import true_through

    now, zone = timezone.now(), timezone.get_current_timezone()
    notes = article.correction_list
    for note in notes:
        true_through(dates.published_true_through(note.shown_at, now, zone))
    texts = (
        [html_lib.unescape(html) for html in marked]  # escaped text and its stars
        if len(marked) == len(notes)
        else [note.text for note in notes]
    )
    return tuple(
        (
            gettext("Исправлено %(time)s")
            % {"time": dates.format_published(note.shown_at, now, zone)},
            text,
        )
        for note, text in zip(notes, texts, strict=True)
    )


def corrections_html(corrections: Iterable[tuple[str, str]]) -> str:
    """Notes as paragraphs every feed format allows (Dzen's list included)."""
    return "".join(f"<p><b>{escape(label)}:</b> {escape(text)}</p>" for label, text in corrections)


def entry_name(article, root: str, full_text: bool) -> str | None:
    """The store name of an article's feed entry: its revision, the site root, the kind
    of feed, and for a corrected one the year (its notes' dates leave the current year
    out); ``None`` when entries are not to be kept."""
    if settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS <= 0 or article.last_published_at is None:
        return None
    year = f":{timezone.localdate().year}" if article.corrected_at is not None else ""
    return (
        f"feed-entry:{article.pk}:{article.latest_revision_id}:"
        f"{article.last_published_at.timestamp()}:{root}:{int(full_text)}{year}"
    )


def entry(article, root: str, body_html: str = "", pictures: tuple[Picture, ...] = ()) -> Entry:
    surrogate.declare_all(article.surrogate_keys())
    authors = article.author_list  # declares their keys
    surrogate.declare_all(surrogate.tag(item.tag_id) for item in article.tagged_items.all())
    marked = labelled(article, body_html)
    title, lead_html, labelled_body = marked.title, marked.lead_html, marked.body_html
    notes, notes_html, plaque = marked.notes, marked.notes_html, marked.plaque
    lead_html = plaque_html(plaque) + lead_html
    published = article.shown_published_at
    # A correction or «обновлено» moves it (what the page shows readers), a re-publish not.
    updated = article.modified_at or published
    corrections = corrections_shown(article, marked.corrections_html)
    corrected_html = corrections_html(corrections)
    image = picture(article.main_image)
    content = ""
    if body_html:
        top = f'<figure><img src="{escape(image.url)}" alt=""></figure>' if image else ""
        content = whitelist_html(
            top + lead_html + labelled_body + corrected_html + notes_html, conf.base_url()
        )
    rubric = getattr(article, "_rubric_cache", None)
    return Entry(
        guid=article_guid(article.pk),
        url=absolute(page_path(article.url_path, root)),
        title=title,
        summary_html=lead_html + corrected_html + notes_html,
        summary_text=html_to_text(lead_html),
        published=published,
        updated=updated,
        content_html=content,
        image=image,
        pictures=((image,) if image else ()) + pictures,
        tags=tuple(item.tag.name for item in article.tagged_items.all()),
        section=rubric.title if rubric else "",
        authors=tuple(
            Person(author.name, absolute(reverse("news:author", args=[author.slug])))
            for author in authors
        ),
        footnotes=tuple(notes),
        corrections=corrections,
        adult=article.adult,
    )
