"""End-to-end: a decimal comma and an ISO date survive a Swedish and an English browser (issue "The everyday
experience" item 6): 0,5 FTE is saved as 0.5 and shown again as 0,5; a date typed 2026-01-15 is that date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.interventions.models import Staffing
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["sv-SE", "en-US"])
def test_decimal_comma_and_iso_date_in_either_browser_language(
    browser: Any, live_server: Any, django_db_serialized_rollback: None, cast: Cast, locale: str
) -> None:
    context = browser.new_context(locale=locale, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        association, insats = cast.a.association, cast.a.intervention
        login(page, cast.user(Role.ADMIN).username, PASSWORD)
        page.goto(reverse("interventions:staffing", kwargs={"association": association.slug, "pk": insats.pk}))
        page.get_by_label("Medlem (rad 1)").select_option(str(cast.a.kommun.pk))
        page.get_by_label("Funktion (rad 1)").fill("Arbetskonsulent")
        page.get_by_label("Årsarbetare (rad 1)").fill("0,5")
        with page.expect_navigation():
            page.get_by_role("button", name="Spara").click()
        assert Staffing.objects.get(intervention=insats).fte == Decimal("0.5")
        page.goto(reverse("interventions:staffing", kwargs={"association": association.slug, "pk": insats.pk}))
        assert page.get_by_label("Årsarbetare (rad 1)").input_value() in ("0,5", "0,50")

        page.goto(reverse("interventions:edit", kwargs={"association": association.slug, "pk": insats.pk}))
        start = page.get_by_label("Startdatum")
        assert start.get_attribute("placeholder") == "ÅÅÅÅ-MM-DD"
        start.fill("2026-01-15")
        with page.expect_navigation():
            page.get_by_role("button", name="Spara").click()
        insats.refresh_from_db()
        assert insats.start == dt.date(2026, 1, 15)
    finally:
        context.close()


def test_the_kommun_list_finds_orebro_by_typing_ore(page: Any, cast: Cast) -> None:
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(reverse("organisations:member-create", kwargs={"association": cast.a.association.slug}))
    page.get_by_label("Sök kommun").fill("öre")
    field = page.locator("select[name=municipality]")
    assert field.evaluate("el => el.options[el.selectedIndex].text") == "Örebro (1880)"
    page.get_by_label("Sök kommun").fill("1980")  # the kommunkod finds it too
    assert field.evaluate("el => el.options[el.selectedIndex].text") == "Västerås (1980)"
