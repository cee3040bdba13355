"""schema.org ``LiveBlogPosting`` for a live blog: the article's ``NewsArticle`` data with
the coverage's times and one ``BlogPosting`` per entry (pure, no Django)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from polosa.distribution.structured import iso


@dataclass(frozen=True)
class Update:
    url: str
    headline: str
    text: str
    published: datetime
    modified: datetime


def live_blog_posting(
    article: dict,
    *,
    coverage_start: datetime,
    coverage_end: datetime | None,
    updates: Iterable[Update],
) -> dict:
    """``article`` (a ``NewsArticle`` dict) as a ``LiveBlogPosting``, newest update first."""
    data = {**article, "@type": "LiveBlogPosting", "coverageStartTime": iso(coverage_start)}
    if coverage_end is not None:
        data["coverageEndTime"] = iso(coverage_end)
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "url": update.url,
            "headline": (update.headline or article.get("headline", ""))[:110],
            "articleBody": update.text,
            "datePublished": iso(update.published),
            "dateModified": iso(max(update.published, update.modified)),
        }
        for update in updates
    ]
    return data
