"""One participant import at a time per förbund: the loser of a race is told to try again, nothing is written.

On PostgreSQL a transaction-scoped advisory lock keyed on the association (`pg_try_advisory_xact_lock`) is taken
without waiting as the import's transaction starts; it is released when that transaction ends, however it ends.
SQLite has no such lock: there a lock per association in this process covers concurrent requests of one server,
and SQLite's own single-writer lock ("database is locked") covers other processes (`is_busy_error`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, OperationalError, connections, router

from samordna.core.models import Association

# First key of the advisory lock: says "participant import" so that other advisory locks keyed on an
# association id never collide with this one.
ADVISORY_NAMESPACE = 0x53414D49  # "SAMI"

_local_guard = threading.Lock()
_local_locks: dict[int, threading.Lock] = {}


class ImportBusy(Exception):
    """Another import into the same förbund holds the lock."""


def is_busy_error(exc: DatabaseError) -> bool:
    """Whether a database error means another writer holds the database (SQLite's "database is locked")."""
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


@contextmanager
def import_lock(association: Association) -> Iterator[None]:
    """Hold the förbund's import lock for the block, or raise ImportBusy at once.

    Call it inside the import's `transaction.atomic()`: on PostgreSQL the lock belongs to that transaction.
    """
    connection = connections[router.db_for_write(Association)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [ADVISORY_NAMESPACE, association.pk])
            if not cursor.fetchone()[0]:
                raise ImportBusy
        yield
        return
    with _local_guard:
        local = _local_locks.setdefault(association.pk, threading.Lock())
    if not local.acquire(blocking=False):
        raise ImportBusy
    try:
        yield
    finally:
        local.release()
