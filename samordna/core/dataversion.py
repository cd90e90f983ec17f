"""The data version of a förbund: a number that moves after every committed write of its data.

Every write goes through a service that writes an audit row (core.audit.record), and that row schedules the bump
of its förbund's `Association.data_version` for when the transaction commits (a write of shared data, with no
förbund, bumps every förbund). Cached reports are keyed by the version (reporting.cache), so a page never shows a
figure older than the last write: the tenant resolver reads the version with the förbund at the start of each
request, before any figure is read, and the bump comes only after the write is visible to other connections.
A rolled-back transaction bumps nothing. Exports (an audit row that changes no data) bump nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from samordna.core.models import Association


class _Bump:
    """The after-commit call that bumps one förbund (or every förbund for `None`); equal bumps run once."""

    def __init__(self, association_id: int | None) -> None:
        self.association_id = association_id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Bump) and other.association_id == self.association_id

    def __hash__(self) -> int:
        return hash(("data-version", self.association_id))

    def __call__(self) -> None:
        rows = Association.objects.all()
        if self.association_id is not None:
            rows = rows.filter(pk=self.association_id)
        rows.update(data_version=F("data_version") + 1)


def bump_after_commit(association_id: int | None) -> None:
    """Move the förbund's data version once the current transaction commits (now, outside a transaction)."""
    bump = _Bump(association_id)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] == bump for entry in connection.run_on_commit):
        return  # already scheduled in this transaction: one bump per förbund and commit
    transaction.on_commit(bump)
