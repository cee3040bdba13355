"""Fixed-window limits shared by every process: votes, new reader cookies, password resets.

A limit counted in one process's memory is no limit once there are several web workers
(issue 13: 60 of 100 votes from one address got through two workers set to 30). Counters
live in the database (one upsert per hit, ``INSERT … ON CONFLICT … RETURNING``, atomic on
SQLite and PostgreSQL), so they hold across processes and machines without Redis.
"""

from __future__ import annotations

import hashlib
import random
import time

from django.db import DatabaseError, connection, transaction

from polosa.core.models import RateCounter

# One hit in this many also deletes windows that ended long ago.
PRUNE_ONE_IN = 200


def digest(ident: str) -> str:
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()


def hit(scope: str, ident: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt of ``ident`` at ``scope``; ``True`` when it is over ``limit`` in the
    current ``window`` (seconds). A limit of 0 or less never refuses; a database error
    counts nothing rather than refusing readers."""
    if limit <= 0:
        return False
    moment = time.time() if now is None else now
    current = int(moment // window)
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    # "window" and "count" are reserved words in PostgreSQL: every column is quoted.
    scope_, ident_, window_, expires_, count_ = map(
        quote, ("scope", "ident", "window", "expires", "count")
    )
    sql = (
        f"INSERT INTO {table} ({scope_}, {ident_}, {window_}, {expires_}, {count_}) "
        "VALUES (%s, %s, %s, %s, 1) "
        f"ON CONFLICT ({scope_}, {ident_}, {window_}) DO UPDATE SET {count_} = "
        f"{table}.{count_} + 1 RETURNING {count_}"
    )
    try:
        # A savepoint: a failed upsert must not abort the request's own transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [scope, digest(ident), current, (current + 1) * window])
            count = cursor.fetchone()[0]
        if random.randrange(PRUNE_ONE_IN) == 0:
            prune(now=moment)
    except DatabaseError:
        return False
    return count > limit


def count(scope: str, ident: str, *, window: int, now: float | None = None) -> int:
    """The hits of ``ident`` at ``scope`` in the current window (for messages and tests)."""
    moment = time.time() if now is None else now
    row = (
        RateCounter.objects.filter(scope=scope, ident=digest(ident), window=int(moment // window))
        .values_list("count", flat=True)
        .first()
    )
    return row or 0


def prune(*, now: float | None = None) -> int:
    """Delete the counters of windows that have closed."""
    moment = time.time() if now is None else now
    deleted, _ = RateCounter.objects.filter(expires__lt=int(moment)).delete()
    return deleted
