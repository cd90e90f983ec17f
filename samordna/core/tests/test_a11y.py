"""Accessibility smoke check: axe-core (WCAG 2.1 A/AA) on every main page, no serious or critical violation.

axe-core comes bundled with axe-playwright-python and is injected into the page: no network needed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core import services
from samordna.core.choices import Role
from samordna.planning.testing import sample_assessment, sample_goal, sample_manual_indicator, sample_plan
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import axe_violations, describe_violations, login

pytestmark = pytest.mark.e2e


def main_pages(cast: Cast) -> dict[str, str]:
    """The main pages of a förbund, by a Swedish name, for an admin of cast.a."""
    slug = cast.a.association.slug
    tenant = {"association": slug}
    plan, goal, indicator = sample_plan(cast.a), sample_goal(cast.a), sample_manual_indicator(cast.a)
    sample_assessment(cast.a)
    return {
        "startsida": reverse("core:dashboard", kwargs=tenant),
        "insatslista": reverse("interventions:list", kwargs=tenant),
        "insatslista filtrerad": reverse("interventions:list", kwargs=tenant) + "?q=zzz&status=avslutad",
        "insats": reverse("interventions:detail", kwargs={**tenant, "pk": cast.a.intervention.pk}),
        "ny insats": reverse("interventions:create", kwargs=tenant),
        "ändra insats": reverse("interventions:edit", kwargs={**tenant, "pk": cast.a.intervention.pk}),
        "bemanning": reverse("interventions:staffing", kwargs={**tenant, "pk": cast.a.intervention.pk}),
        "medlemmar": reverse("organisations:member-list", kwargs=tenant),
        "medlem": reverse("organisations:member-detail", kwargs={**tenant, "pk": cast.a.kommun.pk}),
        "ny medlem": reverse("organisations:member-create", kwargs=tenant),
        "styrelse": reverse("organisations:board-list", kwargs=tenant),
        "ny styrelseplats": reverse("organisations:board-create", kwargs=tenant),
        "granskningslogg": reverse("core:audit-list", kwargs=tenant),
        "användare": reverse("accounts:user-list", kwargs=tenant),
        "användare (detalj)": reverse("accounts:user-detail", kwargs={**tenant, "pk": cast.user(Role.REGISTRAR).pk}),
        "ny användare": reverse("accounts:user-create", kwargs=tenant),
        "konto och API-nyckel": reverse("api-token"),
        "avaktivera användare": reverse("accounts:user-deactivate", kwargs={**tenant, "pk": cast.user(Role.VIEWER).pk}),
        "ditt konto": reverse("account"),
        "byt lösenord": reverse("password_change"),
        "glömt lösenord": reverse("password_reset"),
        "glömt lösenord, skickat": reverse("password_reset_done"),
        "återställningslänk som inte fungerar": reverse(
            "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "ogiltig-lank"}
        ),
        "rapporter": reverse("reports:home", kwargs=tenant),
        "uppföljning finsam": reverse("reports:uppfoljning-finsam", kwargs=tenant) + "?year=2024",
        "deltagarstatistik": reverse("reports:participants", kwargs=tenant),
        "verksamhetsplaner": reverse("planning:list", kwargs=tenant),
        "verksamhetsplan": reverse("planning:plan", kwargs={**tenant, "pk": plan.pk}),
        "mål": reverse("planning:goal", kwargs={**tenant, "pk": goal.pk}),
        "nytt mått": reverse("planning:indicator-create", kwargs={**tenant, "pk": goal.pk}),
        "värden för mått": reverse("planning:indicator-values", kwargs={**tenant, "pk": indicator.pk}),
        "bedöm mål": reverse("planning:assess", kwargs={**tenant, "pk": goal.pk}),
        "ta bort plan": reverse("planning:plan-delete", kwargs={**tenant, "pk": plan.pk}),
        "målmatris": reverse("planning:matrix", kwargs={**tenant, "intervention": cast.a.intervention.pk}),
    }


def test_main_pages_have_no_serious_accessibility_violations(page: Any, cast: Cast) -> None:
    problems: dict[str, str] = {}

    # The check itself works (offline, bundled axe-core): a page with known faults is caught.
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    assert {v["id"] for v in axe_violations(page)} >= {"image-alt", "label"}

    page.goto(reverse("login"))
    assert page.get_by_role("heading", level=1).inner_text() == "Logga in"
    if found := axe_violations(page):
        problems["inloggning"] = describe_violations(found)

    # A failed login shows an error message; that state must be accessible too.
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("alert").wait_for()
    if found := axe_violations(page):
        problems["inloggning med fel"] = describe_violations(found)

    # The admin also reads förbund B, so the förbund chooser and the header's switcher are checked too.
    services.membership_add(
        acting_user=None, association=cast.b.association, user=cast.user(Role.ADMIN), role=Role.VIEWER
    )
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Välj förbund"
    if found := axe_violations(page):
        problems["välj förbund"] = describe_violations(found)
    with page.expect_navigation():
        page.get_by_role("link", name=cast.a.association.name).click()
    page.get_by_text("Byt förbund").click()  # open the switcher so its list is checked as well
    if found := axe_violations(page):
        problems["startsida med förbundsväljare"] = describe_violations(found)

    checked = 0
    for name, url in main_pages(cast).items():
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{name}: {url} answered {response}"
        checked += 1
        if found := axe_violations(page):
            problems[name] = describe_violations(found)

    # A form sent with errors: the messages must be tied to their fields and readable.
    page.goto(main_pages(cast)["ny insats"])
    page.get_by_role("button", name="Spara").click()
    page.locator(".has-error").first.wait_for()
    summary = page.get_by_role("alert")
    assert "Formuläret innehåller fel" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_code"
    if found := axe_violations(page):
        problems["ny insats med fel"] = describe_violations(found)

    # The error pages people actually meet.
    missing = page.goto(reverse("interventions:detail", kwargs={"association": "alfa", "pk": 999999}))
    assert missing is not None and missing.status == 404
    if found := axe_violations(page):
        problems["sidan finns inte"] = describe_violations(found)

    assert checked == len(main_pages(cast))
    report = "\n".join(f"{name}:\n{text}" for name, text in problems.items())
    assert not problems, f"axe-core hittade allvarliga tillgänglighetsfel:\n{report}"
