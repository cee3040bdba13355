"""schema.org JSON-LD as plain dicts: NewsArticle, Review, BreadcrumbList.

Pure functions over plain values (absolute URLs, aware datetimes), no Django import; the
template tag in :mod:`polosa.distribution.meta` gathers the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

CONTEXT = "https://schema.org"


def iso(moment: datetime) -> str:
    """ISO 8601 with the offset (``2026-02-25T18:50:00+03:00``)."""
    if moment.tzinfo is None:
        raise ValueError("structured data needs aware datetimes")
    return moment.isoformat(timespec="seconds")


def organization(name: str, url: str, logo: str = "") -> dict:
    data: dict = {"@type": "Organization", "name": name, "url": url}
    if logo:
        data["logo"] = {"@type": "ImageObject", "url": logo}
    return data


def person(name: str, url: str = "") -> dict:
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    return data


def news_article(
    *,
    url: str,
    headline: str,
    description: str,
    images: Sequence[str],
    published: datetime,
    modified: datetime,
    authors: Sequence[dict],
    publisher: dict,
    section: str = "",
    keywords: Sequence[str] = (),
) -> dict:
    data: dict = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline[:110],
        "description": description,
        "datePublished": iso(published),
        "dateModified": iso(max(published, modified)),
        "author": list(authors) or [publisher],
        "publisher": publisher,
        "inLanguage": "ru",
    }
    if images:
        data["image"] = list(images)
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = list(keywords)
    return data


REVIEWED_TYPES = {"film": "Movie", "series": "TVSeries"}


def review(
    *,
    url: str,
    headline: str,
    item_name: str,
    item_kind: str,
    authors: Sequence[dict],
    publisher: dict,
    published: datetime,
    rating: float | None = None,
    best_rating: float = 10,
    worst_rating: float = 1,
) -> dict:
    """A critic's review of a film (``Movie``) or a series (``TVSeries``)."""
    data: dict = {
        "@context": CONTEXT,
        "@type": "Review",
        "url": url,
        "name": headline,
        "itemReviewed": {"@type": REVIEWED_TYPES.get(item_kind, "CreativeWork"), "name": item_name},
        "author": list(authors) or [publisher],
        "publisher": publisher,
        "datePublished": iso(published),
        "inLanguage": "ru",
    }
    if rating is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": best_rating,
            "worstRating": worst_rating,
        }
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict:
    """``BreadcrumbList`` from ``(name, absolute url)`` pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }
