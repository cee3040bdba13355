"""django-axes' database handler, with a success that clears only its own account's count.

Axes' own handler, after a login of account A from address X, deletes every attempt that
matches either lockout parameter: all of X's failures, whatever account they tried. With
one account of their own, a guesser could then try someone else's password four times,
log in as themselves, and start again, without end. Here a success deletes the failures
against the account that logged in (from any address: its owner has just shown the
password); failures from X against other accounts keep counting.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.http import HttpRequest


class AccountResetDatabaseHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
