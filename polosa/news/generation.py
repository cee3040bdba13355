"""Bulk content for the demo and for benchmarks: an archive of up to a million articles.

Articles are written straight into the page tree, a chunk of a few thousand per
transaction: page rows with their treebeard paths (the rubric's next free steps), depth,
``url_path`` and the rubric's ``numchild`` kept in step, then the article rows, bylines,
tags and, through the ``polosa_articles_generated`` hook, what other apps attach (the
people directory's mention links). PostgreSQL receives every table through ``COPY``;
SQLite through ``executemany`` in the same transaction. No revisions are stored (a
generated article was never edited) and Wagtail's signals are not sent: one purge of the
site follows each chunk.

Article number *k* is made from ``(seed, k)`` alone, so an interrupted run continues
where it stopped (``polosa generate`` keeps the run's target in ``VAR_DIR``) and yields
the same archive as an uninterrupted one.

Not done here, by design: the readers' search index (``polosa search reindex`` after a
load) and legal reviews (labels are computed when a page renders; a registry change
rescans in the worker, :mod:`polosa.legal.tasks`).
"""

from __future__ import annotations

import functools
import json
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail import hooks

from polosa.core import services
from polosa.core.typography import slug_for, typograph
from polosa.news import content
from polosa.news.demo_text import (
    AGENCIES,
    AUTHORS,
    NEWS_TITLES,
    TITLES_BY_RUBRIC,
    CastMember,
    demo_article,
)

ARCHIVE_SPAN = timedelta(days=548)  # about 18 months: the demo
TEN_YEARS = timedelta(days=3653)  # ``polosa generate``: a real outlet's archive
CHUNK = 2000


def demo_images(count: int, seed: int = 7) -> list:
    from polosa.media.generate import create_generated_image
    from polosa.media.models import CreditedImage

    existing = list(CreditedImage.objects.filter(title__startswith="Демо-иллюстрация")[:count])
    for index in range(len(existing), count):
        existing.append(create_generated_image(f"Демо-иллюстрация {index + 1}", seed + index))
    return existing


def block(rng: random.Random, kind: str, value: object) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.UUID(int=rng.getrandbits(128)))}


#: Typography of demo sentences, titles and leads: they repeat across a large archive,
#: and the rules (quotes, non-breaking spaces) were most of the generator's time.
typeset = functools.lru_cache(maxsize=200_000)(typograph)


def body_blocks(article, rng: random.Random, image_ids: Sequence[int]) -> list[dict]:
    """The body in its stored (JSON) form, typography applied as ``save`` would: the
    article's text comes typeset (``demo_article(typeset=…)``), the fixed phrases here
    through the same memoised rules."""
    blocks: list[dict] = []
    for index, paragraph in enumerate(article.paragraphs):
        blocks.append(block(rng, "paragraph", f"<p>{paragraph}</p>"))
        if index == 1:
            quote = {"text": article.quote, "attribution": typeset(article.people[0].name)}
            blocks.append(block(rng, "quote", quote))
        if index == 2 and image_ids and rng.random() < 0.3:
            figure = {
                "image": rng.choice(image_ids),
                "caption": typeset("Иллюстрация"),
                "credit": "",
            }
            blocks.append(block(rng, "image", figure))
    if rng.random() < 0.2:
        blocks.append(block(rng, "heading", typeset("Что дальше")))
        items = [typeset(item) for item in ("Премьера весной", "Тур по стране", "Новый сезон")]
        blocks.append(block(rng, "list", {"ordered": False, "items": items}))
    return blocks


@dataclass
class GeneratedArticle:
    """One article of the archive as rows to write, before it has an id."""

    serial: int
    rubric: object
    title: str
    slug: str
    lead: str
    body: str  # JSON
    kind: str
    main_image_id: int | None
    author_ids: list[int]
    tag_ids: list[int]
    source_name: str
    published_at: datetime
    people: list[CastMember] = field(default_factory=list)
    pk: int | None = None
    path: str = ""


@dataclass
class Pools:
    """What articles are made of: the rubrics, bylines, tags and pictures they share."""

    rubrics: list
    author_ids: list[int]
    tag_ids: dict[str, int]  # by name: each headline brings its own tags
    image_ids: list[int]

    @classmethod
    def ensure(cls, image_count: int) -> Pools:
        from taggit.models import Tag

        rubrics = content.ensure_rubrics()
        authors = [
            content.ensure_author(name, bio, position=position) for name, position, bio in AUTHORS
        ]
        tags = [Tag.objects.get_or_create(name=name)[0] for name in sorted(headline_tags())]
        images = demo_images(image_count)
        return cls(
            rubrics=rubrics,
            author_ids=[author.pk for author in authors],
            tag_ids={tag.name: tag.pk for tag in tags},
            image_ids=[image.pk for image in images],
        )


def headline_tags() -> set[str]:
    """Every tag a demo headline may bring."""
    titles = [NEWS_TITLES, *TITLES_BY_RUBRIC.values()]
    return {tag for table in titles for _, _, tags in table for tag in tags}


#: Draws of a headline before a repeated one gets a number of its own.
HEADLINE_TRIES = 30


def make_article(
    serial: int,
    pools: Pools,
    *,
    seed: int,
    now: datetime,
    span: timedelta,
    headlines: set[str] | None = None,
):
    """Article number ``serial`` (from 1): the same for the same seed whenever it is made.
    With ``headlines`` (the titles already taken, updated), a repeated headline is drawn
    again, then numbered: the demo's few hundred articles never share one."""
    rng = random.Random(seed * 10_000_019 + serial)
    rubric = pools.rubrics[serial % len(pools.rubrics)]
    text = demo_article(rng, rubric.slug, typeset=typeset)
    if headlines is not None:
        for _ in range(HEADLINE_TRIES):
            if text.title not in headlines:
                break
            text = demo_article(rng, rubric.slug, typeset=typeset)
        else:
            text.title = f"{text.title} ({len(headlines) + 1})"
        headlines.add(text.title)
    images = pools.image_ids
    return GeneratedArticle(
        serial=serial,
        rubric=rubric,
        title=text.title,
        slug=f"{slug_for(text.title, 70)}-{serial}",
        lead=text.lead,
        body=json.dumps(body_blocks(text, rng, images), ensure_ascii=False),
        kind=text.kind,
        main_image_id=rng.choice(images) if images else None,
        author_ids=rng.sample(pools.author_ids, rng.choice([1, 1, 1, 2])),
        tag_ids=[pools.tag_ids[name] for name in text.tags],
        source_name=rng.choice(AGENCIES) if text.kind == "news" and rng.random() < 0.5 else "",
        published_at=now - span * rng.random(),
        people=list(text.people),
    )


# -- writing rows ------------------------------------------------------------------------


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Append ``rows`` to ``table``: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})",
            [tuple(_sqlite_value(value) for value in row) for row in rows],
        )


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def reserve_page_ids(count: int) -> list[int]:
    """Ids for ``count`` new pages, taken from the table's sequence (PostgreSQL) or after
    the highest id (SQLite, whose write transaction holds the database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def next_child_steps(rubrics: Sequence) -> dict[int, int]:
    """Each rubric's next free child step: after its last child's, as treebeard counts."""
    from wagtail.models import Page

    steps = {}
    for rubric in rubrics:
        last = (
            Page.objects.filter(path__startswith=rubric.path, depth=rubric.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        steps[rubric.pk] = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    return steps


def write_chunk(articles: list[GeneratedArticle]) -> None:
    """The pages, article rows and relations of ``articles``, in the caller's transaction."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from polosa.news.models import ArticleAuthor, ArticlePage, ArticleTag

    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    locale_id = Locale.get_default().pk
    steps = next_child_steps({a.rubric.pk: a.rubric for a in articles}.values())
    added: dict[int, int] = {}
    for article, pk in zip(articles, reserve_page_ids(len(articles)), strict=True):
        rubric = article.rubric
        article.pk = pk
        article.path = Page._get_path(rubric.path, rubric.depth + 1, steps[rubric.pk])
        steps[rubric.pk] += 1
        added[rubric.pk] = added.get(rubric.pk, 0) + 1
    page_columns = (
        "id", "path", "depth", "numchild", "translation_key", "locale_id", "live",
        "has_unpublished_changes", "first_published_at", "last_published_at", "expired",
        "locked", "title", "draft_title", "slug", "content_type_id", "url_path",
        "latest_revision_created_at", "show_in_menus", "seo_title", "search_description",
    )  # fmt: skip
    insert_rows(
        Page._meta.db_table,
        page_columns,
        (
            (
                a.pk,
                a.path,
                a.rubric.depth + 1,
                0,
                uuid.uuid4(),
                locale_id,
                True,
                False,
                a.published_at,
                a.published_at,
                False,
                False,
                a.title,
                a.title,
                a.slug,
                content_type_id,
                f"{a.rubric.url_path}{a.slug}/",
                a.published_at,
                False,
                "",
                "",
            )  # fmt: skip
            for a in articles
        ),
    )
    insert_rows(
        ArticlePage._meta.db_table,
        ("page_ptr_id", "kind", "adult", "lead", "body", "main_image_id", "source_name",
         "source_url", "published_at"),
        (
            (a.pk, a.kind, False, a.lead, a.body, a.main_image_id, a.source_name, "",
             a.published_at)
            for a in articles
        ),
    )  # fmt: skip
    insert_rows(
        ArticleAuthor._meta.db_table,
        ("article_id", "author_id", "sort_order"),
        (
            (a.pk, author_id, order)
            for a in articles
            for order, author_id in enumerate(a.author_ids)
        ),
    )
    insert_rows(
        ArticleTag._meta.db_table,
        ("content_object_id", "tag_id"),
        ((a.pk, tag_id) for a in articles for tag_id in a.tag_ids),
    )
    for rubric_pk, count in added.items():
        Page.objects.filter(pk=rubric_pk).update(numchild=F("numchild") + count)
    for attach in hooks.get_hooks("polosa_articles_generated"):
        attach(articles)


def generate_articles(
    count: int,
    *,
    seed: int = 2026,
    now: datetime | None = None,
    span: timedelta = ARCHIVE_SPAN,
    image_count: int = 24,
    progress: Callable[[int], None] | None = None,
    batch: int = CHUNK,
    first_serial: int | None = None,
    distinct_headlines: bool = False,
) -> int:
    """Add ``count`` published articles spread over ``span`` before ``now``; article
    numbers continue after the archive's (or from ``first_serial + 1``). With
    ``distinct_headlines`` (the demo) no two articles share a headline; a large archive
    repeats some, as the titles' templates are few."""
    from polosa.news.models import ArticlePage

    now = now or timezone.now()
    pools = Pools.ensure(image_count)
    serial = ArticlePage.objects.count() if first_serial is None else first_serial
    headlines = (
        set(ArticlePage.objects.values_list("title", flat=True)) if distinct_headlines else None
    )
    created = 0
    while created < count:
        size = min(batch, count - created)
        chunk = [
            make_article(
                serial + index + 1, pools, seed=seed, now=now, span=span, headlines=headlines
            )
            for index in range(size)
        ]
        with transaction.atomic():
            write_chunk(chunk)
            # A bulk load enters every list and sitemap of the site.
            services.site_changed(reason="articles generated")
        serial += size
        created += size
        if progress:
            progress(size)
    return created
