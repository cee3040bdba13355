"""Keep the readers' search index in step with what readers may see.

Hiding is immediate: an unpublication (an expiry included) or a new view restriction
takes the entries out inside the transaction that hides the articles, so no search
answers with them once it commits. Showing waits for the commit: a publication, a move, a
lifted restriction or an edit of what an entry holds (tags, authors, people links, the
directory's names) re-indexes the articles once the transaction commits, inline for a
few (a failure falls back to a task), as a task for many. Deleted articles take their
entries with them (a cascade). Nothing here decides who may read an article: that is
:func:`polosa.news.listing.published_articles`, which :func:`~polosa.search.index.index_articles`
asks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from polosa.news.models import ArticlePage, ArticleTag, Author
from polosa.people.models import Mention, Person
from polosa.search import index

logger = logging.getLogger(__name__)
#: More articles than this are re-indexed by a task rather than after the commit.
INLINE_LIMIT = 200


def reindex_after_commit(article_ids: Iterable[int]) -> None:
    ids = sorted(set(article_ids))
    if not ids:
        return

    def run() -> None:
        from polosa.search.tasks import index_articles_task

        if len(ids) > INLINE_LIMIT:
            index_articles_task.enqueue(ids)
            return
        try:
            index.index_articles(ids)
        except Exception:
            logger.exception("search index of %s: falling back to a task", ids[:10])
            index_articles_task.enqueue(ids)

    transaction.on_commit(run)


@receiver(page_published, sender=ArticlePage)
def index_on_publish(sender, instance: ArticlePage, **kwargs) -> None:
    reindex_after_commit([instance.pk])


@receiver(page_unpublished, sender=ArticlePage)
def remove_on_unpublish(sender, instance: ArticlePage, **kwargs) -> None:
    index.remove_articles([instance.pk])


@receiver(post_page_move)
def reindex_on_move(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        reindex_after_commit([instance.pk])
    else:
        ids = ArticlePage.objects.filter(path__startswith=instance.path).values_list("pk")
        reindex_after_commit(pk for (pk,) in ids)


@receiver(post_save, sender=PageViewRestriction)
def remove_on_restriction(sender, instance: PageViewRestriction, **kwargs) -> None:
    index.remove_under(instance.page.path)


@receiver(post_delete, sender=PageViewRestriction)
def reindex_on_restriction_lifted(sender, instance: PageViewRestriction, **kwargs) -> None:
    path = instance.page.path

    def run() -> None:
        from polosa.search.tasks import index_subtree_task

        index_subtree_task.enqueue(path)

    ids = list(ArticlePage.objects.filter(path__startswith=path).values_list("pk", flat=True))
    if len(ids) > INLINE_LIMIT:
        transaction.on_commit(run)
    else:
        reindex_after_commit(ids)


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
def reindex_on_people_link(sender, instance: Mention, **kwargs) -> None:
    reindex_after_commit([instance.article_id])


@receiver(post_save, sender=Tag)
@receiver(pre_delete, sender=Tag)
def reindex_on_tag_change(sender, instance: Tag, created: bool = False, **kwargs) -> None:
    if not created:
        ids = ArticleTag.objects.filter(tag=instance).values_list("content_object_id", flat=True)
        reindex_after_commit(ids)


@receiver(post_save, sender=Author)
@receiver(pre_delete, sender=Author)
def reindex_on_author_change(sender, instance: Author, created: bool = False, **kwargs) -> None:
    if not created:
        reindex_after_commit(instance.articles.values_list("pk", flat=True))


@receiver(pre_save, sender=Person)
def remember_old_names(sender, instance: Person, **kwargs) -> None:
    if instance.pk:
        instance._search_names_before = (
            Person.objects.filter(pk=instance.pk).values_list("name", "aliases").first()
        )


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
def reindex_on_directory_change(sender, instance: Person, **kwargs) -> None:
    """A person's name tokens are in every article holding one of its forms: those
    articles (found by the old and the new forms) are indexed again."""
    from polosa.search.morphology import fold, name_forms

    old = getattr(instance, "_search_names_before", None)
    if old == (instance.name, instance.aliases):
        return
    terms: set[str] = set()
    for name, aliases in filter(None, [old, (instance.name, instance.aliases)]):
        for full in [name, *aliases.splitlines()]:
            words = full.split()
            if words:
                first = words[0] if len(words) > 1 else ""
                terms |= set(name_forms(first, words[-1]))
                terms |= {fold(word) for word in words}

    def run() -> None:
        from polosa.search.tasks import index_person_mentions_task

        index_person_mentions_task.enqueue(sorted(terms))

    transaction.on_commit(run)
