"""Publishing drives the Telegram outbox: work is enqueued when the transaction commits, so
a rolled-back publication posts nothing. It also rewrites the sitemap dates of the
article's block of ids (:mod:`polosa.distribution.sitemap_dates`), on commit too."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from polosa.legal.signals import article_relabelled, registry_relabelled
from polosa.news.models import ArticlePage
from polosa.news.signals import article_updated


@receiver(page_published, sender=ArticlePage)
def queue_telegram_post(sender, instance, **kwargs) -> None:
    from polosa.distribution import telegram

    transaction.on_commit(partial(telegram.article_published, instance.pk))


@receiver(page_unpublished, sender=ArticlePage)
def queue_telegram_delete(sender, instance, **kwargs) -> None:
    from polosa.distribution import telegram

    transaction.on_commit(partial(telegram.article_unpublished, instance.pk))


@receiver(article_relabelled)
def edit_telegram_post_after_relabelling(sender, article_id: int, **kwargs) -> None:
    from polosa.distribution import telegram

    telegram.article_relabelled(article_id)


@receiver(registry_relabelled)
def recheck_marked_telegram_posts(sender, **kwargs) -> None:
    from polosa.distribution import telegram

    telegram.recheck_marked_posts()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def date_sitemap_block(sender, instance, **kwargs) -> None:
    """Any article (a live blog too: receivers by sender match exact classes),
    published, unpublished, or moved to another rubric (the instance is then a plain
    page; the sender is its class)."""
    if isinstance(sender, type) and issubclass(sender, ArticlePage):
        from polosa.distribution import sitemap_dates

        sitemap_dates.article_changed(instance.pk)


@receiver(article_updated)
def date_sitemap_block_after_update(sender, article_id: int, **kwargs) -> None:
    """A live blog's entry moved its «обновлено» time: the blog's ``lastmod`` follows."""
    from polosa.distribution import sitemap_dates

    sitemap_dates.article_changed(article_id)


@receiver(post_delete)
def date_sitemap_block_after_delete(sender, instance, **kwargs) -> None:
    """A deleted page (its rows are gone; a rubric's articles each come here)."""
    if isinstance(instance, Page):
        from polosa.distribution import sitemap_dates

        sitemap_dates.article_changed(instance.pk)
