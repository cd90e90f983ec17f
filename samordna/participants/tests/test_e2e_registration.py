"""End-to-end: a registrar registers a participant in and out of an insats and records the 3-month follow-up.

The registrar logs in through the real login form and moves with links, labels and roles only (what a
keyboard or screen-reader user reaches), following the flow in samordna/participants/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.participants import rules
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


def settle(page: Any) -> None:
    """Wait until no HTMX request (the forms validate on every change) is under way."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def test_registrar_registers_in_and_out_and_records_the_3_month_follow_up(page: Any, cast: Cast) -> None:
    association, intervention = cast.a.association, cast.a.intervention
    today = dt.date.today()
    start = rules.add_months(today, -9)
    end = rules.add_months(today, -4)  # the 3-month follow-up is overdue, the 6-month one not yet due
    login(page, cast.user(Role.REGISTRAR).username, PASSWORD)

    # Inregistrering, reached from the registrar's own page.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Deltagare").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"{intervention.code} {intervention.name}"))
    with page.expect_navigation():
        row.get_by_role("link", name="Inregistrering").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inregistrering")
    page.get_by_label("Kön").select_option("kvinna")
    page.get_by_label("Födelseår").fill("1990")
    page.get_by_label("Hemkommun").select_option("1980")
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.keyboard.press("Tab")  # a text field's change (and the form's check) comes when the field is left
    settle(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()  # says why
    enrollment = Enrollment.objects.get(intervention=intervention)
    assert page.url.endswith(f"/f/{association.slug}/insatser/{intervention.pk}/deltagare/{enrollment.pk}/")
    code = enrollment.participant.code
    assert code in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("status").inner_text().strip() != ""

    # Utregistrering with an end reason and an end date four months ago.
    with page.expect_navigation():
        page.get_by_role("link", name="Utregistrering").click()
    page.get_by_label("Slutdatum").fill(end.isoformat())
    page.keyboard.press("Tab")
    reasons = page.get_by_role("group", name="Avslutsanledning")
    reasons.get_by_role("radio", name=re.compile(r"^1 ")).check()
    settle(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera ut").click()
    enrollment.refresh_from_db()
    assert enrollment.end_date == end and enrollment.end_reason.code == "1"
    assert page.url.endswith(f"/deltagare/{enrollment.pk}/")
    follow_ups = page.get_by_role("table", name="Uppföljningar").locator("tbody tr")
    assert [r.split("\t")[0] for r in follow_ups.all_inner_texts()] == ["3", "6", "12"]
    three = FollowUp.objects.get(enrollment=enrollment, months_after_end=3)

    # The due list shows the 3-month follow-up (only that one); one click records it.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Uppföljningar").click()
    assert page.url.endswith(f"/f/{association.slug}/uppfoljningar/")
    due = page.locator(f"#due-{three.pk}")
    assert due.is_visible()
    assert code in due.inner_text()
    assert page.locator("#due-table tbody tr[id^=due-]").count() == 1
    # Every row has the same buttons; each one's accessible name says which participant and follow-up it is for.
    one_click = page.get_by_role("button", name=f"Ej nådd: deltagare {code}, 3 månader", exact=True)
    assert one_click.count() == 1
    one_click.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # "Ej nådd" cannot be taken back as it is: the page asks first, in the page.
    assert page.get_by_role("alert").filter(has_text="ej nådd").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, fortsätt").click()
    assert page.url.endswith(f"/f/{association.slug}/uppfoljningar/")
    assert page.locator(f"#due-{three.pk}").count() == 0
    assert page.get_by_role("status").inner_text().strip() != ""
    three.refresh_from_db()
    assert three.status == FollowUpStatus.NOT_REACHED and three.done_on is not None
    assert FollowUp.objects.filter(enrollment=enrollment, status=FollowUpStatus.PENDING).count() == 2


def test_felregistrering_asks_in_the_page_before_removing(page: Any, cast: Cast) -> None:
    from samordna.participants.tests.helpers import enroll

    association, intervention = cast.a.association, cast.a.intervention
    enrollment = enroll(intervention, code_="FEL-1", start=dt.date.today() - dt.timedelta(days=30))
    login(page, cast.user(Role.REGISTRAR).username, PASSWORD)
    page.goto(f"/f/{association.slug}/insatser/{intervention.pk}/deltagare/{enrollment.pk}/utregistrering/")
    page.get_by_label("Slutdatum").fill(dt.date.today().isoformat())
    page.keyboard.press("Tab")
    page.get_by_role("group", name="Avslutsanledning").get_by_role("radio", name=re.compile(r"^8 ")).check()
    settle(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera ut").click()
    question = page.get_by_role("alert").filter(has_text="Det går inte att ångra")
    assert question.is_visible()
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()  # nothing removed before the answer
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, fortsätt").click()
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert "Felregistreringen är borttagen" in page.get_by_role("status").inner_text()
