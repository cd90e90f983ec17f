"""Demo volume targets: participants per year for Västmanland's samordningsteam, for the current year and the
two before it (for `samordna demo`; seed 004 gives no volumes). A fixed seed per insats and year; an existing
target is left as it is, so running again changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from samordna.core.models import Association
from samordna.interventions import services
from samordna.interventions.models import FollowUpMethod, Intervention, Orientation, VolumeTarget, VolumeUnit

DEMO_ASSOCIATION = "vastmanland"
SEED = 2026


def load(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Set the participant targets that are missing; returns how many were set."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    today = today or dt.date.today()
    teams = Intervention.objects.for_association(association).filter(
        orientation=Orientation.INDIVIDUAL,
        follow_up_method=FollowUpMethod.INDIVIDUAL,
        name__icontains="samordningsteam",
    )
    years = range(today.year - 2, today.year + 1)
    existing = set(
        VolumeTarget.objects.filter(intervention__in=teams, year__in=years, unit=VolumeUnit.PARTICIPANTS).values_list(
            "intervention_id", "year"
        )
    )
    created = 0
    for insats in teams:
        for year in years:
            runs = insats.start.year <= year and (insats.end is None or insats.end.year >= year)
            if (insats.pk, year) in existing or not runs:
                continue
            value = 5 * random.Random(f"{SEED}:{insats.code}:{year}").randint(9, 12)
            services.volume_target_set(
                acting_user=acting_user, intervention=insats, year=year, unit=VolumeUnit.PARTICIPANTS, value=value
            )
            created += 1
    return {"targets": created} if created else {}
