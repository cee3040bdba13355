"""Background work of the distribution app, run by ``polosa worker``."""

from __future__ import annotations

from django.utils.translation import gettext
from django_tasks import task

from polosa.core import worker


@task()
def deliver_telegram() -> dict:
    """Send due Telegram posts, edits and deletions (see :mod:`polosa.distribution.telegram`)."""
    from polosa.distribution.telegram import deliver

    return deliver()


@worker.sweep
def sweep_telegram_outbox(census: worker.Census) -> str | None:
    """Free the posts of dead workers and queue a delivery for due posts that have none.

    A delivery task is queued by each publication and re-queued by the delivery itself;
    when that chain breaks (its worker was killed, the queue was unreachable, the wake-up
    was coalesced in another process's memory) the posts would wait for the next
    publication. This runs in every worker at start and every few seconds instead.
    """
    from polosa.distribution import clock, conf, telegram

    if not conf.telegram_enabled():
        return None
    requeued, uncertain = telegram.release_dead_workers_posts(census)
    queued = False
    now = clock.now()
    if telegram.any_due(now) and not delivery_queued():
        deliver_telegram.enqueue()
        queued = True
    if not (requeued or uncertain or queued):
        return None
    return gettext(
        "Telegram: постов остановившихся обработчиков возвращено в очередь — %(requeued)d, "
        "помечено «неизвестно, дошёл ли» — %(uncertain)d; доставка %(queued)s."
    ) % {
        "requeued": requeued,
        "uncertain": uncertain,
        "queued": gettext("поставлена в очередь") if queued else gettext("уже в очереди"),
    }


def delivery_queued() -> bool:
    """Whether a delivery task is ready to run now (known only on the database backend)."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(deliver_telegram.get_backend(), DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=deliver_telegram.module_path).exists()
