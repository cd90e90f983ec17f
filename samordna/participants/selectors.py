"""Read-side queries of row-level participant data: only a registrar's own insatser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from samordna.core.choices import Role
from samordna.core.models import Association, CodeList, CodeListEntry
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import assigned_intervention_ids
from samordna.participants.models import AnonymousCount, Enrollment, FollowUp, FollowUpStatus, Participant
from samordna.participants.support_mask import support_bits


def registrar_interventions(*, user: Any, association: Association) -> QuerySet[Intervention]:
    """Insatser whose row-level data `user` may see: those they are actively assigned to as registrar."""
    return Intervention.objects.for_user(user, association).filter(
        pk__in=assigned_intervention_ids(user=user, association=association, role=Role.REGISTRAR)
    )


def registrar_intervention_ids(*, user: Any, association: Association) -> list[int]:
    """Ids of the registrar's insatser (registrar_interventions), in the insatser's order.

    Read once and passed on as a list: a plain `intervention_id IN (…)` lets both databases walk the
    enrollment indexes, where the nested subquery made them read every enrollment of the förbund.
    """
    return list(registrar_interventions(user=user, association=association).values_list("pk", flat=True))


def enrollments_for(*, user: Any, association: Association, insatser: list[int] | None = None) -> QuerySet[Enrollment]:
    """Enrollments in the registrar's insatser; `insatser`: their ids when the caller has read them already
    (registrar_intervention_ids).

    The user's roles and the förbund are checked by registrar_interventions; an enrollment belongs to its insats's
    förbund, so the filter is on the insatser alone, which the (intervention, …) indexes answer.
    """
    if insatser is None:
        insatser = registrar_intervention_ids(user=user, association=association)
    return Enrollment.objects.filter(intervention_id__in=insatser)


def follow_ups_for(*, user: Any, association: Association) -> QuerySet[FollowUp]:
    """Follow-ups of enrollments in the registrar's insatser (checked as in enrollments_for)."""
    return FollowUp.objects.filter(intervention_id__in=registrar_intervention_ids(user=user, association=association))


def participants_for(*, user: Any, association: Association) -> QuerySet[Participant]:
    """Participants with an enrollment in one of the registrar's insatser (or none at all yet)."""
    visible = Enrollment.objects.filter(
        participant=OuterRef("pk"), intervention__in=registrar_interventions(user=user, association=association)
    )
    return Participant.objects.for_user(user, association).filter(Exists(visible))


def enrollment_list(
    intervention: Intervention, *, q: str = "", state: str = "", today: dt.date | None = None
) -> QuerySet[Enrollment]:
    """An insats's enrollments, searchable by code and filtered by active / ended / follow-up due."""
    today = today or dt.date.today()
    qs = Enrollment.objects.filter(intervention=intervention).select_related(
        "participant", "end_reason", "participant__municipality"
    )
    if q:
        qs = qs.filter(participant__code__icontains=q.strip())
    if state == "active":
        qs = qs.filter(end_date__isnull=True)
    elif state == "ended":
        qs = qs.filter(end_date__isnull=False)
    elif state == "due":
        qs = qs.filter(
            Exists(
                FollowUp.objects.filter(
                    enrollment=OuterRef("pk"), status=FollowUpStatus.PENDING, due_date__lte=month_end(today)
                )
            )
        )
    return qs.order_by("end_date", "-start_date") if state == "ended" else qs.order_by("-start_date")


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def due_follow_ups(*, user: Any, association: Association, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Pending follow-ups due this month or overdue, across the registrar's insatser."""
    today = today or dt.date.today()
    return (
        follow_ups_for(user=user, association=association)
        .filter(
            # The förbund too: then the (association, status, due_date) index gives the rows in due-date order.
            association=association,
            status=FollowUpStatus.PENDING,
            due_date__lte=month_end(today),
        )
        .select_related("enrollment__participant", "enrollment__intervention")
        .order_by("due_date", "pk")  # the id: each on one page of the list
    )


def due_follow_up_counts(*, user: Any, association: Association, today: dt.date) -> dict[str, int]:
    """{"total": follow-ups due (as due_follow_ups), "overdue": those of them due before today}: one count over
    the (intervention, status, due_date) index (of due_date, not the id, so SQLite does not read the rows)."""
    return FollowUp.objects.filter(
        intervention_id__in=registrar_intervention_ids(user=user, association=association),
        status=FollowUpStatus.PENDING,
        due_date__lte=month_end(today),
    ).aggregate(total=Count("due_date"), overdue=Count("due_date", filter=Q(due_date__lt=today)))


def anonymous_counts(intervention: Intervention) -> QuerySet[AnonymousCount]:
    """Counted-only participants of an insats, per year."""
    return AnonymousCount.objects.filter(intervention=intervention).order_by("-year")


def intervention_summary(interventions: QuerySet[Intervention], today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per insats: active and ended enrollments and follow-ups due (for the registrar's start page)."""
    today = today or dt.date.today()
    rows = list(interventions)
    ids = [i.pk for i in rows]
    # Two grouped counts that the (intervention, …) indexes answer alone: all, and active (no end date).
    in_insatser = Enrollment.objects.filter(intervention_id__in=ids).order_by()
    total = dict(in_insatser.values_list("intervention_id").annotate(n=Count("pk")).values_list("intervention_id", "n"))
    active = dict(
        in_insatser.filter(end_date__isnull=True)
        .values_list("intervention_id")
        .annotate(n=Count("pk"))
        .values_list("intervention_id", "n")
    )
    counts = {pk: (active.get(pk, 0), n - active.get(pk, 0)) for pk, n in total.items()}
    due = dict(
        FollowUp.objects.filter(intervention_id__in=ids, status=FollowUpStatus.PENDING, due_date__lte=month_end(today))
        .values_list("intervention_id")
        .annotate(n=Count("due_date"))  # a column of the index: SQLite counts it without reading the rows
        .values_list("intervention_id", "n")
        .order_by()
    )
    return [
        {
            "intervention": i,
            "active": counts.get(i.pk, (0, 0))[0],
            "ended": counts.get(i.pk, (0, 0))[1],
            "due": due.get(i.pk, 0),
        }
        for i in rows
    ]


def code_entries(code_list: str, *, active_only: bool = True) -> QuerySet[CodeListEntry]:
    """Entries of one code list in their order."""
    qs = CodeListEntry.objects.filter(list=code_list)
    return qs.filter(is_active=True) if active_only else qs


def code_lookup() -> dict[str, dict[str, CodeListEntry]]:
    """{list: {code or lower-case label: entry}} for the importer (all entries, preloaded once)."""
    lookup: dict[str, dict[str, CodeListEntry]] = {c: {} for c in CodeList.values}
    for entry in CodeListEntry.objects.all():
        lookup[entry.list][entry.code.lower()] = entry
        lookup[entry.list].setdefault(entry.label.lower(), entry)
    return lookup


def enrollment_flows(
    association: Association, by: str | tuple[str, ...] = "intervention__code"
) -> list[tuple[Any, str, dt.date, dt.date | None, int]]:
    """(value of `by`, gender, start month, end month or None, enrollments) for the förbund's enrollments.

    `by` is the insats code by default, or another lookup of the enrollment (``end_reason__code``, …), or a
    tuple of lookups (the value is then a tuple). Months
    as their first day: published periods start and end at month boundaries, so the month of a start or an
    end is all the release audit needs (publications.figures). One grouped query; no row leaves it.
    """
    lookups = (by,) if isinstance(by, str) else by
    rows = (
        Enrollment.objects.filter(association=association)
        .values_list(
            *lookups,
            "participant__gender",
            ExtractYear("start_date"),
            ExtractMonth("start_date"),
            ExtractYear("end_date"),
            ExtractMonth("end_date"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    width = len(lookups)
    return [
        (
            row[0] if width == 1 else tuple(row[:width]),
            gender,
            dt.date(sy, sm, 1),
            dt.date(ey, em, 1) if ey else None,
            n,
        )
        for row in rows
        for gender, sy, sm, ey, em, n in [row[width:]]
    ]


def anonymous_rows(association: Association) -> list[tuple[str, int, int, int, int]]:
    """(insats code, year, women, men, other) of every anonymous count of the förbund (the release audit's
    atoms for Uppföljning Finsam, publications.figures)."""
    return list(
        AnonymousCount.objects.filter(intervention__association=association)
        .order_by("intervention__code", "year")
        .values_list("intervention__code", "year", "women", "men", "other")
    )


def support_code_bits() -> dict[str, int]:
    """Support code → its bit in Enrollment.support_before_mask (the release audit's support-before rows)."""
    codes = dict(CodeListEntry.objects.filter(list=CodeList.SUPPORT).values_list("pk", "code"))
    return {codes[pk]: bit for pk, bit in support_bits().items() if pk in codes}


def positive_end_reasons() -> set[str]:
    """The end reason codes that count as a positive outcome."""
    return set(CodeListEntry.objects.filter(list=CodeList.END_REASON, is_positive=True).values_list("code", flat=True))


def year_figures(interventions: QuerySet[Intervention], *, year: int, today: dt.date) -> dict[int, dict[str, Any]]:
    """Per insats id: code and name, participants active today, new and ended this year (to today), in the year
    (to today), follow-ups overdue, and the year's counted-only participants. Counts only; three grouped queries."""
    year_start = dt.date(year, 1, 1)
    started = Q(enrollments__start_date__lte=today)
    rows = interventions.annotate(
        active=Count("enrollments", filter=started & Q(enrollments__end_date__isnull=True), distinct=True),
        new=Count("enrollments", filter=started & Q(enrollments__start_date__gte=year_start), distinct=True),
        ended=Count(
            "enrollments",
            filter=Q(enrollments__end_date__gte=year_start, enrollments__end_date__lte=today),
            distinct=True,
        ),
        in_year=Count(
            "enrollments",
            filter=started & (Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=year_start)),
            distinct=True,
        ),
    ).values_list("pk", "code", "name", "active", "new", "ended", "in_year")
    figures: dict[int, dict[str, Any]] = {
        pk: {
            "code": code,
            "name": name,
            "active": active,
            "new": new,
            "ended": ended,
            "in_year": in_year,
            "overdue": 0,
            "counted": 0,
        }
        for pk, code, name, active, new, ended, in_year in rows
    }
    overdue = (
        FollowUp.objects.filter(intervention__in=interventions, status=FollowUpStatus.PENDING, due_date__lt=today)
        .values_list("intervention")
        .annotate(n=Count("due_date"))
        .values_list("intervention", "n")
        .order_by()
    )
    for pk, n in overdue:
        figures[pk]["overdue"] = n
    for pk, women, men, other in AnonymousCount.objects.filter(intervention__in=interventions, year=year).values_list(
        "intervention_id", "women", "men", "other"
    ):
        figures[pk]["counted"] = women + men + other
    return figures


def latest_enrollments(*, user: Any, association: Association, limit: int) -> list[Enrollment]:
    """The registrar's latest registrations (enrollments created or changed), newest first.

    The latest `limit` of each insats by the (intervention, updated_at) index, then merged: one query per
    insats, none sorting the förbund's enrollments.
    """
    latest: list[Enrollment] = []
    for pk in registrar_intervention_ids(user=user, association=association):
        latest += (
            Enrollment.objects.filter(intervention_id=pk)
            .select_related("participant", "intervention")
            .order_by("-updated_at", "-pk")[:limit]
        )
    return sorted(latest, key=lambda e: (e.updated_at, e.pk), reverse=True)[:limit]
