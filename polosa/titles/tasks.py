"""Background work of the ratings, run by ``polosa worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_ratings() -> None:
    """Show the votes counted since the last refresh on cached pages."""
    from polosa.titles.votes import refresh_queued_ratings

    refresh_queued_ratings()
