"""Test objects of the verksamhetsplan for the URL-walking access tests (testing/objects.py), the API tests and
the query-count bounds.

The sample plan covers last year to next year (so its pages open on this year); its goal is linked to the
tenant's insats `intervention`, which the cast's insats staff are assigned to, so an insatsansvarig may assess
it; its indicator is manual (so the values page answers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.planning import services
from samordna.planning.models import Assessment, Goal, GoalArea, GoalStatus, Indicator, Plan

SAMPLE_CODE = "vp-prov"


def sample_plan(tenant: Any) -> Plan:
    """The tenant's sample plan, made once."""
    existing = Plan.objects.filter(association=tenant.association, code=SAMPLE_CODE).first()
    if existing is not None:
        return existing
    year = dt.date.today().year
    return services.plan_create(
        acting_user=None,
        association=tenant.association,
        code=SAMPLE_CODE,
        title="Verksamhetsplan prov",
        from_year=year - 1,
        to_year=year + 1,
    )


def sample_area(tenant: Any) -> GoalArea:
    """Goal area 1 of the sample plan."""
    plan = sample_plan(tenant)
    return plan.areas.filter(code="1").first() or services.area_create(
        acting_user=None, plan=plan, code="1", name="Individinsatser"
    )


def sample_goal(tenant: Any) -> Goal:
    """Goal 1:1 of the sample plan, linked to the tenant's insats `intervention`."""
    plan = sample_plan(tenant)
    return plan.goals.filter(code="1:1").first() or services.goal_create(
        acting_user=None,
        plan=plan,
        area=sample_area(tenant),
        code="1:1",
        text="Deltagare går vidare till arbete eller studier.",
        interventions=[tenant.intervention],
    )


def sample_manual_indicator(tenant: Any) -> Indicator:
    """A manual indicator of the sample goal (its values page answers)."""
    goal = sample_goal(tenant)
    return goal.indicators.filter(code="1:1a").first() or services.indicator_create(
        acting_user=None, goal=goal, code="1:1a", name="Nöjda deltagare", target=80, unit="percent"
    )


def sample_indicator(tenant: Any) -> Indicator:
    """A computed indicator of the sample goal: the share of the ended with end reason 1."""
    goal = sample_goal(tenant)
    return goal.indicators.filter(code="1:1-a").first() or services.indicator_create(
        acting_user=None,
        goal=goal,
        code="1:1-a",
        name="Andel till arbete",
        target=25,
        source_kind="ended_share",
        params={"end_reasons": ["1"]},
    )


def sample_assessment(tenant: Any) -> Assessment:
    """The sample goal's assessment of this year."""
    goal = sample_goal(tenant)
    year = dt.date.today().year
    existing = goal.assessments.filter(year=year).first()
    if existing is not None:
        return existing
    return services.assessment_set(acting_user=None, goal=goal, year=year, status=GoalStatus.PARTLY, comment="")


def add_goals(tenant: Any, count: int, start: int = 0) -> None:
    """`count` more goals in the sample plan, each with a manual and a computed indicator and an assessment."""
    plan = sample_plan(tenant)
    area = sample_area(tenant)
    for number in range(start, start + count):
        goal = services.goal_create(
            acting_user=None,
            plan=plan,
            area=area,
            code=f"9:{number}",
            text=f"Mål {number}",
            interventions=[tenant.intervention],
        )
        manual = services.indicator_create(acting_user=None, goal=goal, code="a", name="Handlagt", target=50)
        services.indicator_value_set(acting_user=None, indicator=manual, year=plan.from_year, value=40)
        services.indicator_create(
            acting_user=None,
            goal=goal,
            code="b",
            name="Till arbete",
            target=25,
            source_kind="ended_share",
            params={"end_reasons": ["1"]},
        )
        services.assessment_set(acting_user=None, goal=goal, year=plan.from_year, status="delvis")
