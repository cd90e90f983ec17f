"""Gallring: row-level records whose enrollment ended more than the förbund's retention years ago are deleted.

Aggregates (anonymous counts, reports already produced) stay. The prune is one audited write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from samordna.core.models import Association, AuditEntry
from samordna.participants import rules
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.services import audit_bulk


def cutoff(association: Association, today: dt.date | None = None) -> dt.date:
    """Enrollments that ended before this day are past retention."""
    return rules.add_months(today or dt.date.today(), -12 * association.retention_years)


def prunable(association: Association, today: dt.date | None = None) -> QuerySet[Enrollment]:
    """Enrollments of `association` past retention."""
    return Enrollment.objects.filter(association=association, end_date__lt=cutoff(association, today))


def prune_counts(association: Association, today: dt.date | None = None) -> dict[str, int]:
    """What a prune would delete: enrollments, their follow-ups, and participants left with nothing."""
    enrollments = prunable(association, today)
    people = Participant.objects.filter(association=association, enrollments__in=enrollments).distinct()
    remaining = Enrollment.objects.filter(participant=OuterRef("pk")).exclude(pk__in=enrollments.values("pk"))
    return {
        "enrollments": enrollments.count(),
        "follow_ups": FollowUp.objects.filter(enrollment__in=enrollments).count(),
        "participants": people.exclude(Exists(remaining)).count(),
    }


@transaction.atomic
def prune(*, acting_user: Any, association: Association, today: dt.date | None = None) -> dict[str, int]:
    """Delete row-level records past retention; one audit row with the counts."""
    counts = prune_counts(association, today)
    enrollments = prunable(association, today)
    people = list(
        Participant.objects.filter(association=association, enrollments__in=enrollments)
        .values_list("pk", flat=True)
        .distinct()
    )
    enrollments.delete()
    Participant.objects.filter(pk__in=people).exclude(
        Exists(Enrollment.objects.filter(participant=OuterRef("pk")))
    ).delete()
    audit_bulk(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.DELETE,
        object_type="participants.enrollment",
        summary={**counts, "cutoff": cutoff(association, today).isoformat(), "reason": "gallring"},
    )
    return counts
