"""Publishing drives the Telegram outbox: work is enqueued when the transaction commits, so
a rolled-back publication posts nothing."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from polosa.legal.signals import article_relabelled, registry_relabelled
from polosa.news.models import ArticlePage


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
