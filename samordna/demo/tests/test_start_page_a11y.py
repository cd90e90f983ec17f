"""Accessibility of each demo login's start page right after `samordna demo` (the chart, the tables, the
follow-up links): axe-core (WCAG 2.1 A/AA) finds no serious or critical violation, and the chart is an image
with a name."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from samordna.demo import DEMO_PASSWORD
from samordna.testing.e2e import axe_violations, describe_violations, login

pytestmark = pytest.mark.e2e


def test_demo_start_pages_are_accessible(page: Any) -> None:
    call_command("demo", "--quiet", stdout=io.StringIO())
    problems: dict[str, str] = {}
    for username in ("admin", "insatsansvarig", "deltagaransvarig", "lasare"):
        page.context.clear_cookies()
        login(page, username, DEMO_PASSWORD)
        page.goto(reverse("core:dashboard", kwargs={"association": "vastmanland"}))
        if username == "admin":
            chart = page.get_by_role("img", name="Kostnader")
            assert chart.count() == 1
            page.get_by_text("Siffrorna i diagrammet").click()  # open the table, so axe checks it too
        if found := axe_violations(page):
            problems[username] = describe_violations(found)
    assert not problems, "\n".join(f"{name}:\n{text}" for name, text in problems.items())
