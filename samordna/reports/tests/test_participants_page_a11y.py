"""axe-core (WCAG 2.1 A/AA) on the participant statistics page with seed 002's data: tables, inline SVG
charts, the internal version with its export form, the confirmation step and a filter error."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.reports.tests import seed002
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import axe_violations, describe_violations, login

pytestmark = pytest.mark.e2e


def test_participant_statistics_page_is_accessible(page: Any, cast: Cast) -> None:
    seed002.build(cast.a.association)
    url = reverse("reports:participants", kwargs={"association": cast.a.association.slug})
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    states = {
        "publicerad": f"{url}?year=2017",
        "intern": f"{url}?year=2017&version=intern",
        "bekräfta intern export": f"{url}?year=2017&version=intern&format=pdf",
        "filter med fel": f"{url}?period=custom&from=2017-06-01&to=2017-01-01",
        "inriktning": f"{url}?year=2017&orientation=individinriktad&intervention=FNS&intervention=HS",
    }
    problems: dict[str, str] = {}
    for name, address in states.items():
        response = page.goto(address)
        assert response is not None and response.status in (200, 400), f"{name}: {response}"
        if found := axe_violations(page):
            problems[name] = describe_violations(found)
    # The charts are there, as images with a name.
    page.goto(states["publicerad"])
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() >= 2
    assert charts.first.get_attribute("aria-label")
    # The filter form works without JavaScript: choose a tertial and submit.
    page.get_by_label("Period").select_option("t2")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    assert "period=t2" in page.url
    assert "2017-05-01–2017-08-31" in page.get_by_role("heading", level=2).first.inner_text()
    report = "\n".join(f"{name}:\n{text}" for name, text in problems.items())
    assert not problems, f"axe-core hittade allvarliga tillgänglighetsfel:\n{report}"
