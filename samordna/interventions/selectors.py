"""Read-side queries of the interventions app, including who may see which insats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from samordna.core.choices import Role
from samordna.core.models import Association
from samordna.core.tenancy import ALL_INTERVENTIONS_READERS
from samordna.interventions.models import (
    Intervention,
    InterventionAssignment,
    Orientation,
    Status,
    VolumeCount,
    VolumeTarget,
    VolumeUnit,
)


def active_assignments(
    *, user: Any, association: Association, role: str, on: dt.date | None = None
) -> QuerySet[InterventionAssignment]:
    """Assignments that give `user` access today: the assignment and its insats both still run."""
    on = on or dt.date.today()
    return (
        InterventionAssignment.objects.filter(
            membership__user=user,
            membership__association=association,
            membership__role=role,
            starts_on__lte=on,
            intervention__start__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(intervention__end__isnull=True) | Q(intervention__end__gte=on))
        .exclude(intervention__status=Status.ENDED)
    )


def assigned_intervention_ids(*, user: Any, association: Association, role: str) -> QuerySet[Any]:
    """Ids of the insatser `user` is actively assigned to in `role`."""
    return active_assignments(user=user, association=association, role=role).values("intervention_id")


def interventions_for(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Intervention]:
    """The insatser a user may see: all for admins and viewers, assigned ones for insats staff."""
    qs = Intervention.objects.for_user(user, association)
    if roles & ALL_INTERVENTIONS_READERS:
        return qs
    visible = Q(pk__in=[])
    for role in (Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        if role in roles:
            visible |= Q(pk__in=assigned_intervention_ids(user=user, association=association, role=role))
    return qs.filter(visible)


def interventions_editable_by(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Intervention]:
    """Insatser a user may edit: all for admins, assigned ones for insatsansvariga."""
    qs = Intervention.objects.for_user(user, association)
    if Role.ADMIN in roles:
        return qs
    if Role.INTERVENTION_MANAGER in roles:
        return qs.filter(
            pk__in=assigned_intervention_ids(user=user, association=association, role=Role.INTERVENTION_MANAGER)
        )
    return qs.none()


def filtered(
    qs: QuerySet[Intervention], *, orientation: str = "", status: str = "", member: Any = None, q: str = ""
) -> QuerySet[Intervention]:
    """Filter an insats list by orientation, status, member and text."""
    if orientation:
        qs = qs.filter(orientation=orientation)
    if status:
        qs = qs.filter(status=status)
    if member:
        qs = qs.filter(run_by=member)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return qs.distinct().select_related("association").prefetch_related("run_by")


def intervention_counts(*, user: Any, association: Association, roles: frozenset[str]) -> dict[str, int]:
    """Running insatser the user may see (as the insats list shows them), by orientation, for the start page."""
    return (
        interventions_for(user=user, association=association, roles=roles)
        .exclude(status=Status.ENDED)
        .aggregate(
            total=Count("id"),
            individual=Count("id", filter=Q(orientation=Orientation.INDIVIDUAL)),
            structural=Count("id", filter=Q(orientation=Orientation.STRUCTURAL)),
        )
    )


def has_follow_up_data(intervention: Intervention) -> bool:
    """Whether participants or counts are registered on the insats.

    Any model with a foreign key to Intervention and `LOCKS_INTERVENTION_METHOD = True`
    (enrollments, anonymous counts) counts, so later apps lock it without changes here.
    """
    if intervention.pk is None:
        return False
    for relation in Intervention._meta.related_objects:
        model = relation.related_model
        if (
            getattr(model, "LOCKS_INTERVENTION_METHOD", False)
            and model._default_manager.filter(**{relation.field.name: intervention}).exists()
        ):
            return True
    return False


def unknown_codes(*, association: Association, codes: list[str]) -> list[str]:
    """The codes among `codes` that name no insats of the förbund, sorted."""
    known = set(Intervention.objects.filter(association=association, code__in=codes).values_list("code", flat=True))
    return sorted(set(codes) - known)


def ending_between(*, association: Association, first: dt.date, last: dt.date) -> list[Intervention]:
    """Insatser not marked ended whose end date falls from `first` to `last`, soonest first."""
    return list(
        Intervention.objects.for_association(association)
        .exclude(status=Status.ENDED)
        .filter(end__gte=first, end__lte=last)
        .order_by("end", "code")
    )


def volume_targets(*, association: Association, year: int, unit: str) -> dict[int, int]:
    """The förbund's volume targets of one unit for one year, by insats id (one query)."""
    return dict(
        VolumeTarget.objects.filter(intervention__association=association, year=year, unit=unit).values_list(
            "intervention_id", "value"
        )
    )


def running_in(*, association: Association, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """The insatser that run at some time between two dates, each with its volume targets per year and unit and
    its staffing (member, role, full-time equivalents): what a verksamhetsplan lists. Three queries."""
    insatser = (
        Intervention.objects.filter(association=association, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .order_by("orientation", "code")
        .prefetch_related("volume_targets", "staffing__member")
    )
    return [
        {
            "code": insats.code,
            "name": insats.name,
            "orientation": insats.get_orientation_display(),
            "volumes": {(t.year, t.get_unit_display()): t.value for t in insats.volume_targets.all()},
            "staffing": [(s.member.name, s.role, s.fte) for s in insats.staffing.all()],
        }
        for insats in insatser
    ]


def interventions_of(*, association: Association) -> QuerySet[Intervention]:
    """Every insats of the förbund (for importers that look insatser up by code; the caller checked access)."""
    return Intervention.objects.filter(association=association)


def volume_count_totals(
    *, association: Association, year: int, unit: str, until: dt.date | None = None
) -> dict[int, int]:
    """The förbund's counted volumes of one unit for one year (up to the month of `until`), summed over the
    months, by insats id (one query)."""
    counts = VolumeCount.objects.filter(intervention__association=association, year=year, unit=unit)
    if until is not None and until.year == year:
        counts = counts.filter(month__lte=until.month)
    return dict(counts.values("intervention_id").annotate(total=Sum("value")).values_list("intervention_id", "total"))


def volume_count_totals_by_year(*, association: Association, years: list[int], unit: str) -> dict[int, dict[int, int]]:
    """Year → insats id → the counted volumes of one unit that year (one query, for a page of several years)."""
    by_year: dict[int, dict[int, int]] = {year: {} for year in years}
    rows = (
        VolumeCount.objects.filter(intervention__association=association, year__in=years, unit=unit)
        .values("year", "intervention_id")
        .annotate(total=Sum("value"))
        .values_list("year", "intervention_id", "total")
    )
    for year, intervention_id, total in rows:
        by_year[year][intervention_id] = total
    return by_year


def volume_count_grid(intervention: Intervention, year: int) -> dict[tuple[int, str], int]:
    """(month, unit) → the count an insats entered for one year (one query)."""
    return {
        (month, unit): value
        for month, unit, value in VolumeCount.objects.filter(intervention=intervention, year=year).values_list(
            "month", "unit", "value"
        )
    }


def volume_progress(intervention: Intervention, year: int) -> list[dict[str, Any]]:
    """Per unit with a target or a count in `year`: the target, what was counted so far and whether the target
    is reached (None without a target), in the units' order (two queries)."""
    targets = dict(intervention.volume_targets.filter(year=year).values_list("unit", "value"))
    counted = dict(
        VolumeCount.objects.filter(intervention=intervention, year=year)
        .values("unit")
        .annotate(total=Sum("value"))
        .values_list("unit", "total")
    )
    rows = []
    for unit in VolumeUnit:
        if unit.value not in targets and unit.value not in counted:
            continue
        target = targets.get(unit.value)
        count = counted.get(unit.value, 0)
        rows.append(
            {
                "unit": unit.value,
                "label": unit.label,
                "target": target,
                "counted": count,
                "reached": None if target is None else count >= target,
                "percent": None if not target else round(100 * count / target),
            }
        )
    return rows


def countable_months(intervention: Intervention, year: int, today: dt.date | None = None) -> set[int]:
    """The months of `year` that can take a count: begun by `today` and inside the insats's period."""
    today = today or dt.date.today()
    months = set()
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        if (
            first <= today
            and following > intervention.start
            and (intervention.end is None or first <= intervention.end)
        ):
            months.add(month)
    return months


def countable_years(intervention: Intervention, today: dt.date | None = None) -> list[int]:
    """The years an insats can have counts for, latest first: from its start to its end or this year."""
    today = today or dt.date.today()
    last = min(today.year, intervention.end.year) if intervention.end else today.year
    return list(range(last, intervention.start.year - 1, -1))


def counted_volumes(*, association: Association, year: int) -> list[dict[str, Any]]:
    """The förbund's insatser with counted volumes in `year`, in code order: code, name, the year's counts and
    volume targets per unit (0 and None where there are none). Two queries."""
    units = VolumeUnit.values
    rows: dict[int, dict[str, Any]] = {}
    summed = (
        VolumeCount.objects.filter(intervention__association=association, year=year)
        .values("intervention_id", "intervention__code", "intervention__name", "unit")
        .annotate(total=Sum("value"))
    )
    for item in summed:
        row = rows.setdefault(
            item["intervention_id"],
            {
                "code": item["intervention__code"],
                "name": item["intervention__name"],
                "counts": dict.fromkeys(units, 0),
                "targets": dict.fromkeys(units),
            },
        )
        row["counts"][item["unit"]] = item["total"]
    targets = VolumeTarget.objects.filter(intervention_id__in=list(rows), year=year)
    for intervention_id, unit, value in targets.values_list("intervention_id", "unit", "value"):
        rows[intervention_id]["targets"][unit] = value
    return sorted(rows.values(), key=lambda row: row["code"])
