"""Gallring (the write): delete row-level records past retention, and what the logs still say about them.

Aggregates (anonymous counts, releases already published) stay. One audit row records the counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from samordna.core.audit import forget, record
from samordna.core.models import Association, AuditEntry
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.retention import cutoff, orphaned, prunable

CHUNK = 500


@transaction.atomic
def prune(*, acting_user: Any, association: Association, today: dt.date | None = None) -> dict[str, int]:
    """Delete enrollments past retention, their follow-ups and the participants left with nothing.

    Audit and access-log rows about the deleted records lose their object id (`core.audit.forget`), so
    nothing in the logs points at a pruned person any more. Returns the counts.
    """
    enrollments = prunable(association, today)
    enrollment_ids = list(enrollments.values_list("pk", flat=True))
    follow_up_ids = list(FollowUp.objects.filter(enrollment_id__in=enrollment_ids).values_list("pk", flat=True))
    participant_ids = list(orphaned(association, enrollments).values_list("pk", flat=True))
    counts = {
        "enrollments": len(enrollment_ids),
        "follow_ups": len(follow_up_ids),
        "participants": len(participant_ids),
    }
    if not enrollment_ids:
        return counts
    for start in range(0, len(enrollment_ids), CHUNK):
        Enrollment.objects.filter(pk__in=enrollment_ids[start : start + CHUNK]).delete()
    for start in range(0, len(participant_ids), CHUNK):
        Participant.objects.filter(pk__in=participant_ids[start : start + CHUNK]).delete()
    redacted = forget(association=association, object_ids=[*enrollment_ids, *follow_up_ids, *participant_ids])
    record(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.DELETE,
        object_type="participants.enrollment",
        object_repr=", ".join(f"{k}: {v}" for k, v in counts.items()),
        changes={
            **counts,
            "log_rows_redacted": redacted,
            "cutoff": cutoff(association, today).isoformat(),
            "reason": "gallring",
        },
    )
    return counts
