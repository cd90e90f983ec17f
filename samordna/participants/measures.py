"""Counts behind goal indicators (planning): one grouped query per kind, whatever the number of indicators.

Each function takes the indicators of one kind as *specs* (key → what to count) and answers key →
`Counted(numerator, denominator, …)`. The database groups by insats (and months), with one conditional count
per distinct condition; the per-spec sums over its insatser are done here on those few grouped rows. No
participant row leaves the database. Felregistreringar (end reason 8) are never counted, as in every report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from samordna.core.models import Association
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus
from samordna.participants.statistics.builder import DELETED_END_REASON

#: Support codes that are not public support (docs/contracts.md, "Plan JSON").
NOT_PUBLIC_SUPPORT = ("lon", "ingen", "annan")
K = TypeVar("K", bound=Hashable)
RECORDED = (FollowUpStatus.DONE, FollowUpStatus.NOT_REACHED, FollowUpStatus.DECLINED)


@dataclass(frozen=True)
class Counted:
    """What a share is built on; for follow-ups also how many of the denominator were not reached or declined."""

    numerator: int
    denominator: int
    not_reached: int = 0
    declined: int = 0


@dataclass(frozen=True)
class EndedSpec:
    """Enrollments of `interventions` ended in the period whose end reason and occupation after match."""

    interventions: frozenset[int]
    end_reasons: frozenset[str] | None = None
    occupation_after: frozenset[str] | None = None


@dataclass(frozen=True)
class FollowUpSpec:
    """Follow-ups at `months` of `interventions` recorded in the period; the outcome to count (None: any)."""

    interventions: frozenset[int]
    months: int
    occupation: frozenset[str] | None = None
    support: frozenset[str] | None = None


def _sum(per_insats: Mapping[int, int], interventions: Iterable[int]) -> int:
    return sum(per_insats.get(pk, 0) for pk in interventions)


def _union(specs: Iterable[EndedSpec | FollowUpSpec]) -> set[int]:
    return set().union(*(spec.interventions for spec in specs))


def ended_counts(
    association: Association, first: dt.date, last: dt.date, specs: Mapping[K, EndedSpec]
) -> dict[K, Counted]:
    """Per spec: enrollments ended between `first` and `last` that match, of all those ended then."""
    if not specs:
        return {}
    conditions: dict[tuple[frozenset[str] | None, frozenset[str] | None], str] = {}
    annotations: dict[str, Count] = {"ended": Count("pk")}
    for spec in specs.values():
        condition = (spec.end_reasons, spec.occupation_after)
        if condition in conditions:
            continue
        name = conditions[condition] = f"m{len(conditions)}"
        match = Q()
        if spec.end_reasons is not None:
            match &= Q(end_reason__code__in=sorted(spec.end_reasons))
        if spec.occupation_after is not None:
            match &= Q(occupation_after__code__in=sorted(spec.occupation_after))
        annotations[name] = Count("pk", filter=match)
    rows = (
        Enrollment.objects.filter(
            association=association,
            intervention__in=_union(specs.values()),
            end_date__gte=first,
            end_date__lte=last,
        )
        .exclude(end_reason__code=DELETED_END_REASON)
        .values("intervention")
        .annotate(**annotations)
        .order_by()
    )
    per: dict[str, dict[int, int]] = defaultdict(dict)
    row: Any
    for row in rows:
        for name in annotations:
            per[name][row["intervention"]] = row[name]
    return {
        key: Counted(
            _sum(per[conditions[(spec.end_reasons, spec.occupation_after)]], spec.interventions),
            _sum(per["ended"], spec.interventions),
        )
        for key, spec in specs.items()
    }


def _support_in(codes: Iterable[str]) -> Exists:
    through = FollowUp.support.through
    return Exists(through.objects.filter(followup_id=OuterRef("pk"), codelistentry__code__in=sorted(codes)))


def followup_counts(
    association: Association, first: dt.date, last: dt.date, specs: Mapping[K, FollowUpSpec]
) -> dict[K, Counted]:
    """Per spec: follow-ups at its months recorded between `first` and `last` (done, not reached or declined)
    and, of those, the ones done whose occupation is one of `occupation` and support one of `support`."""
    if not specs:
        return {}
    conditions: dict[tuple[int, frozenset[str] | None, frozenset[str] | None], str] = {}
    annotations: dict[str, Count] = {
        "recorded": Count("pk"),
        "not_reached": Count("pk", filter=Q(status=FollowUpStatus.NOT_REACHED)),
        "declined": Count("pk", filter=Q(status=FollowUpStatus.DECLINED)),
    }
    for spec in specs.values():
        condition = (spec.months, spec.occupation, spec.support)
        if condition in conditions:
            continue
        name = conditions[condition] = f"m{len(conditions)}"
        match = Q(status=FollowUpStatus.DONE, months_after_end=spec.months)
        if spec.occupation is not None:
            match &= Q(occupation__code__in=sorted(spec.occupation))
        if spec.support is not None:
            match &= Q(_support_in(spec.support))
        annotations[name] = Count("pk", filter=match)
    rows = _recorded(association, first, last, specs.values()).values("intervention", "months_after_end")
    return _by_spec(rows.annotate(**annotations).order_by(), specs, conditions)


def _recorded(
    association: Association, first: dt.date, last: dt.date, specs: Iterable[FollowUpSpec]
) -> QuerySet[FollowUp]:
    specs = list(specs)
    return FollowUp.objects.filter(
        association=association,
        intervention__in=_union(specs),
        months_after_end__in={spec.months for spec in specs},
        status__in=RECORDED,
        done_on__gte=first,
        done_on__lte=last,
    ).exclude(enrollment__end_reason__code=DELETED_END_REASON)


def _by_spec(
    rows: Iterable[Any],
    specs: Mapping[K, FollowUpSpec],
    conditions: Mapping[tuple[int, frozenset[str] | None, frozenset[str] | None], str],
) -> dict[K, Counted]:
    """Sum the grouped (insats, months) rows for each spec."""
    per: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    for row in rows:
        for name, value in row.items():
            if name not in ("intervention", "months_after_end"):
                per[(name, row["months_after_end"])][row["intervention"]] = value
    result: dict[K, Counted] = {}
    for key, spec in specs.items():
        months = spec.months
        name = conditions[(months, spec.occupation, spec.support)]
        result[key] = Counted(
            _sum(per[(name, months)], spec.interventions),
            _sum(per[("recorded", months)], spec.interventions),
            _sum(per[("not_reached", months)], spec.interventions),
            _sum(per[("declined", months)], spec.interventions),
        )
    return result


def _public_codes(through: Any, owner: str) -> Coalesce:
    """How many public-support codes a row's support holds (a correlated count over the M2M table)."""
    counted = (
        through.objects.filter(**{owner: OuterRef("pk" if owner == "followup_id" else "enrollment_id")})
        .exclude(codelistentry__code__in=NOT_PUBLIC_SUPPORT)
        .order_by()
        .values(owner)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def support_reduced_counts(
    association: Association, first: dt.date, last: dt.date, specs: Mapping[K, FollowUpSpec]
) -> dict[K, Counted]:
    """Per spec: follow-ups at its months recorded in the period, and those done whose support holds fewer
    public-support codes than the enrollment's support before."""
    if not specs:
        return {}
    after = _public_codes(FollowUp.support.through, "followup_id")
    before = _public_codes(Enrollment.support_before.through, "enrollment_id")
    conditions: dict[tuple[int, frozenset[str] | None, frozenset[str] | None], str] = {
        (spec.months, None, None): f"r{spec.months}" for spec in specs.values()
    }
    annotations: dict[str, Count] = {
        "recorded": Count("pk"),
        "not_reached": Count("pk", filter=Q(status=FollowUpStatus.NOT_REACHED)),
        "declined": Count("pk", filter=Q(status=FollowUpStatus.DECLINED)),
    }
    for (months, _o, _s), name in conditions.items():
        annotations[name] = Count(
            "pk", filter=Q(status=FollowUpStatus.DONE, months_after_end=months, after__lt=F("before"))
        )
    rows = (
        _recorded(association, first, last, specs.values())
        .annotate(after=after, before=before)
        .values("intervention", "months_after_end")
        .annotate(**annotations)
        .order_by()
    )
    plain = {key: FollowUpSpec(spec.interventions, spec.months) for key, spec in specs.items()}
    return _by_spec(rows, plain, conditions)


def participants_during(
    association: Association, first: dt.date, last: dt.date, interventions: Iterable[int]
) -> dict[int, int]:
    """Enrollments during the period (started by its end, not ended before its start), per insats id; as the
    participants report counts them."""
    rows = (
        Enrollment.objects.filter(association=association, intervention__in=set(interventions), start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .exclude(end_reason__code=DELETED_END_REASON)
        .values_list("intervention")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)
