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


def person(name: str, url: str = "", *, job_title: str = "", image: str = "") -> dict:
    """A ``Person``: an article's author (with their position and photo where known)."""
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    if job_title:
        data["jobTitle"] = job_title
    if image:
        data["image"] = image
    return data


def profile_page(*, url: str, person: dict, description: str = "") -> dict:
    """A ``ProfilePage`` whose main entity is the person (an author's page)."""
    data: dict = {"@context": CONTEXT, "@type": "ProfilePage", "url": url, "mainEntity": person}
    if description:
        data["description"] = description
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
    corrections: Sequence[dict] = (),
) -> dict:
    """``corrections``: :func:`correction_comment` dicts, newest first (schema.org's
    ``correction`` of a ``CreativeWork``)."""
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
    if corrections:
        data["correction"] = list(corrections)
    return data


def correction_comment(text: str, published: datetime) -> dict:
    """A published correction note as a ``CorrectionComment``."""
    return {"@type": "CorrectionComment", "text": text, "datePublished": iso(published)}


REVIEWED_TYPES = {"film": "Movie", "series": "TVSeries"}
BEST_RATING = 10
WORST_RATING = 1


def rating(value: float, *, best: float = BEST_RATING, worst: float = WORST_RATING) -> dict:
    """A ``Rating`` on the outlet's 1–10 scale."""
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": best,
        "worstRating": worst,
    }


def aggregate_rating(
    value: float, count: int, *, best: float = BEST_RATING, worst: float = WORST_RATING
) -> dict:
    """Readers' votes as an ``AggregateRating`` (the mean and how many voted)."""
    return {
        "@type": "AggregateRating",
        "ratingValue": value,
        "ratingCount": count,
        "bestRating": best,
        "worstRating": worst,
    }


def reviewed_item(
    *,
    name: str,
    kind: str,
    url: str = "",
    original_name: str = "",
    year: int | None = None,
    season: int | None = None,
    image: str = "",
    readers: tuple[float, int] | None = None,
) -> dict:
    """The film (``Movie``) or series (``TVSeries``) a review is about.

    ``year`` becomes ``dateCreated`` (a year is a valid ISO 8601 date); a series season
    becomes ``containsSeason``; ``readers`` is ``(mean, votes)`` and is given only when the
    title has enough votes for the mean to be shown."""
    data: dict = {"@type": REVIEWED_TYPES.get(kind, "CreativeWork"), "name": name}
    if original_name and original_name != name:
        data["alternateName"] = original_name
    if url:
        data["url"] = url
    if year:
        data["dateCreated"] = f"{int(year):04d}"
    if season and data["@type"] == "TVSeries":
        data["containsSeason"] = {"@type": "TVSeason", "seasonNumber": int(season)}
    if image:
        data["image"] = image
    if readers is not None:
        data["aggregateRating"] = aggregate_rating(*readers)
    return data


def review(
    *,
    url: str,
    headline: str,
    item: dict,
    authors: Sequence[dict],
    publisher: dict,
    published: datetime,
    score: float | None = None,
) -> dict:
    """A critic's review of ``item`` (see :func:`reviewed_item`), with the outlet's score
    as ``reviewRating`` when it has one."""
    data: dict = {
        "@context": CONTEXT,
        "@type": "Review",
        "url": url,
        "name": headline,
        "itemReviewed": item,
        "author": list(authors) or [publisher],
        "publisher": publisher,
        "datePublished": iso(published),
        "inLanguage": "ru",
    }
    if score is not None:
        data["reviewRating"] = rating(score)
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
