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


def link_generated_mentions(names_by_article: Iterable[tuple[int, list[str]]]) -> int:
    """Automatic links from bulk-generated articles to the directory people they name
    (people not in the directory are skipped); one insert for the whole batch. The bulk
    load purges the whole site itself. Returns how many links were made."""
    from django.utils import timezone

    from polosa.people.models import Mention, Person

    wanted = list(names_by_article)
    names = {name for _, article_names in wanted for name in article_names}
    person_ids = dict(Person.objects.filter(name__in=names).values_list("name", "pk"))
    now = timezone.now()
    links = [
        Mention(person_id=person_ids[name], article_id=article_id, source=Mention.Source.AUTO,
                updated_at=now)
        for article_id, article_names in wanted
        for name in dict.fromkeys(article_names)
        if name in person_ids
    ]  # fmt: skip
    Mention.objects.bulk_create(links, batch_size=2000)
    return len(links)
