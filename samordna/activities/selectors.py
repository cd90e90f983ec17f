"""Read-side queries of the activities app: which events a user sees and edits, filters and attendance sums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from samordna.activities.models import Attendance, AttendeeRole, Event
from samordna.core.choices import Role
from samordna.core.models import Association
from samordna.core.tenancy import ALL_INTERVENTIONS_READERS
from samordna.interventions import selectors as intervention_selectors
from samordna.interventions.models import Intervention, Orientation
from samordna.organisations import selectors as organisation_selectors
from samordna.organisations.models import Member

#: Sort orders the event list offers: query value → ORM ordering.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "date": ("date", "code"),
    "-date": ("-date", "-code"),
}


def events_for(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Event]:
    """The events a user may see: all for admins and viewers; for an insatsansvarig, those of the insatser
    they see and those that belong to no insats."""
    qs = Event.objects.for_user(user, association)
    if roles & ALL_INTERVENTIONS_READERS:
        return qs
    visible = intervention_selectors.interventions_for(user=user, association=association, roles=roles)
    return qs.filter(Q(intervention__isnull=True) | Q(intervention__in=visible.values("pk")))


def events_editable_by(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Event]:
    """Events a user may change: all for admins, those of their own insatser for an insatsansvarig."""
    qs = Event.objects.for_user(user, association)
    if Role.ADMIN in roles:
        return qs
    if Role.INTERVENTION_MANAGER in roles:
        editable = intervention_selectors.interventions_editable_by(user=user, association=association, roles=roles)
        return qs.filter(intervention__in=editable.values("pk"))
    return qs.none()


def structural_interventions(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Intervention]:
    """The strukturövergripande insatser an event may belong to: every one for admins, their own for an
    insatsansvarig."""
    qs = intervention_selectors.interventions_editable_by(user=user, association=association, roles=roles)
    return qs.filter(orientation=Orientation.STRUCTURAL).order_by("code")


def visible_structural_interventions(
    *, user: Any, association: Association, roles: frozenset[str]
) -> QuerySet[Intervention]:
    """The strukturövergripande insatser the user sees (the list's insats filter)."""
    return (
        intervention_selectors.interventions_for(user=user, association=association, roles=roles)
        .filter(orientation=Orientation.STRUCTURAL)
        .order_by("code")
    )


def filtered(
    qs: QuerySet[Event],
    *,
    year: int | None = None,
    kind: str = "",
    intervention: Any = None,
    order: str = "",
) -> QuerySet[Event]:
    """Filter an event list by year (of its date), kind and insats, with each event's total attendance."""
    if year:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if intervention:
        qs = qs.filter(intervention=intervention)
    return (
        qs.select_related("association", "intervention")
        .annotate(total=Sum("attendance__count"))
        .order_by(*ORDERINGS.get(order, ORDERINGS["date"]))
    )


def years(*, association: Association) -> list[int]:
    """The years the förbund has events in, newest first."""
    dates = Event.objects.for_association(association).dates("date", "year", order="DESC")
    return [d.year for d in dates]


def members(*, association: Association) -> list[Member]:
    """The förbund's members by name, as the attendance grid lists them (read once)."""
    return sorted(organisation_selectors.members(association=association), key=lambda m: (m.name.lower(), m.pk))


def attendance_members(event: Event) -> list[Member]:
    """The rows of an event's attendance grid, by name: the current members, plus those that have left the förbund
    but already have attendance at the event (so that the grid can be saved unchanged)."""
    kept = event.attendance.filter(member__isnull=False).values_list("member_id", flat=True)
    current = organisation_selectors.current_members(association=event.association, keep=list(kept))
    return sorted(current, key=lambda m: (m.name.lower(), m.pk))


def event_grid(event: Event) -> dict[tuple[int | None, str], int]:
    """An event's attendance as {(member id or None, role): count} (one query)."""
    return {(m, r): c for m, r, c in event.attendance.values_list("member_id", "role", "count")}


@dataclass
class AttendanceSums:
    """Attendance summed by event, by member (id, None for others) and by role, and in total."""

    by_event: dict[int, int] = field(default_factory=dict)
    by_event_member: dict[int, dict[int | None, int]] = field(default_factory=dict)
    by_event_role: dict[int, dict[str, int]] = field(default_factory=dict)
    by_member: dict[int | None, int] = field(default_factory=dict)
    by_member_role: dict[tuple[int | None, str], int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=lambda: {role: 0 for role in AttendeeRole.values})
    total: int = 0


def _attendance(
    association: Association, first: dt.date, last: dt.date, intervention_ids: Iterable[int] | None
) -> QuerySet[Attendance]:
    qs = Attendance.objects.filter(event__association=association, event__date__gte=first, event__date__lte=last)
    if intervention_ids is not None:
        qs = qs.filter(event__intervention_id__in=list(intervention_ids))
    return qs


def attendance_sums(
    *, association: Association, first: dt.date, last: dt.date, intervention_ids: Iterable[int] | None = None
) -> AttendanceSums:
    """Attendance of the events dated `first`–`last` (of some insatser, if given), by event, member and role.

    One grouped query (event, member, role) summed in Python.
    """
    sums = AttendanceSums()
    rows = (
        _attendance(association, first, last, intervention_ids)
        .values_list("event_id", "member_id", "role")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for event_id, member_id, role, n in rows:
        sums.by_event[event_id] = sums.by_event.get(event_id, 0) + n
        per_member = sums.by_event_member.setdefault(event_id, {})
        per_member[member_id] = per_member.get(member_id, 0) + n
        per_role = sums.by_event_role.setdefault(event_id, {r: 0 for r in AttendeeRole.values})
        per_role[role] = per_role.get(role, 0) + n
        sums.by_member[member_id] = sums.by_member.get(member_id, 0) + n
        sums.by_member_role[(member_id, role)] = sums.by_member_role.get((member_id, role), 0) + n
        sums.by_role[role] = sums.by_role.get(role, 0) + n
        sums.total += n
    return sums


def attendance_by_member_role(
    *, association: Association, year: int, intervention_ids: Iterable[int] | None = None
) -> dict[tuple[int | None, str], int]:
    """Attendance of a year's events by (member id or None for others, role), in one grouped query."""
    rows = (
        _attendance(association, dt.date(year, 1, 1), dt.date(year, 12, 31), intervention_ids)
        .values_list("member_id", "role")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {(member_id, role): n for member_id, role, n in rows}


def attendance_total(
    association: Association, first: dt.date, last: dt.date, intervention_ids: Iterable[int] | None = None
) -> int:
    """How many attended the events dated `first`–`last`, of the given insatser (all events when None)."""
    result = _attendance(association, first, last, intervention_ids).aggregate(n=Sum("count"))
    return int(result["n"] or 0)


def year_events(*, association: Association, year: int) -> list[Event]:
    """The events of one year in date order, with their insats (for the report)."""
    return list(
        Event.objects.for_association(association)
        .filter(date__year=year)
        .select_related("intervention")
        .order_by("date", "code")
    )


def attendance_by_intervention(association: Association, first: dt.date, last: dt.date) -> dict[int, int]:
    """Attendance at the events dated `first`–`last` per insats id (events without an insats are left out): the
    goal indicators of kind `event_attendance` (planning) sum these for their insatser. One grouped query."""
    rows = (
        _attendance(association, first, last, None)
        .exclude(event__intervention__isnull=True)
        .values_list("event__intervention")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {pk: int(n or 0) for pk, n in rows}


def attendance_by_intervention_and_year(
    association: Association, first_year: int, last_year: int
) -> dict[int, dict[int, int]]:
    """Year → insats id → attendance at that year's events, for a span of whole years (a goal page's chart of
    several years). One grouped query."""
    rows = (
        _attendance(association, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), None)
        .exclude(event__intervention__isnull=True)
        .values_list(ExtractYear("event__date"), "event__intervention")
        .annotate(n=Sum("count"))
        .order_by()
    )
    result: dict[int, dict[int, int]] = {}
    for year, pk, n in rows:
        result.setdefault(year, {})[pk] = int(n or 0)
    return result
