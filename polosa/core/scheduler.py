"""Scheduled publishing that happens once, however many workers run, and says when it is late.

Wagtail schedules a revision by setting its ``approved_go_live_at`` (and an expiry by the
object's ``expire_at``). Its ``publish_scheduled`` command publishes every due revision it
has read, so two workers reading at the same moment both published one article (two
``wagtail.publish.scheduled`` log entries, ``page_published`` twice). Here each object is
*claimed* first: a transaction locks its row — ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so another worker passes over it; on SQLite the transaction is ``IMMEDIATE``
(settings), so another worker waits for this one to commit — and reads again whether the
work is still due. The work itself is Wagtail's: ``revision.publish()`` and
``unpublish()``, inside that transaction, so a worker killed midway leaves the schedule as
it was for the next one.

A revision still scheduled after its time (no worker ran, the legal gate holds it, its
publication fails) is *late*. Past :data:`LATE_AFTER` the dashboard lists it
(:func:`late_revisions`) and a worker logs a WARNING once per lateness episode — one
revision at one scheduled time — and records it in the object's history
(:data:`LATE_LOG_ACTION`), which is how the other workers know it has been said.

Dependencies: the core and Wagtail. An app that holds a publication back (the legal gate)
does so inside ``publish()``; the scheduler sees only that the revision is still scheduled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, models, transaction
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)

#: A scheduled revision not live this long after its time is reported late.
LATE_AFTER = timedelta(minutes=5)
PUBLISH_LOG_ACTION = "wagtail.publish.scheduled"
UNPUBLISH_LOG_ACTION = "wagtail.unpublish.scheduled"
LATE_LOG_ACTION = "polosa.publish.late"

# The database itself failed: the worker waits it out instead of going on to the next item.
_DATABASE_DOWN = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class Scheduled:
    """One scheduled revision, as the log, ``--burst`` and the dashboard name it."""

    revision_id: int
    object_id: str
    title: str
    scheduled_at: datetime
    is_page: bool

    def delay(self, now: datetime) -> timedelta:
        return max(now - self.scheduled_at, timedelta(0))

    @classmethod
    def of(cls, revision: Revision, model: type[models.Model]) -> Scheduled:
        return cls(
            revision_id=revision.pk,
            object_id=revision.object_id,
            title=revision.object_str,
            scheduled_at=revision.approved_go_live_at,
            is_page=issubclass(model, Page),
        )


@dataclass
class Pass:
    """What one pass of the scheduler did."""

    now: datetime
    published: list[Scheduled] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    #: Found late and reported in this pass (each lateness episode once, by one worker).
    late: list[Scheduled] = field(default_factory=list)

    @property
    def pages_published(self) -> int:
        return sum(item.is_page for item in self.published)


def run(*, now: datetime | None = None) -> Pass:
    """Unpublish what has expired, then publish what is due (the order Wagtail's command
    follows)."""
    outcome = Pass(now=now or timezone.now())
    unpublish_expired(outcome)
    publish_due(outcome)
    return outcome


def publish_due(outcome: Pass) -> None:
    """Publish every revision whose time has come, each once whatever other workers do."""
    for revision_id, base_type_id, object_id in due_revisions(outcome.now):
        model = ContentType.objects.get_for_id(base_type_id).model_class()
        try:
            with transaction.atomic():
                _publish_claimed(model, object_id, revision_id, outcome)
        except _DATABASE_DOWN:
            raise
        except Exception:
            logger.exception("scheduled publishing of revision %s failed", revision_id)
            _report_failure_if_late(model, object_id, revision_id, outcome)


def due_revisions(now: datetime) -> list[tuple[int, int, str]]:
    """``(revision, base content type, object id)`` of each revision due by ``now``, the
    earliest first. Read without a lock: each is claimed, and read again, on its own."""
    due = Revision.objects.filter(approved_go_live_at__lte=now).order_by(
        "approved_go_live_at", "pk"
    )
    return list(due.values_list("pk", "base_content_type_id", "object_id"))


def _claim(model: type[models.Model], object_id: str) -> bool:
    """Lock the object's row for this transaction; ``False`` when another worker holds it."""
    locked = model._default_manager.select_for_update(skip_locked=True).filter(pk=object_id)
    return locked.values_list("pk", flat=True).exists()


def _claim_revision(
    model: type[models.Model], object_id: str, revision_id: int, now: datetime
) -> Revision | None:
    """The revision, if this worker holds its object and it is still due (read after the
    lock: another worker may have published it since it was listed)."""
    if not _claim(model, object_id):
        return None
    return Revision.objects.filter(pk=revision_id, approved_go_live_at__lte=now).first()


def _publish_claimed(
    model: type[models.Model], object_id: str, revision_id: int, outcome: Pass
) -> None:
    revision = _claim_revision(model, object_id, revision_id, outcome.now)
    if revision is None:
        return
    item = Scheduled.of(revision, model)
    revision.publish(log_action=PUBLISH_LOG_ACTION)
    still = Revision.objects.filter(pk=revision.pk).values_list("approved_go_live_at", flat=True)
    if still.first() is not None:  # held back inside publish() (the legal gate)
        _report_if_late(revision, model, outcome)
        return
    outcome.published.append(item)
    delay = item.delay(outcome.now)
    logger.log(
        logging.WARNING if delay > LATE_AFTER else logging.INFO,
        'published "%s" (%s %s, revision %d) scheduled for %s, %.0f s late',
        item.title,
        model._meta.model_name,
        item.object_id,
        item.revision_id,
        item.scheduled_at.isoformat(),
        delay.total_seconds(),
    )


def _report_failure_if_late(
    model: type[models.Model], object_id: str, revision_id: int, outcome: Pass
) -> None:
    """A publication that fails every time is late too, once its time is long past."""
    try:
        with transaction.atomic():
            revision = _claim_revision(model, object_id, revision_id, outcome.now)
            if revision is not None:
                _report_if_late(revision, model, outcome)
    except _DATABASE_DOWN:
        raise
    except Exception:
        logger.exception("reporting late revision %s failed", revision_id)


def _report_if_late(revision: Revision, model: type[models.Model], outcome: Pass) -> None:
    """Past :data:`LATE_AFTER`: say so once for this revision at this scheduled time.

    Runs while this worker holds the object, so two workers cannot both find the episode
    unreported.
    """
    item = Scheduled.of(revision, model)
    delay = item.delay(outcome.now)
    if delay <= LATE_AFTER:
        return
    instance = revision.content_object
    episode = item.scheduled_at.isoformat()
    said = log_registry.get_logs_for_instance(instance).filter(
        action=LATE_LOG_ACTION, revision=revision
    )
    if any((entry.data or {}).get("go_live_at") == episode for entry in said):
        return
    log(
        instance=instance,
        action=LATE_LOG_ACTION,
        revision=revision,
        data={"go_live_at": episode},
        timestamp=outcome.now,
        content_changed=False,
    )
    outcome.late.append(item)
    logger.warning(
        'scheduled "%s" (%s %s, revision %d) is late: due at %s, not live %.0f s after',
        item.title,
        model._meta.model_name,
        item.object_id,
        item.revision_id,
        episode,
        delay.total_seconds(),
    )


def unpublish_expired(outcome: Pass) -> None:
    """Unpublish every live object whose expiry has passed, each once."""
    for model in _draftable_models():
        expired = model._default_manager.filter(live=True, expire_at__lt=outcome.now)
        for pk in list(expired.order_by("expire_at").values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    if not _claim(model, pk):
                        continue
                    instance = model._default_manager.filter(
                        pk=pk, live=True, expire_at__lt=outcome.now
                    ).first()
                    if instance is None:
                        continue
                    instance.unpublish(set_expired=True, log_action=UNPUBLISH_LOG_ACTION)
            except _DATABASE_DOWN:
                raise
            except Exception:
                logger.exception("unpublishing expired %s %s failed", model._meta.label, pk)
                continue
            outcome.unpublished.append(str(instance))
            logger.info(
                'unpublished "%s" (%s %s) expired at %s',
                instance,
                model._meta.model_name,
                pk,
                instance.expire_at.isoformat(),
            )


def _draftable_models() -> list[type[models.Model]]:
    """Pages and the other models with scheduled publishing, as Wagtail's command lists
    them (a page is unpublished through the base ``Page``, as there)."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


# --- Late: the dashboard's selector and words -------------------------------------------------


@dataclass(frozen=True)
class LateRevision:
    revision: Revision
    delay: timedelta


def late_revisions(*, now: datetime | None = None, limit: int = 20) -> list[LateRevision]:
    """Revisions still scheduled more than :data:`LATE_AFTER` after their time, most late
    first (Wagtail clears ``approved_go_live_at`` when one goes live)."""
    now = now or timezone.now()
    rows = Revision.objects.filter(approved_go_live_at__lt=now - LATE_AFTER).order_by(
        "approved_go_live_at", "pk"
    )[:limit]
    return [LateRevision(row, now - row.approved_go_live_at) for row in rows]


def lateness_text(delay: timedelta) -> str:
    """«опаздывает на 7 минут», «на 3 часа», «на 2 дня»: whole minutes under an hour, whole
    hours under two days, then days."""
    minutes = int(delay.total_seconds() // 60)
    if minutes < 60:
        return ngettext(
            "опаздывает на %(count)d минуту", "опаздывает на %(count)d минут", minutes
        ) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("опаздывает на %(count)d час", "опаздывает на %(count)d часов", hours) % {
            "count": hours
        }
    days = hours // 24
    return ngettext("опаздывает на %(count)d день", "опаздывает на %(count)d дней", days) % {
        "count": days
    }
