"""Writes of the legal app that readers see, each naming the surrogate keys it changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from polosa.core import surrogate
from polosa.core.purge import purge_keys

#: Log actions of the article's history (registered in :mod:`polosa.legal.wagtail_hooks`).
LOG_REVIEW_DECIDED = "polosa_legal.review_decided"
LOG_MARK_FORCED = "polosa_legal.mark_forced"
LOG_MARK_SUPPRESSED = "polosa_legal.mark_suppressed"
LOG_OVERRIDE_WITHDRAWN = "polosa_legal.override_withdrawn"
LOG_LINK_DECIDED = "polosa_legal.link_decided"


class OverrideRefused(ValueError):
    """An override cannot be made; the message (Russian) says why."""


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
    _log(
        review.article,
        LOG_REVIEW_DECIDED,
        review.decided_by,
        {
            "text": review.matched_text,
            "entry": review.entry.name if review.entry else review.entry_key,
            "decision": review.decision,
        },
    )
    article_labels_changed(review.article_id, reason="legal review decided")


def review_deleted(review) -> None:
    """A review row removed (the mention is pending again, or gone with its article)."""
    article_labels_changed(review.article_id, reason="legal review deleted")


def article_labels_changed(article_id: int, *, reason: str) -> None:
    """An article's marks changed without a new revision: purge it, edit its post."""
    purge_keys({surrogate.article(article_id)}, reason=reason)

    def announce() -> None:
        from polosa.legal import mentions
        from polosa.legal.signals import article_relabelled

        mentions.index_article_id(article_id)
        article_relabelled.send(sender=None, article_id=article_id)

    transaction.on_commit(announce)


def _log(article, action: str, user, data: dict) -> None:
    """An entry of the article's history (Wagtail's page log)."""
    log(instance=article, action=action, user=user, data=data)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def override_add(*, article, entry, action: str, phrase: str, reason: str, user):
    """Force a mark on ``phrase`` as a mention of ``entry``, or take a sure mark off it, in
    one article; recorded with who, when and why, and in the article's history.

    Forcing needs the words in the article's current text; taking off needs a mark of that
    entry on those words. The article's page, cards, feed items and post follow on commit.
    """
    from polosa.legal import gate, labels, registry
    from polosa.legal.engine.normalise import normalise
    from polosa.legal.engine.overrides import occurrences, phrase_key
    from polosa.legal.models import MentionOverride

    phrase = " ".join((phrase or "").split())
    reason = (reason or "").strip()
    key = phrase_key(phrase)
    if action not in MentionOverride.Action.values:
        raise OverrideRefused(gettext("Неизвестное действие."))
    if not key:
        raise OverrideRefused(gettext("Укажите слова из текста материала."))
    if not reason:
        raise OverrideRefused(gettext("Укажите причину: она сохранится в истории материала."))
    if len(phrase) > 500:
        raise OverrideRefused(gettext("Слишком длинный фрагмент: не больше 500 знаков."))
    latest = article.get_latest_revision_as_object()
    html = gate.article_html(latest)
    if action == MentionOverride.Action.FORCE:
        if entry.external_id not in registry.current().entries:
            raise OverrideRefused(
                gettext("Запись «%(name)s» сейчас не действует: метку по ней не поставить.")
                % {"name": entry.name}
            )
        if not occurrences(normalise(html), key):
            raise OverrideRefused(
                gettext("В тексте материала нет слов «%(phrase)s».") % {"phrase": phrase}
            )
    else:
        marked = labels.mark(registry.current().matcher, html, article_id=article.pk)
        if not any(
            m.entry_id == entry.external_id and phrase_key(m.text) == key for m in marked.mentions
        ):
            raise OverrideRefused(
                gettext("На словах «%(phrase)s» нет метки записи «%(name)s».")
                % {"phrase": phrase, "name": entry.name}
            )
    with transaction.atomic():
        override, created = MentionOverride.objects.get_or_create(
            article_id=article.pk,
            entry=entry,
            action=action,
            phrase_key=key,
            defaults={"phrase": phrase, "reason": reason, "created_by": _user(user)},
        )
        if not created:
            raise OverrideRefused(gettext("Такое решение уже записано."))
        # The opposite decision on the same words gives way to this one.
        MentionOverride.objects.filter(article_id=article.pk, entry=entry, phrase_key=key).exclude(
            pk=override.pk
        ).delete()
        _log(
            article,
            LOG_MARK_FORCED if action == MentionOverride.Action.FORCE else LOG_MARK_SUPPRESSED,
            _user(user),
            {"phrase": phrase, "entry": entry.name, "kind": entry.kind, "reason": reason},
        )
        overrides_changed(article.pk)
    return override


def override_withdraw(*, override, user, reason: str = "") -> None:
    """Undo an override: the engine's own answer applies again (recorded in the history)."""
    with transaction.atomic():
        article = override.article
        _log(
            article,
            LOG_OVERRIDE_WITHDRAWN,
            _user(user),
            {
                "phrase": override.phrase,
                "entry": override.entry.name,
                "action": override.action,
                "reason": (reason or "").strip(),
            },
        )
        article_id = override.article_id
        override.delete()
        overrides_changed(article_id)


def overrides_changed(article_id: int) -> None:
    """Every process re-reads the overrides with the registry (its matcher is kept: the
    entries did not change); the article's page, cards, feeds and post follow."""
    from polosa.legal import registry

    transaction.on_commit(registry.bump_version)
    article_labels_changed(article_id, reason="legal override")


def link_decide(*, link, decision: str, user) -> None:
    """Record a reviewer's decision on a link to a blocked resource (removed with its text,
    or its text kept without the link), with who and when, in the article's history; the
    article's page, cards, feeds and post follow on commit."""
    from polosa.legal.models import LinkReview

    if decision not in (LinkReview.Decision.REMOVED, LinkReview.Decision.UNLINKED):
        raise ValueError(f"unknown decision {decision!r}")
    link.decision = decision
    link.decided_by = _user(user)
    link.decided_at = timezone.now()
    link.save(update_fields=["decision", "decided_by", "decided_at"])
    _log(
        link.article,
        LOG_LINK_DECIDED,
        link.decided_by,
        {"href": link.href, "text": link.text, "decision": decision},
    )
    article_labels_changed(link.article_id, reason="legal link decided")


def blocked_import(rows, *, source_name: str = "", user=None) -> dict[str, int]:
    """Replace the blocked-resources registry with ``rows`` in one transaction; every
    process re-reads it with the registry, and the archive is rescanned for such links
    (each article that has one is purged)."""
    from polosa.legal.models import BlockedResource

    with transaction.atomic():
        existing = {row.key: row for row in BlockedResource.objects.all()}
        created = updated = 0
        for row in rows:
            fields = {
                "kind": row.kind,
                "address": row.address,
                "note": row.note,
                "included_on": row.included_on,
            }
            current = existing.pop(row.key, None)
            if current is None:
                BlockedResource.objects.create(key=row.key, **fields)
                created += 1
            elif any(getattr(current, k) != v for k, v in fields.items()):
                BlockedResource.objects.filter(pk=current.pk).update(**fields)
                updated += 1
        deleted = len(existing)
        BlockedResource.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
        blocked_changed(reason=f"blocked resources import {source_name}".strip())
    return {"rows": len(rows), "created": created, "updated": updated, "deleted": deleted}


def blocked_changed(*, reason: str = "blocked resources changed") -> None:
    """After any change of the blocked resources: every process re-reads them, and the
    archive is rescanned for links to them."""
    from polosa.legal import registry

    def after_commit() -> None:
        registry.bump_version()
        from polosa.legal.tasks import rescan_blocked_links

        try:
            rescan_blocked_links.enqueue()
        except Exception:  # a task backend outage must not undo the change
            import logging

            logging.getLogger(__name__).exception("could not enqueue the blocked-links rescan")

    transaction.on_commit(after_commit)
