"""Gallring (reads): which row-level records are past the förbund's retention, and how many.

The write itself is the service `participants.retention_services.prune`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from samordna.core.models import Association
from samordna.participants import rules
from samordna.participants.models import Enrollment, FollowUp, Participant


def cutoff(association: Association, today: dt.date | None = None) -> dt.date:
    """Enrollments that ended before this day are past retention."""
    return rules.add_months(today or dt.date.today(), -12 * association.retention_years)


def prunable(association: Association, today: dt.date | None = None) -> QuerySet[Enrollment]:
    """Enrollments of `association` past retention."""
    return Enrollment.objects.filter(association=association, end_date__lt=cutoff(association, today))


def orphaned(association: Association, enrollments: QuerySet[Enrollment]) -> QuerySet[Participant]:
    """Participants of `enrollments` who have no other enrollment (they go with them)."""
    people = Participant.objects.filter(association=association, enrollments__in=enrollments).distinct()
    remaining = Enrollment.objects.filter(participant=OuterRef("pk")).exclude(pk__in=enrollments.values("pk"))
    return people.exclude(Exists(remaining))


def prune_counts(association: Association, today: dt.date | None = None) -> dict[str, int]:
    """What a prune would delete: enrollments, their follow-ups, and participants left with nothing."""
    enrollments = prunable(association, today)
    return {
        "enrollments": enrollments.count(),
        "follow_ups": FollowUp.objects.filter(enrollment__in=enrollments).count(),
        "participants": orphaned(association, enrollments).count(),
    }
