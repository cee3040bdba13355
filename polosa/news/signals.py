"""Keep the shown publication time set when Wagtail publishes an article, and tell the
news services what readers will see change (they purge it)."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from polosa.news import services
from polosa.news.models import ArticlePage, Author

#: Sent with ``article`` and ``notes`` (the correction notes it published first) once a
#: publication carrying corrections is written: copies of the article elsewhere may follow.
article_corrected = Signal()

#: Sent with ``article_id`` when an article's «обновлено» time moved without a publication
#: (a live blog's entry added, edited or deleted): what dates the article may follow.
article_updated = Signal()


@receiver(page_published, sender=ArticlePage)
def set_shown_publication_time(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.published_at is None:
        published_at = instance.first_published_at or instance.last_published_at
        ArticlePage.objects.filter(pk=instance.pk).update(published_at=published_at)
        instance.published_at = published_at


@receiver(page_published)
def purge_on_publish(sender, instance, **kwargs) -> None:
    notes = getattr(instance, "first_published_corrections", None)
    if notes:
        services.corrections_published(instance, notes)
    else:
        services.page_publication_changed(instance, reason="page published")


@receiver(page_unpublished)
def purge_on_unpublish(sender, instance, **kwargs) -> None:
    services.page_publication_changed(instance, reason="page unpublished")


@receiver(pre_delete)
def purge_on_page_delete(sender, instance, **kwargs) -> None:
    # Before the rows go: the article's lists are read from its relations.
    if isinstance(instance, Page) and instance.live:
        services.page_publication_changed(instance, reason="page deleted")


@receiver(post_page_move)
def purge_on_move(sender, instance, parent_page_before=None, **kwargs) -> None:
    services.page_moved_or_renamed(instance, reason="page moved", parent_before=parent_page_before)


@receiver(page_slug_changed)
def purge_on_slug_change(sender, instance, **kwargs) -> None:
    services.page_moved_or_renamed(instance, reason="page renamed")


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def purge_on_author_change(sender, instance, **kwargs) -> None:
    services.author_changed(instance)


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def purge_on_tag_change(sender, instance, **kwargs) -> None:
    services.tag_changed(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_on_restriction_change(sender, **kwargs) -> None:
    services.view_restrictions_changed()
