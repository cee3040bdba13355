"""Latin URL slugs by the newsroom's transliteration (:func:`polosa.core.typography.slug_for`).

Models addressed by slug (authors, people, titles) get a unique one per model
(:func:`unique_slug`); pages get one unique among their siblings (:func:`free_page_slug`).
:func:`slug_formatters` says the same transliteration and cut to Wagtail's slug field in
the browser (``SlugInput(formatters=…)``), so the slug an editor sees while typing a title
is the one the server stores.
"""

from __future__ import annotations

import re

from django.db import models

from polosa.core.typography import TRANSLITERATION, slug_for

#: The longest slug made from a title; it is cut after the last whole word that fits.
PAGE_SLUG_LENGTH = 80


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
    limit = min(PAGE_SLUG_LENGTH, instance._meta.get_field(field).max_length - 10)
    base = slug_for(text, limit, fallback=fallback)
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(
        others.filter(
            models.Q(**{field: base}) | models.Q(**{f"{field}__startswith": f"{base}-"})
        ).values_list(field, flat=True)
    )
    return first_free(base, taken)


def first_free(base: str, taken: set[str]) -> str:
    """``base``, else ``base-2``, ``base-3``… whichever is not taken first."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def page_slug(title: str) -> str:
    """The slug a new page gets from its title: ``Хлеб подорожал`` → ``khleb-podorozhal``."""
    return slug_for(title, PAGE_SLUG_LENGTH, fallback="material")


def latin(slug: str) -> str:
    """A slug an editor typed, in Latin letters (a Cyrillic one is transliterated)."""
    if slug.isascii():
        return slug
    return slug_for(slug, PAGE_SLUG_LENGTH, fallback="material")


def slug_taken(slug: str, parent, page=None) -> bool:
    """Whether another child of ``parent`` has this slug."""
    siblings = parent.get_children().filter(slug=slug)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    return siblings.exists()


def free_page_slug(base: str, parent, page=None) -> str:
    """``base`` or the first of ``base-2``, ``base-3``… no other child of ``parent`` has
    (one query)."""
    siblings = parent.get_children().filter(
        models.Q(slug=base) | models.Q(slug__startswith=f"{base}-")
    )
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    return first_free(base, set(siblings.values_list("slug", flat=True)))


def slug_formatters(limit: int = PAGE_SLUG_LENGTH) -> list[tuple[re.Pattern, str]]:
    """What Wagtail's slug field applies in the browser before its own ``urlify``: the
    newsroom's letters (``х`` → ``kh`` where Wagtail's own table says ``h``), then the cut
    of :func:`polosa.core.typography.slug_for` (after the last whole word within
    ``limit``). ``urlify`` then lowercases, as ``slugify`` does on the server."""
    letters = [
        (re.compile(re.escape(cyrillic), re.IGNORECASE), latin)
        for cyrillic, latin in TRANSLITERATION.items()
    ]
    return [
        *letters,
        (re.compile(r"[^-\w\s\u00c0-\u024f]"), ""),  # what urlify strips, accents aside
        (re.compile(r"[-\s]+"), "-"),
        (re.compile(r"^[-_]+|[-_]+$"), ""),
        (re.compile(rf"^(?=.{{{limit + 1}}})(.{{1,{limit}}})-.*$"), "$1"),
        (re.compile(rf"^(.{{{limit}}}).+$"), "$1"),
    ]


class LatinSlugMixin:
    """For page models: a page given no slug (made in code rather than in the admin form)
    gets its title's Latin slug, numbered among its siblings, before Wagtail validates it
    (Wagtail's own fallback would drop every Cyrillic letter)."""

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.title and self.path:
            self.slug = free_page_slug(page_slug(self.title), self.get_parent(), self)
        super().full_clean(*args, **kwargs)
