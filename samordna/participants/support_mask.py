"""Enrollment.support_before_mask: the support-before codes of an enrollment as the bits of one integer.

The many-to-many `Enrollment.support_before` is what forms, the API and the importer read and write. The
participant report needs, for every enrollment in a period, which support codes it has; reading the link table
costs one index probe per enrollment, which on a national data set is as much as the rest of the report. So
each enrollment also carries the set as an integer: bit `CodeListEntry.bit` is set for each of its codes.

The mask is kept in step in three places, and nowhere else writes the link table:
- `sync_from_links` runs after every change through the ORM (the m2m_changed receiver in apps.py: services,
  forms and the API all end in `.set()`), and may be called after a bulk write of link rows; a support code
  being deleted (its links go with it) has its bit cleared from every mask (`clear_bit`);
- the importer computes the mask of each new enrollment as it writes the row (`mask_of`);
- `samordna support_masks [--repair]` (and a test on every write path) compares all masks with the link table;
  `repair` mends them with an audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from samordna.core.audit import record
from samordna.core.models import AuditEntry, CodeList, CodeListEntry
from samordna.participants.models import Enrollment

ENROLLMENT = Enrollment._meta.db_table
LINKS = Enrollment.support_before.through._meta.db_table
CHUNK = 500


def support_bits() -> dict[int, int]:
    """Support code-list entry id → its bit value (1 << bit)."""
    return {
        pk: 1 << bit
        for pk, bit in CodeListEntry.objects.filter(list=CodeList.SUPPORT, bit__isnull=False).values_list("pk", "bit")
    }


def mask_of(entry_ids: Iterable[int], bits: dict[int, int]) -> int:
    """The mask of a set of support code-list entry ids (`bits` from support_bits())."""
    mask = 0
    for entry_id in entry_ids:
        mask |= bits[entry_id]
    return mask


def _mask_sql(bits: dict[int, int]) -> str:
    """SQL for the mask of enrollment `e` computed from the link table (the codes are distinct per enrollment)."""
    cases = " ".join(f"WHEN {int(pk)} THEN {int(value)}" for pk, value in bits.items()) or "WHEN 0 THEN 0"
    return (
        f"COALESCE((SELECT SUM(CASE s.codelistentry_id {cases} ELSE 0 END) FROM {LINKS} s "
        f"WHERE s.enrollment_id = {ENROLLMENT}.id), 0)"
    )


def sync_from_links(enrollment_ids: Iterable[Any] | None = None) -> None:
    """Recompute the masks of these enrollments (all when None) from the link table, in SQL."""
    sql = f"UPDATE {ENROLLMENT} SET support_before_mask = {_mask_sql(support_bits())}"
    with connection.cursor() as cursor:
        if enrollment_ids is None:
            cursor.execute(sql)
            return
        ids = [Enrollment._meta.pk.get_db_prep_value(i, connection) for i in enrollment_ids]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(f"{sql} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def clear_bit(bit: int) -> None:
    """Take bit number `bit` out of every mask (its support code is being deleted)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ENROLLMENT} SET support_before_mask = support_before_mask - %s "
            f"WHERE (support_before_mask & %s) <> 0",
            [1 << bit, 1 << bit],
        )


def mismatches(limit: int = 10) -> tuple[int, list[Any]]:
    """(how many enrollments have a mask that differs from their link rows, up to `limit` of their ids)."""
    where = f"support_before_mask <> {_mask_sql(support_bits())}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {ENROLLMENT} WHERE {where}")
        count = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT id FROM {ENROLLMENT} WHERE {where} LIMIT {int(limit)}")
        return count, [row[0] for row in cursor.fetchall()]


@transaction.atomic
def repair(*, acting_user: Any) -> int:
    """Recompute every mask that differs from its links; one audit row says how many. Returns that number."""
    count, _sample = mismatches()
    if count:
        sync_from_links()
        record(
            acting_user=acting_user,
            association=None,
            action=AuditEntry.Action.UPDATE,
            object_type=Enrollment._meta.label_lower,
            object_repr="support_before_mask",
            changes={"support_before_mask": {"recomputed": count}},
        )
    return count
