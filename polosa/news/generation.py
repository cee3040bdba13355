"""Bulk content for the demo and for benchmarks."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from polosa.core import services
from polosa.news import content
from polosa.news.demo_text import AGENCIES, AUTHORS, demo_article

ARCHIVE_SPAN = timedelta(days=548)  # about 18 months


def demo_images(count: int, seed: int = 7) -> list:
    from polosa.media.generate import create_generated_image
    from polosa.media.models import CreditedImage

    existing = list(CreditedImage.objects.filter(title__startswith="Демо-иллюстрация")[:count])
    for index in range(len(existing), count):
        existing.append(create_generated_image(f"Демо-иллюстрация {index + 1}", seed + index))
    return existing


def body_blocks(article, rng: random.Random, images: list) -> list[tuple[str, object]]:
    from wagtail.rich_text import RichText

    blocks: list[tuple[str, object]] = []
    for index, paragraph in enumerate(article.paragraphs):
        blocks.append(("paragraph", RichText(f"<p>{paragraph}</p>")))
        if index == 1:
            blocks.append(("quote", {"text": article.quote, "attribution": article.people[0].name}))
        if index == 2 and images and rng.random() < 0.3:
            blocks.append(
                ("image", {"image": rng.choice(images), "caption": "Иллюстрация", "credit": ""})
            )
    if rng.random() < 0.2:
        blocks.append(("heading", "Что дальше"))
        blocks.append(
            (
                "list",
                {"ordered": False, "items": ["Премьера весной", "Тур по стране", "Новый сезон"]},
            )
        )
    return blocks


#: Draws of a headline before a repeated one gets a number of its own.
HEADLINE_TRIES = 30


def distinct_article(rng: random.Random, rubric_slug: str, headlines: set[str]):
    """A demo article whose headline no other article has (``headlines`` is updated)."""
    for _ in range(HEADLINE_TRIES):
        text = demo_article(rng, rubric_slug)
        if text.title not in headlines:
            break
    else:
        text.title = f"{text.title} ({len(headlines) + 1})"
    headlines.add(text.title)
    return text


def generate_articles(
    count: int,
    *,
    seed: int = 2026,
    now: datetime | None = None,
    span: timedelta = ARCHIVE_SPAN,
    image_count: int = 24,
    progress: Callable[[int], None] | None = None,
    batch: int = 500,
) -> int:
    """Create ``count`` published articles spread evenly over ``span`` before ``now``."""
    rng = random.Random(seed)
    now = now or timezone.now()
    rubrics = content.ensure_rubrics()
    authors = [
        content.ensure_author(name, bio, position=position) for name, position, bio in AUTHORS
    ]
    images = demo_images(image_count)
    from polosa.news.models import ArticlePage

    created = 0
    serial = ArticlePage.objects.count()
    headlines = set(ArticlePage.objects.values_list("title", flat=True)) if serial else set()
    while created < count:
        with transaction.atomic():
            for _ in range(min(batch, count - created)):
                rubric = rubrics[created % len(rubrics)]
                text = distinct_article(rng, rubric.slug, headlines)
                published_at = now - span * rng.random()
                content.create_article(
                    rubric,
                    title=text.title,
                    lead=text.lead,
                    body=body_blocks(text, rng, images),
                    kind=text.kind,
                    main_image=rng.choice(images),
                    authors=rng.sample(authors, rng.choice([1, 1, 1, 2])),
                    tags=text.tags,
                    source_name=rng.choice(AGENCIES)
                    if text.kind == "news" and rng.random() < 0.5
                    else "",
                    published_at=published_at,
                    slug=f"{content.slug_for(text.title, 70)}-{serial + created + 1}",
                    validate=False,
                    announce=False,  # one purge for the whole batch, below
                )
                created += 1
                if progress:
                    progress(1)
            # A bulk load enters every list and sitemap of the site.
            services.site_changed(reason="articles generated")
    return created
