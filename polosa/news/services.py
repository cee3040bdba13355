"""Writes of the news app that readers see, each naming the surrogate keys it changes.

Wagtail performs the page writes themselves (publish, unpublish, move, rename, delete,
scheduled publishing, workflows); its signals call these services
(:mod:`polosa.news.signals`), which compute what changed for readers and purge it on
commit through :func:`polosa.core.purge.purge_keys`. Nothing else in the app purges pages.
"""

from __future__ import annotations

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def article_keys(article) -> set[str]:
    """What a publication change of ``article`` changes: its own page (and every list
    card and feed item showing it, which declare its key), the lists it enters, and what
    is computed over its range of ids (its sitemap file's date)."""
    from polosa.news.listing import rubric_path_of, rubric_pks_by_path

    keys = {surrogate.article(article.pk), surrogate.LISTING_SITE}
    rubric_pk = rubric_pks_by_path().get(rubric_path_of(article))
    if rubric_pk is not None:
        keys.add(surrogate.listing_rubric(rubric_pk))
    if article.pk:
        keys.add(surrogate.article_ids(article.pk))
        keys.update(
            surrogate.listing_tag(pk)
            for pk in article.tagged_items.values_list("tag_id", flat=True)
        )
        keys.update(
            surrogate.listing_author(pk) for pk in article.authors.values_list("pk", flat=True)
        )
        if article.reviewed_title_id:
            keys.add(surrogate.title(article.reviewed_title_id))
    return keys


def page_keys(page) -> set[str]:
    """The keys of any page of the tree whose publication changed."""
    from polosa.news.models import ArticlePage, HomePage, RubricPage

    specific = page.specific_deferred
    if isinstance(specific, ArticlePage):
        return article_keys(specific)
    if isinstance(specific, RubricPage):
        return {
            surrogate.rubric(page.pk),
            surrogate.listing_rubric(page.pk),
            surrogate.RUBRICS,
            surrogate.LISTING_SITE,
        }
    if isinstance(specific, HomePage):
        return {surrogate.page(page.pk), surrogate.SITE_ROOTS}
    return {surrogate.page(page.pk)}


def page_publication_changed(page, *, reason: str) -> None:
    """A page was published, re-published, unpublished or deleted."""
    purge_keys(page_keys(page), reason=reason)


def corrections_published(article, notes, *, reason: str = "correction published") -> None:
    """A publication that carries new correction notes (an editor's, or
    :func:`publish_correction`'s): the article's page and everything that shows it (its
    feed items and list cards, which declare its key; the lists and sitemaps that date it)
    are purged once, as for any publication of it, and :data:`article_corrected` tells the
    apps above (the channel post follows through the publication itself)."""
    from polosa.news.signals import article_corrected

    purge_keys(article_keys(article), reason=reason)
    article_corrected.send(sender=type(article), article=article, notes=list(notes))


class CorrectionRefused(Exception):
    """The correction cannot be published this way; the message says why (in Russian)."""


def publish_correction(article, text: str, *, user=None):
    """Add a dated correction note to a live article and publish it (for commands and
    scripts; editors add notes in the article form). The note's time is the publication's.

    Only the live version gets the note: an article with unpublished changes is refused,
    as publishing would also release those."""
    from django.utils.translation import gettext

    from polosa.news.models import ArticleCorrection, ArticlePage

    article = ArticlePage.objects.get(pk=article.pk)  # as stored now, not as the caller saw it
    text = (text or "").strip()
    if not text:
        raise CorrectionRefused(gettext("Пустое исправление: напишите, что исправлено."))
    if not article.live:
        raise CorrectionRefused(gettext("Материал не опубликован: исправлять нечего."))
    if article.has_unpublished_changes:
        raise CorrectionRefused(
            gettext(
                "У материала есть неопубликованные изменения: добавьте исправление "
                "в редакторе, вместе с ними."
            )
        )
    page = article.get_latest_revision_as_object()
    note = ArticleCorrection(text=text)
    page.corrections.add(note)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return ArticleCorrection.objects.get(page_id=article.pk, key=note.key)  # as published


def page_moved_or_renamed(page, *, reason: str, parent_before=None) -> None:
    """A page got a new slug or parent: its URL changed, and with it every link to it.

    An article's page and every list card and feed item showing it go; a rubric's move
    or rename changes every URL under it and the navigation, and tree paths (view
    restrictions) are renumbered by a move, so everything goes."""
    from polosa.news.models import ArticlePage

    if isinstance(page.specific_deferred, ArticlePage):
        keys = page_keys(page)
        if parent_before is not None:
            keys.add(surrogate.listing_rubric(parent_before.pk))
        purge_keys(keys, reason=reason)
    else:
        purge_keys({surrogate.SITE}, reason=reason)


def view_restrictions_changed(*, reason: str = "view restrictions changed") -> None:
    """A restriction hides or reveals a page and everything under it, in every list,
    feed and sitemap: the one write that purges the whole site (rare, and leaking a
    restricted article would be worse than a cold cache)."""
    purge_keys({surrogate.SITE}, reason=reason)


def author_changed(author, *, reason: str = "author changed") -> None:
    """An author's name, photo or bio: on their bylines and their own page."""
    purge_keys(
        {surrogate.author(author.pk), surrogate.listing_author(author.pk), surrogate.NAMES},
        reason=reason,
    )


def tag_changed(tag, *, reason: str = "tag changed") -> None:
    purge_keys(
        {surrogate.tag(tag.pk), surrogate.listing_tag(tag.pk), surrogate.NAMES}, reason=reason
    )
