"""Keep the shown publication time set when Wagtail publishes an article, and drop cached
pages when anything they show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from polosa.core.pagecache import invalidate_public_pages
from polosa.news.models import ArticlePage, Author


@receiver(page_published, sender=ArticlePage)
def set_shown_publication_time(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.published_at is None:
        published_at = instance.first_published_at or instance.last_published_at
        ArticlePage.objects.filter(pk=instance.pk).update(published_at=published_at)
        instance.published_at = published_at


@receiver(page_published)
@receiver(page_unpublished)
def invalidate_pages_on_publication_change(sender, **kwargs) -> None:
    # An article's own rendered text is keyed by its revision; publishing one leaves the
    # others' as they were. A rubric or the home page shows in every article's time line.
    invalidate_public_pages(
        "page publication changed", articles_changed=not issubclass(sender, ArticlePage)
    )


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def invalidate_pages_on_byline_change(sender, **kwargs) -> None:
    invalidate_public_pages(f"{sender.__name__} changed")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def invalidate_pages_on_restriction_change(sender, **kwargs) -> None:
    invalidate_public_pages("view restrictions changed")


@receiver(post_page_move)
@receiver(page_slug_changed)
def invalidate_pages_on_move(sender, **kwargs) -> None:
    # A move renumbers tree paths (rubric routes, restrictions, the rubric of an article)
    # without a revision; a new slug changes URLs other articles' texts link to.
    invalidate_public_pages("page moved or renamed")


@receiver(post_delete)
def invalidate_pages_on_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate_public_pages("page deleted")
