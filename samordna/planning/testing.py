"""Test objects of the planning app for the URL-walking access tests and the query-count bounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.planning import services
from samordna.planning.models import Assessment, Goal, Indicator, Plan

SAMPLE_CODE = "vp-prov"


def sample_plan(tenant: Any) -> Plan:
    """A plan of this year with one goal area, made once."""
    existing = Plan.objects.filter(association=tenant.association, code=SAMPLE_CODE).first()
    if existing is not None:
        return existing
    year = dt.date.today().year
    plan = services.plan_create(
        acting_user=None,
        association=tenant.association,
        code=SAMPLE_CODE,
        title="Provplan",
        from_year=year,
        to_year=year,
    )
    services.area_create(acting_user=None, plan=plan, code="1", name="Individinsatser")
    return plan


def sample_goal(tenant: Any) -> Goal:
    """A goal of the sample plan, linked to the tenant's insats `intervention`."""
    plan = sample_plan(tenant)
    existing = plan.goals.first()
    if existing is not None:
        return existing
    return services.goal_create(
        acting_user=None,
        plan=plan,
        area=plan.areas.get(),
        code="1:1",
        text="Fler går till arbete.",
        interventions=[tenant.intervention],
    )


def add_goals(tenant: Any, count: int, start: int = 0) -> None:
    """`count` more goals in the sample plan, each with a manual and a computed indicator and an assessment."""
    plan = sample_plan(tenant)
    area = plan.areas.get()
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


def sample_indicator(tenant: Any) -> Indicator:
    """A computed indicator of the sample goal."""
    goal = sample_goal(tenant)
    existing = goal.indicators.first()
    if existing is not None:
        return existing
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        code="1:1-a",
        name="Andel till arbete",
        target=25,
        source_kind="ended_share",
        params={"end_reasons": ["1"]},
    )


def sample_assessment(tenant: Any) -> Assessment:
    """This year's assessment of the sample goal."""
    goal = sample_goal(tenant)
    existing = goal.assessments.first()
    if existing is not None:
        return existing
    return services.assessment_set(acting_user=None, goal=goal, year=goal.plan.from_year, status="delvis")
