"""The demo plan: Västmanland's 2025 plan from seeds 000/001/004, this year's copy, and a second run writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from samordna.core.models import AuditEntry
from samordna.demo.steps import DemoContext, run_steps
from samordna.planning.indicators import measure
from samordna.planning.models import Assessment, Goal, Indicator, IndicatorValue, Plan

pytestmark = pytest.mark.django_db
STEPS = [
    "samordna.demo.steps.load_organisations",
    "samordna.interventions.demo.load",
    "samordna.participants.demo.load",
    "samordna.planning.demo.load",
]


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Plan, Goal, Indicator, Assessment, IndicatorValue, AuditEntry))


def test_demo_plan_with_the_seed_goals_and_this_years_copy(db: None) -> None:
    run_steps(DemoContext(log=lambda _text: None), STEPS)
    plan = Plan.objects.get(association__slug="vastmanland", code="vp-2025")
    assert [a.code for a in plan.areas.all()] == ["1", "2", "3"]
    assert plan.areas.get(code="2").name.startswith("Att stödja utvecklingsinsatser av metoder och arbetssätt")
    rmgt = plan.goals.get(code="2:1")
    assert "100 % av individerna och 100 % av handläggarna" in rmgt.text
    assert [i.code for i in rmgt.interventions.all()] == ["1080"]
    to_work = Indicator.objects.get(goal__plan=plan, code="2:4-b")
    assert (to_work.target, to_work.measured_at, to_work.params["months"]) == (25, "12m", 12)
    assert Assessment.objects.filter(goal__plan=plan).count() == 2 * plan.goals.count()
    computed = list(Indicator.objects.filter(goal__plan=plan, code__in=["1:1-a", "1:1-b"]))
    values = measure(computed, association=plan.association, year=2025)
    assert all(values[i.pk].value is not None and values[i.pk].denominator for i in computed)
    other = Plan.objects.get(association__slug="vastra-ostergotland", code="vp-2025")
    assert [g.code for g in other.goals.all()] == ["S:1", "I:1"]
    assert IndicatorValue.objects.get(indicator__goal__plan=other, indicator__code="S:1-a").value == 82
    year = dt.date.today().year
    if year > 2025:
        current = Plan.objects.get(association=plan.association, code=f"vp-{year}")
        assert current.from_year == current.to_year == year
        assert current.goals.count() == plan.goals.count()
        assert IndicatorValue.objects.filter(indicator__goal__plan=current, year=year).exists()


def test_demo_plan_twice_writes_nothing(db: None) -> None:
    run_steps(DemoContext(log=lambda _text: None), STEPS)
    before = _counts()
    run_steps(DemoContext(log=lambda _text: None), STEPS[-1:])
    assert _counts() == before
    run_steps(DemoContext(log=lambda _text: None, refresh=True), STEPS[-1:])
    assert _counts() == before
