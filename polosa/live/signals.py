"""A live blog is published like an article: its shown time, its purge (news' own
receiver takes any page) and its announcement in the channel; a legal decision on it
changes its entries' marks for polling readers and may release key events it held back;
after a registry change its entries are scanned as articles are."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from polosa.distribution import signals as distribution_signals
from polosa.legal.signals import article_relabelled, registry_relabelled
from polosa.live import services
from polosa.live.models import LiveBlogPage
from polosa.news import signals as news_signals

# The article's receivers listen to ArticlePage itself, not its subclasses.
page_published.connect(news_signals.set_shown_publication_time, sender=LiveBlogPage)
page_published.connect(distribution_signals.queue_telegram_post, sender=LiveBlogPage)
page_unpublished.connect(distribution_signals.queue_telegram_delete, sender=LiveBlogPage)


@receiver(article_relabelled)
def entries_relabelled(sender, article_id: int, **kwargs) -> None:
    transaction.on_commit(lambda: services.entries_relabelled(article_id))


@receiver(registry_relabelled)
def entries_rescanned(sender, entry_ids=(), **kwargs) -> None:
    transaction.on_commit(lambda: services.entries_rescanned(entry_ids))
