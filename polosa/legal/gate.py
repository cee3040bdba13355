"""The publishing gate: an article with undecided ``review`` mentions, or with links to
blocked resources nobody has decided on, does not go live.

Two doors lead to publishing and both are guarded:

* the page editor's «Опубликовать» runs Wagtail's ``before_publish_page`` hook
  (:mod:`polosa.legal.wagtail_hooks`), which sends the editor back with the list;
* everything else (scheduled publishing, workflow approval, bulk actions, the create view)
  ends in ``ArticlePage.publish``, which :func:`install` wraps. A scheduled revision that is
  blocked is *held*: it keeps its approved time and goes live on the first worker cycle
  after the last decision. A user-driven publish is refused with :class:`PublishingBlocked`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from polosa.legal import engine, labels, registry

logger = logging.getLogger(__name__)

LEGAL_GROUP = "Юрист"
SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"


class PublishingBlocked(PermissionDenied):
    """Publishing refused: the article has mentions or blocked links nobody has decided on."""


@dataclass
class Pending:
    """What keeps an article from going live: review rows of uncertain mentions and of
    links to blocked resources, both waiting for a decision."""

    mentions: list = field(default_factory=list)
    links: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.mentions or self.links)


def article_html(page) -> str:
    """The headline, lead and body as readers get them (the text the page marks)."""
    return labels.article_html(page, str(page.body.render_as_block()))


def scan(page) -> labels.Labelled:
    loaded = registry.current()
    return labels.mark(loaded.matcher, article_html(page), article_id=page.pk)


def record_pending(page, mentions) -> list:
    """Make sure every undecided mention has a pending review row; return those rows."""
    from polosa.legal.models import MentionReview, RegistryEntry

    if not mentions or not page.pk:
        return []
    keys = {}
    for mention in mentions:
        keys.setdefault(engine.decision_key(mention), mention)
    entry_pks = dict(
        RegistryEntry.objects.filter(external_id__in={k[0] for k in keys}).values_list(
            "external_id", "pk"
        )
    )
    rows = []
    for (entry_key, normalised), mention in keys.items():
        try:
            with transaction.atomic():
                row, _ = MentionReview.objects.get_or_create(
                    article_id=page.pk,
                    entry_key=entry_key,
                    normalised_key=normalised[:500],
                    defaults={
                        "entry_id": entry_pks.get(entry_key),
                        "matched_text": mention.text[:500],
                    },
                )
        except IntegrityError:  # created concurrently
            row = MentionReview.objects.get(
                article_id=page.pk, entry_key=entry_key, normalised_key=normalised[:500]
            )
        if row.decision == MentionReview.Decision.PENDING:
            rows.append(row)
    return rows


def pending_reviews(page) -> list:
    """Scan the page's current content; record and return its undecided mentions."""
    return record_pending(page, scan(page).unresolved)


def pending_decisions(page) -> Pending:
    """Everything in the page's current content that waits for a legal decision, recorded
    so the reviewer's screens list it: uncertain mentions and links to blocked resources
    (a blocked link waits like a mention: a lawyer decides whether it goes with its text
    or stays as plain text before the article is published)."""
    from polosa.legal import blocked

    loaded = registry.current()
    html = article_html(page)
    mentions = labels.mark(loaded.matcher, html, article_id=page.pk).unresolved
    return Pending(record_pending(page, mentions), blocked.record_pending(page, html))


def blocked_message(page, pending: Pending) -> str:
    """HTML for the editor: what blocks publishing and where to decide."""
    from django.urls import reverse

    parts = []
    if pending.mentions:
        parts.append(_mentions_message(pending.mentions))
    if pending.links:
        parts.append(_links_message(pending.links))
    return format_html(
        '{}<a href="{}">{}</a>',
        format_html_join("", "{}", ((part,) for part in parts)),
        reverse("legal_reviews", args=[page.pk]),
        gettext("Проверить упоминания и ссылки")
        if pending.links
        else gettext("Проверить упоминания"),
    )


def _links_message(rows) -> str:
    items = format_html_join("", "<li>{} — «{}»</li>", ((row.href, row.text) for row in rows))
    return format_html(
        "{}<ul>{}</ul>",
        gettext(
            "Публикация остановлена: в тексте есть ссылки на заблокированные ресурсы "
            "(решите, убрать ссылку с текстом или оставить текст без ссылки)."
        ),
        items,
    )


def _mentions_message(rows) -> str:
    items = format_html_join(
        "",
        "<li>«{}» — {} ({})</li>",
        (
            (
                row.matched_text,
                row.entry.name if row.entry else row.entry_key,
                row.entry.get_kind_display() if row.entry else "",
            )
            for row in rows
        ),
    )
    return format_html(
        "{}<ul>{}</ul>",
        gettext(
            "Публикация остановлена: в тексте есть упоминания, которые нужно проверить "
            "(подтвердить или отметить как ложные)."
        ),
        items,
    )


def plain_message(pending: Pending) -> str:
    parts = []
    if pending.mentions:
        listed = "; ".join(f"«{row.matched_text}» ({row.entry_key})" for row in pending.mentions)
        parts.append(
            gettext("Публикация остановлена: не проверены упоминания: %(mentions)s")
            % {"mentions": listed}
        )
    if pending.links:
        parts.append(
            gettext(
                "Публикация остановлена: не решено, что делать со ссылками на "
                "заблокированные ресурсы: %(links)s"
            )
            % {"links": "; ".join(row.href for row in pending.links)}
        )
    return " ".join(parts)


def in_legal_group(user) -> bool:
    """Whether ``user`` is a member of «Юрист»: asked once per user object (the admin's
    menu, buttons and panels ask it for every request; one query, kept on the user the way
    Django keeps ``_perm_cache``)."""
    if not user or not user.is_authenticated:
        return False
    try:
        return user._polosa_in_legal_group
    except AttributeError:
        user._polosa_in_legal_group = user.groups.filter(name=LEGAL_GROUP).exists()
        return user._polosa_in_legal_group


def can_decide(user, page) -> bool:
    """Editors who may publish the page, members of «Юрист», and superusers."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser or in_legal_group(user):
        return True
    return page.permissions_for_user(user).can_publish()


def decide(review, decision: str, user) -> None:
    """Record a decision with who and when; the article's public page changes with it."""
    from polosa.legal import services

    services.review_decide(review=review, decision=decision, user=user)


def guarded_publish(page, revision, publish, user=None, *args, **kwargs):
    """Run Wagtail's ``publish`` only when nothing in the article waits for a legal
    decision (uncertain mentions, links to blocked resources).

    Called by ``ArticlePage.publish``, the path of every publish (scheduler, workflow,
    bulk actions, the create view); the editor's button is stopped earlier by the
    ``before_publish_page`` hook with a friendlier message. A scheduled publication is
    held (the worker retries it after the last decision) instead of failing the run.
    """
    pending = pending_decisions(revision.as_object())
    if pending:
        log_action = kwargs.get("log_action", args[1] if len(args) > 1 else None)
        if log_action == SCHEDULED_LOG_ACTION:
            logger.warning(
                "legal gate: scheduled publishing of page %s held, %d undecided mentions, "
                "%d undecided blocked links",
                page.pk,
                len(pending.mentions),
                len(pending.links),
            )
            return None
        raise PublishingBlocked(plain_message(pending))
    return publish(revision, user, *args, **kwargs)
