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


def test_admin_creates_a_goal_with_a_computed_indicator_assesses_it_and_downloads_the_docx(
    page: Any, cast: Cast, tmp_path: Any
) -> None:
    import datetime as dt

    import docx

    from samordna.participants.tests.helpers import code, enroll
    from samordna.planning.testing import sample_area

    year = dt.date.today().year
    plan, _area = sample_plan(cast.a), sample_area(cast.a)
    insats = cast.a.intervention
    for reason in ("1", "1", "4"):  # three ended this year, two to work
        enroll(insats, start=dt.date(year, 1, 2), end_date=dt.date(year, 1, 3), end_reason=code("end_reason", reason))
    slug = cast.a.association.slug
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(reverse("planning:plan", kwargs={"association": slug, "pk": plan.pk}))
    with page.expect_navigation():
        page.get_by_role("link", name="Nytt mål", exact=True).click()
    page.get_by_label("Kod").fill("1:9")
    page.locator("#id_text").fill("Fler deltagare går till arbete.")
    page.get_by_label(str(insats)).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    goal = plan.goals.get(code="1:9")
    page.goto(reverse("planning:goal", kwargs={"association": slug, "pk": goal.pk}))
    with page.expect_navigation():
        page.get_by_role("link", name="Nytt mått", exact=True).click()
    page.get_by_label("Kod").fill("1:9-a")
    page.locator("#id_name").fill("Andel till arbete")
    page.get_by_label("Målvärde").fill("25")
    page.get_by_label("Källa").select_option("ended_share")
    page.locator('input[name=end_reasons][value="1"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert goal.indicators.get().params == {"end_reasons": ["1"]}

    page.goto(reverse("planning:goal", kwargs={"association": slug, "pk": goal.pk}))
    body = page.locator("main").inner_text()
    assert "2 av 3" in body and "67" in body  # the value with what it is built on

    with page.expect_navigation():
        page.get_by_role("link", name="Bedöm målet").click()
    page.get_by_label("År").select_option(str(year))
    page.get_by_label("Bedömning").select_option("uppfyllt")
    page.get_by_label("Kommentar").fill("Två av tre gick till arbete.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert goal.assessments.get(year=year).status == "uppfyllt"

    page.goto(reverse("planning:goal-report", kwargs={"association": slug, "pk": plan.pk}) + f"?year={year}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word (DOCX)").click()
    path = tmp_path / "maluppfoljning.docx"
    download.value.save_as(path)
    cells = [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]
    assert "1:9 Fler deltagare går till arbete." in cells and "Uppfyllt" in cells
    assert "Kommentar 1:9: Två av tre gick till arbete." in cells
