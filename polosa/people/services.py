"""Writes of the people directory that readers see, each naming the keys it changes."""

from __future__ import annotations

from collections.abc import Iterable

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def links_changed(article_id: int, person_ids: Iterable[int], *, reason: str = "") -> None:
    """People linked to an article changed: its page («Люди в материале») and the lists
    of the people added or removed."""
    keys = {surrogate.article(article_id)}
    keys.update(surrogate.listing_person(pk) for pk in person_ids)
    purge_keys(keys, reason=reason or "people links changed")


def person_changed(person_id: int, *, reason: str = "person changed") -> None:
    """A person's name, photo or page: on their page, the directory and every article
    linking to them."""
    purge_keys(
        {surrogate.person(person_id), surrogate.listing_person(person_id), surrogate.PEOPLE},
        reason=reason,
    )
