"""Creating live blogs from code: the demo, the benchmark and tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from polosa.core.typography import slug_for
from polosa.live.models import LiveBlogPage
from polosa.news import services
from polosa.news.models import ArticleAuthor


def create_live_blog(
    rubric,
    *,
    title: str,
    published_at: datetime,
    lead: str = "",
    status: str = LiveBlogPage.Status.LIVE,
    coverage_start: datetime | None = None,
    coverage_end: datetime | None = None,
    telegram_key_events: bool = False,
    authors: Sequence = (),
    slug: str | None = None,
) -> LiveBlogPage:
    """A published live blog under ``rubric`` (its entries come from
    :func:`polosa.live.services.add_entry`)."""
    blog = LiveBlogPage(
        title=title,
        slug=slug or slug_for(title),
        lead=lead,
        status=status,
        coverage_start=coverage_start or published_at,
        coverage_end=coverage_end,
        telegram_key_events=telegram_key_events,
        live=True,
        published_at=published_at,
        first_published_at=published_at,
        last_published_at=published_at,
    )
    # modelcluster keeps the byline in memory until add_child saves the page.
    blog.byline = [ArticleAuthor(author=author) for author in authors]
    rubric.add_child(instance=blog)
    # A revision for the editors' form and history, live as it is: nothing to publish.
    revision = blog.save_revision()
    LiveBlogPage.objects.filter(pk=blog.pk).update(
        live_revision=revision, has_unpublished_changes=False
    )
    blog.live_revision, blog.has_unpublished_changes = revision, False
    services.page_publication_changed(blog, reason="live blog created")
    return blog
