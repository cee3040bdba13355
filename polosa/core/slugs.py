"""Unique URL slugs for models addressed by slug (authors, people, titles)."""

from __future__ import annotations

from django.db import models

from polosa.core.typography import slug_for


def unique_slug(
    instance: models.Model,
    text: str,
    *,
    field: str = "slug",
    fallback: str = "item",
) -> str:
    """A slug for ``text`` not used by another row of ``instance``'s model.

    ``Анна Ким`` becomes ``anna-kim``, then ``anna-kim-2`` for a second Анна Ким, so two
    namesakes never collide on the unique column.
    """
    limit = instance._meta.get_field(field).max_length - 10
    base = slug_for(text, limit, fallback=fallback)
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, number = base, 1
    while others.filter(**{field: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
