"""Enrollment.support_before_mask: the support-before codes as bits, kept in step by the writers.

Why: the participant report counts the support-before table inside its one grouped query (a conditional count per
code on the mask) instead of joining the link table, which on SQLite was the slowest part of a national report.

Where: every path that writes support_before sets the mask in the same transaction, explicitly: the services
(enrollment_create, enrollment_update), the importer (new rows and changed rows) and the benchmark builder. The
API and the forms write through the services. No signal. `mask_mismatches` finds enrollments whose mask does
not match their links (the tests use it after every write path).

Bits: SupportBit gives each support code-list entry one bit, assigned once (the next free bit, in id order) and
never changed or reused, so adding, renaming or deactivating codes never changes what a stored mask means.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samordna.core.models import CodeList, CodeListEntry
from samordna.participants.models import Enrollment, SupportBit

MAX_BIT = 62


def support_bits() -> dict[int, int]:
    """Code-list entry id → its bit, for every support code; codes without a bit get the next free one first."""
    bits = dict(SupportBit.objects.filter(entry__isnull=False).values_list("entry_id", "bit"))
    missing = list(
        CodeListEntry.objects.filter(list=CodeList.SUPPORT)
        .exclude(pk__in=list(bits))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not missing:
        return bits
    try:
        with transaction.atomic():
            used = set(SupportBit.objects.values_list("bit", flat=True))
            free = (b for b in range(MAX_BIT + 1) if b not in used)
            for entry_id in missing:
                bit = next(free, None)
                if bit is None:
                    raise RuntimeError(_("Det finns inga fler bitar för försörjningskoder."))
                SupportBit.objects.create(entry_id=entry_id, bit=bit)
    except IntegrityError:  # another writer assigned them at the same moment: theirs stand
        pass
    return dict(SupportBit.objects.filter(entry__isnull=False).values_list("entry_id", "bit"))


def mask_of(entry_ids: Iterable[Any], bits: dict[int, int] | None = None) -> int:
    """The mask of a set of support code-list entries (ids or entries)."""
    bits = support_bits() if bits is None else bits
    mask = 0
    for entry in entry_ids:
        mask |= 1 << bits[getattr(entry, "pk", entry)]
    return mask


def set_mask(enrollment: Enrollment) -> None:
    """Write the enrollment's mask from its links (after the service has set support_before)."""
    mask = mask_of(enrollment.support_before.values_list("pk", flat=True))
    if mask != enrollment.support_before_mask:
        enrollment.support_before_mask = mask
        Enrollment.objects.filter(pk=enrollment.pk).update(support_before_mask=mask)


def mask_mismatches(enrollments: Any = None) -> list[Any]:
    """Ids of the enrollments (all, or of the queryset) whose mask differs from their support_before links."""
    bits = support_bits()
    enrollments = Enrollment.objects.all() if enrollments is None else enrollments
    links: dict[Any, int] = {}
    through = Enrollment.support_before.through.objects.filter(enrollment__in=enrollments)
    for enrollment_id, entry_id in through.values_list("enrollment_id", "codelistentry_id"):
        links[enrollment_id] = links.get(enrollment_id, 0) | 1 << bits[entry_id]
    return [pk for pk, mask in enrollments.values_list("pk", "support_before_mask") if links.get(pk, 0) != mask]
