"""All-or-nothing writing of an import: one transaction, bulk inserts in batches, database refusals reported.

Services call `apply_all` with a function doing the writes (domain rules stay in the services); if the
database refuses anything, the transaction is rolled back and the caller gets ImportFailed, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from samordna.core.imports.problems import refuse

T = TypeVar("T")
BATCH_SIZE = 1000


def bulk_insert(model: type[Model], objects: Iterable[Model], *, batch_size: int = BATCH_SIZE) -> int:
    """Insert `objects` with bulk_create in batches (inside the caller's transaction); returns how many."""
    batch: list[Model] = []
    count = 0
    for obj in objects:
        batch.append(obj)
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch, batch_size=batch_size)  # type: ignore[attr-defined]
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, batch_size=batch_size)  # type: ignore[attr-defined]
        count += len(batch)
    return count


def apply_all(write: Callable[..., T], *args: Any) -> T:
    """Run `write` in one transaction; a database refusal rolls everything back and raises ImportFailed."""
    try:
        with transaction.atomic():
            return write(*args)
    except DatabaseError as exc:
        raise refuse(
            _("databasen tog inte emot importen (%(error)s); ingenting sparades") % {"error": type(exc).__name__}
        ) from exc
