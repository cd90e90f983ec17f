"""Small builders of participants and enrollments for the report tests (rows straight into the tables)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import CodeListEntry, Municipality
from samordna.participants.models import Enrollment, Participant

_serial = iter(range(1, 100000))


def person(tenant: Any, *, gender: str = "kvinna", birth_year: int = 1990, kommun: str = "1980") -> Participant:
    """A participant of the tenant's förbund."""
    return Participant.objects.create(
        association=tenant.association,
        code=f"P-{next(_serial):05d}",
        gender=gender,
        birth_year=birth_year,
        municipality=Municipality.objects.get(pk=kommun),
    )


def enroll(
    tenant: Any,
    start: dt.date,
    end: dt.date | None = None,
    *,
    who: Participant | None = None,
    intervention: Any = None,
    reason: str = "1",
    **fields: Any,
) -> Enrollment:
    """An enrollment (ended with `reason` when `end` is given)."""
    if end is not None:
        fields["end_reason"] = CodeListEntry.objects.get(list="end_reason", code=reason)
    return Enrollment.objects.create(
        association=tenant.association,
        participant=who or person(tenant),
        intervention=intervention or tenant.intervention,
        start_date=start,
        end_date=end,
        **fields,
    )
