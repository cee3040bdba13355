"""Background work of the distribution app, run by ``polosa worker``."""

from django_tasks import task


@task()
def deliver_telegram() -> dict:
    """Send due Telegram posts, edits and deletions (see :mod:`polosa.distribution.telegram`)."""
    from polosa.distribution.telegram import deliver

    return deliver()
