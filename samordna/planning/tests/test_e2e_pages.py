"""End-to-end in Chromium: the plan and goal pages under the Content-Security-Policy (no violation), the status
marks coloured by the app's stylesheet, and the indicator charts drawn with presentation attributes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.tests.test_e2e_csp import collect_csp_violations
from samordna.planning import services
from samordna.planning.testing import sample_assessment, sample_goal, sample_plan
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


def test_plan_and_goal_pages_have_no_csp_violation_and_colour_the_status(page: Any, cast: Cast) -> None:
    plan, goal = sample_plan(cast.a), sample_goal(cast.a)
    services.indicator_create(
        acting_user=None, goal=goal, code="x", name="Deltagare", unit="count", target=10, source_kind="participants"
    )
    assessment = sample_assessment(cast.a)
    violations = collect_csp_violations(page)
    login(page, cast.user(Role.VIEWER).username, PASSWORD)
    slug = cast.a.association.slug
    page.goto(reverse("planning:plan", kwargs={"association": slug, "pk": plan.pk}) + f"?year={assessment.year}")
    mark = page.locator("article .goal-status").first
    assert mark.inner_text() == "Delvis uppfyllt"
    # The coloured mark is drawn by planning.css (a ::before), beside the text: never the colour alone.
    colour = mark.evaluate("el => getComputedStyle(el, '::before').backgroundColor")
    assert colour == "rgb(242, 194, 0)"
    page.goto(reverse("planning:goal", kwargs={"association": slug, "pk": goal.pk}))
    assert page.locator("figure svg[role=img]").count() == 1
    assert page.locator("figure svg [style], figure svg style").count() == 0
    assert violations == []
