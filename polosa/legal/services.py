"""Writes of the legal app that readers see, each naming the surrogate keys it changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def review_decide(*, review, decision: str, user) -> None:
    """Record a reviewer's decision on an uncertain mention, with who and when.

    The one path for every screen (the article's review page, the «Проверка упоминаний»
    list, a shell): the article's page, its cards and feed items are purged and its
    channel post is edited when the transaction commits.
    """
    from polosa.legal.models import MentionReview

    if decision not in (MentionReview.Decision.CONFIRMED, MentionReview.Decision.DISMISSED):
        raise ValueError(f"unknown decision {decision!r}")
    review.decision = decision
    review.decided_by = user if getattr(user, "is_authenticated", False) else None
    review.decided_at = timezone.now()
    review.save(update_fields=["decision", "decided_by", "decided_at"])
    article_labels_changed(review.article_id, reason="legal review decided")


def review_deleted(review) -> None:
    """A review row removed (the mention is pending again, or gone with its article)."""
    article_labels_changed(review.article_id, reason="legal review deleted")


def article_labels_changed(article_id: int, *, reason: str) -> None:
    """An article's marks changed without a new revision: purge it, edit its post."""
    purge_keys({surrogate.article(article_id)}, reason=reason)

    def announce() -> None:
        from polosa.legal.signals import article_relabelled

        article_relabelled.send(sender=None, article_id=article_id)

    transaction.on_commit(announce)
