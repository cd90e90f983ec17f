"""Test objects of the participants app for the URL-walking access tests (see testing/objects.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import CodeListEntry
from samordna.participants import services
from samordna.participants.models import Enrollment, FollowUp

SAMPLE_CODE = "PROV-1"


def sample_enrollment(tenant: Any) -> Enrollment:
    """An ended enrollment (with follow-ups) in the tenant's insats `intervention`, made once."""
    existing = Enrollment.objects.filter(intervention=tenant.intervention, participant__code=SAMPLE_CODE).first()
    if existing is not None:
        return existing
    return services.register_in(
        acting_user=None,
        intervention=tenant.intervention,
        code=SAMPLE_CODE,
        gender="kvinna",
        birth_year=1990,
        municipality=tenant.kommun.municipality,
        start_date=dt.date(2024, 1, 15),
        end_date=dt.date(2024, 9, 30),
        end_reason=CodeListEntry.objects.get(list="end_reason", code="1"),
    )


def sample_follow_up(tenant: Any) -> FollowUp:
    """The 3-month follow-up of the sample enrollment."""
    return sample_enrollment(tenant).follow_ups.order_by("months_after_end").first()
