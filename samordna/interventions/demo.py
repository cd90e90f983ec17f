"""Demo volume targets for the current year and the two before it (for `samordna demo`): participants per year
for Västmanland's samordningsteam (seed 004 gives no volumes; a fixed seed per insats and year), and in Västra
Östergötland each target of seed 003 (2025) carried to the later years, with monthly counts of its möten and
kontakter up to last month. An existing target or count is left as it is, so running again changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from samordna.core.models import Association
from samordna.interventions import selectors, services
from samordna.interventions.models import (
    FollowUpMethod,
    Intervention,
    Orientation,
    VolumeCount,
    VolumeTarget,
    VolumeUnit,
)

DEMO_ASSOCIATION = "vastmanland"
CARRIED = "vastra-ostergotland"
SEED = 2026


def _carry(acting_user: Any, today: dt.date) -> int:
    """Västra Östergötland: each insats's latest target of a unit for every later year up to this one."""
    targets = VolumeTarget.objects.filter(intervention__association__slug=CARRIED, year__lte=today.year)
    latest: dict[tuple[int, str], VolumeTarget] = {}
    have = set()
    for target in targets.select_related("intervention").order_by("year"):
        latest[(target.intervention_id, target.unit)] = target
        have.add((target.intervention_id, target.unit, target.year))
    created = 0
    for (insats_id, unit), target in latest.items():
        for year in range(target.year + 1, today.year + 1):
            if (insats_id, unit, year) not in have:
                services.volume_target_set(
                    acting_user=acting_user, intervention=target.intervention, year=year, unit=unit, value=target.value
                )
                created += 1
    return created


def _counts(acting_user: Any, today: dt.date) -> int:
    """Västra Östergötland: monthly counts for each möten or kontakter target of the three years, up to last
    month, near a twelfth of the target (a fixed seed per insats, month and unit). Counted months are kept."""
    years = range(today.year - 2, today.year + 1)
    targets = VolumeTarget.objects.filter(
        intervention__association__slug=CARRIED, year__in=years, unit__in=[VolumeUnit.MEETINGS, VolumeUnit.CONTACTS]
    ).select_related("intervention")
    have = set(
        VolumeCount.objects.filter(intervention__association__slug=CARRIED, year__in=years).values_list(
            "intervention_id", "year", "month", "unit"
        )
    )
    created = 0
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    for target in targets:
        insats = target.intervention
        months = {
            m
            for m in selectors.countable_months(insats, target.year, last_month)
            if (insats.pk, target.year, m, target.unit) not in have
        }
        if not months:
            continue
        counts: dict[tuple[int, str], int | None] = {}
        for month in sorted(months):
            rng = random.Random(f"{SEED}:{insats.code}:{target.year}:{month}:{target.unit}")
            counts[(month, target.unit)] = max(0, round(target.value / 12 * rng.uniform(0.6, 1.3)))
        created += services.volume_counts_set(
            acting_user=acting_user, intervention=insats, year=target.year, counts=counts
        )
    return created


def load(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Set the targets and monthly counts that are missing; returns how many were set."""
    today = today or dt.date.today()
    created = _carry(acting_user, today)
    counted = _counts(acting_user, today)
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {k: v for k, v in {"targets": created, "counts": counted}.items() if v}
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
    return {k: v for k, v in {"targets": created, "counts": counted}.items() if v}
