"""Write services for the verksamhetsplan: every write validates, runs in a transaction and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, update_audited
from samordna.core.models import Association
from samordna.governance import selectors as governance_selectors
from samordna.interventions.models import Intervention
from samordna.planning.models import (
    Assessment,
    Goal,
    GoalArea,
    Indicator,
    IndicatorValue,
    Plan,
    PlanStatus,
    SourceKind,
    Unit,
)
from samordna.planning.sources import SourceProblems, clean_source


def _check_interventions(association: Association, interventions: list[Intervention]) -> None:
    if any(i.association_id != association.pk for i in interventions):
        raise ValidationError({"interventions": _("Insatsen tillhör inte förbundet.")})


def _check_year(plan: Plan, year: int, field: str = "year") -> None:
    if not plan.covers(year):
        raise ValidationError(
            {field: _("Året ligger utanför planens år %(from)s–%(to)s.") % {"from": plan.from_year, "to": plan.to_year}}
        )


@transaction.atomic
def plan_create(*, acting_user: Any, association: Association, **fields: Any) -> Plan:
    """Create a plan (a draft unless `status` says otherwise)."""
    return create_audited(Plan, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def plan_update(*, acting_user: Any, plan: Plan, **fields: Any) -> Plan:
    """Change a plan's title, years, status or text; goals already assessed keep the years they were assessed."""
    from_year = fields.get("from_year", plan.from_year)
    to_year = fields.get("to_year", plan.to_year)
    outside = Assessment.objects.filter(goal__plan=plan).exclude(year__gte=from_year, year__lte=to_year)
    if outside.exists():
        raise ValidationError({"from_year": _("Planen har bedömningar för år utanför de nya åren; ta bort dem först.")})
    return update_audited(plan, acting_user=acting_user, **fields)


@transaction.atomic
def plan_adopt(*, acting_user: Any, plan: Plan, item: Any) -> Plan:
    """The plan becomes fastställd by a § (a governance AgendaItem) of a held meeting of the förbund: status
    adopted, the meeting's date and the §'s label as the decision."""
    if item.association_id != plan.association_id:
        raise ValidationError({"item": _("Paragrafen tillhör inte förbundet.")})
    if not governance_selectors.is_held(item.meeting):
        raise ValidationError(
            {"item": _("%(label)s hör till ett möte som inte har hållits (%(date)s); beslut fattas på ett "
                       "genomfört möte.") % {"label": item.label, "date": item.meeting.date.isoformat()}}
        )  # fmt: skip
    return plan_update(
        acting_user=acting_user, plan=plan, status=PlanStatus.ADOPTED, adopted_on=item.meeting.date,
        decision=item.label,
    )  # fmt: skip


@transaction.atomic
def plan_delete(*, acting_user: Any, plan: Plan) -> None:
    """Delete a plan with its goal areas, goals, indicators and assessments."""
    delete_audited(plan, acting_user=acting_user)


@transaction.atomic
def plan_copy(*, acting_user: Any, plan: Plan, code: str, title: str, from_year: int, to_year: int) -> Plan:
    """A new draft plan from an earlier one: its text, goal areas, goals and indicators, without assessments."""
    new = plan_create(
        acting_user=acting_user,
        association=plan.association,
        code=code,
        title=title,
        from_year=from_year,
        to_year=to_year,
        about=plan.about,
        vision=plan.vision,
        direction=plan.direction,
    )
    areas: dict[int, GoalArea] = {}
    for area in plan.areas.all():
        areas[area.pk] = area_create(
            acting_user=acting_user, plan=new, code=area.code, name=area.name, position=area.position
        )
    for goal in plan.goals.prefetch_related("interventions", "indicators"):
        copy = goal_create(
            acting_user=acting_user,
            plan=new,
            area=areas[goal.area_id],
            code=goal.code,
            text=goal.text,
            responsible=goal.responsible,
            position=goal.position,
            interventions=list(goal.interventions.all()),
        )
        for indicator in goal.indicators.all():
            indicator_create(
                acting_user=acting_user,
                goal=copy,
                code=indicator.code,
                name=indicator.name,
                target=indicator.target,
                unit=indicator.unit,
                measured_at=indicator.measured_at,
                source_kind=indicator.source_kind,
                params=indicator.params,
                position=indicator.position,
            )
    return new


@transaction.atomic
def area_create(*, acting_user: Any, plan: Plan, **fields: Any) -> GoalArea:
    """Add a goal area (målområde) to a plan."""
    return create_audited(GoalArea, acting_user=acting_user, plan=plan, **fields)


@transaction.atomic
def area_update(*, acting_user: Any, area: GoalArea, **fields: Any) -> GoalArea:
    """Change a goal area's code, name or place."""
    return update_audited(area, acting_user=acting_user, **fields)


@transaction.atomic
def area_delete(*, acting_user: Any, area: GoalArea) -> None:
    """Delete a goal area; refused while it has goals."""
    if area.goals.exists():
        raise ValidationError(_("Målområdet har mål; flytta eller ta bort dem först."))
    delete_audited(area, acting_user=acting_user)


def _check_area(plan: Plan, area: GoalArea) -> None:
    if area.plan_id != plan.pk:
        raise ValidationError({"area": _("Målområdet hör till en annan plan.")})


@transaction.atomic
def goal_create(
    *, acting_user: Any, plan: Plan, area: GoalArea, interventions: list[Intervention] | None = None, **fields: Any
) -> Goal:
    """Add a goal to a plan, under one of its goal areas, linked to insatser of the förbund."""
    interventions = list(interventions or [])
    _check_area(plan, area)
    _check_interventions(plan.association, interventions)
    return create_audited(
        Goal,
        acting_user=acting_user,
        association=plan.association,
        plan=plan,
        area=area,
        m2m={"interventions": interventions},
        **fields,
    )


@transaction.atomic
def goal_update(
    *, acting_user: Any, goal: Goal, interventions: list[Intervention] | None = None, **fields: Any
) -> Goal:
    """Change a goal's text, code, area, responsible or linked insatser."""
    if "area" in fields:
        _check_area(goal.plan, fields["area"])
    m2m = None
    if interventions is not None:
        _check_interventions(goal.association, list(interventions))
        m2m = {"interventions": list(interventions)}
    return update_audited(goal, acting_user=acting_user, m2m=m2m, **fields)


@transaction.atomic
def goal_delete(*, acting_user: Any, goal: Goal) -> None:
    """Delete a goal with its indicators and assessments."""
    delete_audited(goal, acting_user=acting_user)


def _clean_indicator(fields: dict[str, Any], current: Indicator | None = None) -> dict[str, Any]:
    """Check the source parameters against the kind (raising field errors) and return them cleaned."""
    kind = fields.get("source_kind", current.source_kind if current else SourceKind.MANUAL)
    params = fields.get("params", current.params if current else {})
    try:
        fields["params"] = clean_source(kind, params)
    except SourceProblems as error:
        raise ValidationError(
            {"params": [f"{where}: {message}" if where != "kind" else message for where, message in error.problems]}
        ) from error
    unit = fields.get("unit", current.unit if current else Unit.PERCENT)
    target = fields.get("target", current.target if current else None)
    if unit == Unit.PERCENT and target is not None and not Decimal(0) <= Decimal(target) <= Decimal(100):
        raise ValidationError({"target": _("Ett mål i procent ligger mellan 0 och 100.")})
    return fields


@transaction.atomic
def indicator_create(*, acting_user: Any, goal: Goal, **fields: Any) -> Indicator:
    """Add an indicator (mått) to a goal; its source parameters are checked against its kind."""
    return create_audited(Indicator, acting_user=acting_user, goal=goal, **_clean_indicator(dict(fields)))


@transaction.atomic
def indicator_update(*, acting_user: Any, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator; values entered by hand stay when the source changes (they are shown only for manual)."""
    return update_audited(indicator, acting_user=acting_user, **_clean_indicator(dict(fields), indicator))


@transaction.atomic
def indicator_delete(*, acting_user: Any, indicator: Indicator) -> None:
    """Delete an indicator and its values."""
    delete_audited(indicator, acting_user=acting_user)


def year_end(year: int) -> dt.date:
    """31 December of a year: the `until` of a whole year's assessment."""
    return dt.date(year, 12, 31)


@transaction.atomic
def assessment_set(
    *,
    acting_user: Any,
    goal: Goal,
    year: int,
    status: str,
    comment: str = "",
    until: dt.date | None = None,
) -> Assessment:
    """Set the verdict on a goal for a year up to `until` (default 31 December), creating or changing it."""
    _check_year(goal.plan, year)
    until = until or year_end(year)
    if until.year != year:
        raise ValidationError({"until": _("Datumet ska ligga i det bedömda året.")})
    existing = Assessment.objects.filter(goal=goal, year=year, until=until).first()
    values: dict[str, Any] = {
        "status": status,
        "comment": comment,
        "assessed_by": acting_user if getattr(acting_user, "pk", None) else None,
    }
    if existing is None:
        return create_audited(Assessment, acting_user=acting_user, goal=goal, year=year, until=until, **values)
    if existing.status == status and existing.comment == comment:
        return existing
    return update_audited(existing, acting_user=acting_user, **values)


@transaction.atomic
def assessment_delete(*, acting_user: Any, assessment: Assessment) -> None:
    """Remove a verdict."""
    delete_audited(assessment, acting_user=acting_user)


@transaction.atomic
def indicator_value_set(
    *, acting_user: Any, indicator: Indicator, year: int, value: Decimal | int | None
) -> IndicatorValue | None:
    """Enter (or with None clear) the value of a manual indicator for a year."""
    if indicator.source_kind != SourceKind.MANUAL:
        raise ValidationError({"value": _("Måttet beräknas ur data och tar inga värden för hand.")})
    _check_year(indicator.goal.plan, year)
    if value is not None and indicator.unit == Unit.PERCENT and not 0 <= Decimal(value) <= 100:
        raise ValidationError({"value": _("Ett värde i procent ligger mellan 0 och 100.")})
    existing = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    if value is None:
        if existing is not None:
            delete_audited(existing, acting_user=acting_user)
        return None
    if existing is None:
        return create_audited(IndicatorValue, acting_user=acting_user, indicator=indicator, year=year, value=value)
    if existing.value == Decimal(value):
        return existing
    return update_audited(existing, acting_user=acting_user, value=value)
