"""End-to-end: with the Content-Security-Policy on, Chromium reports no violation and HTMX still works.

Chromium logs every blocked inline script, inline style and event handler on the console ("Refused to ...
because it violates the following Content Security Policy directive"); the pages here must log none.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.reports.tests import seed002
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


def collect_csp_violations(page: Any) -> list[str]:
    """Console messages about the Content-Security-Policy, gathered from now on."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def test_registration_form_validates_live_under_the_csp(page: Any, cast: Cast) -> None:
    violations = collect_csp_violations(page)
    slug, pk = cast.a.association.slug, cast.a.intervention.pk
    login(page, cast.user(Role.REGISTRAR).username, PASSWORD)
    response = page.goto(reverse("participants:register-in", kwargs={"association": slug, "intervention": pk}))
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("() => typeof window.htmx") == "object"
    # Live validation is an HTMX post on change that swaps #form-body: a birth year in the future gets a message.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_label("Födelseår").fill("2999")
        page.get_by_label("Födelseår").dispatch_event("change")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert page.locator("#form-body .error").count() >= 1
    assert page.get_by_label("Födelseår").input_value() == "2999"
    # The import page: its progress indicator is hidden by our stylesheet, not by a style htmx injects.
    page.goto(reverse("participants:import", kwargs={"association": slug}))
    assert page.locator("#import-progress").evaluate("el => getComputedStyle(el).opacity") == "0"
    assert page.locator("head style").count() == 0
    assert violations == []


def test_report_page_with_charts_has_no_csp_violation(page: Any, cast: Cast) -> None:
    seed002.build(cast.a.association)
    violations = collect_csp_violations(page)
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    url = reverse("reports:participants", kwargs={"association": cast.a.association.slug})
    page.goto(f"{url}?year=2017")
    assert page.locator("figure.chart svg").count() >= 2
    assert page.locator("figure.chart svg [style], figure.chart svg style").count() == 0  # no inline style at all
    bar = page.locator("figure.chart svg rect[fill]").first
    # The colour is a presentation attribute, which the policy does not block: not the default black.
    assert bar.evaluate("el => getComputedStyle(el).fill") not in ("rgb(0, 0, 0)", "none")
    page.goto(reverse("organisations:member-list", kwargs={"association": cast.a.association.slug}))
    assert violations == []
