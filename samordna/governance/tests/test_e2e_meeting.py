"""End-to-end in Chromium: an admin plans a meeting, adds two §§ with handlingar, records the decisions, holds
the meeting, justerar and downloads the protocol PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.governance.models import ItemDocument, Meeting, MeetingStatus
from samordna.governance.testing import PDF
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


def test_admin_plans_holds_justerar_and_downloads_the_protocol(page: Any, cast: Cast, tmp_path: Path) -> None:
    association = cast.a.association
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(page.live_url(f"/f/{association.slug}/moten/"))
    with page.expect_navigation():
        page.get_by_role("link", name="Planera möte").click()
    page.get_by_label("Datum").fill("2025-05-05")
    page.get_by_label("Plats").fill("Kansliet, Västerås")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    meeting = Meeting.objects.get(association=association, date="2025-05-05")

    handling = tmp_path / "underlag.pdf"
    handling.write_bytes(PDF)
    for title in ("Budget 2026", "Ansökan Rehabkoordinatorer"):
        page.goto(page.live_url(meeting.get_absolute_url()))
        page.get_by_label("Rubrik").fill(title)
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till paragraf").click()
        item = meeting.items.get(title=title)
        section = page.locator(f"#p{item.pk}")
        section.locator("input[type=file]").set_input_files(str(handling))
        with page.expect_navigation():
            section.get_by_role("button", name="Ladda upp handling").click()
    assert ItemDocument.objects.filter(item__meeting=meeting).count() == 2

    for item, decision in zip(meeting.items.order_by("position"), ("Att anta budgeten", "Att bevilja ansökan"),
                              strict=True):  # fmt: skip
        with page.expect_navigation():
            page.get_by_role("link", name=f"Ändra {item.label}").click()
        page.get_by_label("Beslut", exact=True).fill(decision)
        with page.expect_navigation():
            page.get_by_role("button", name="Spara").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Ändra", exact=True).click()
    page.get_by_label("Status").select_option(MeetingStatus.HELD)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    page.get_by_role("textbox", name="Justerare").fill("Lena Eldståhl")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara justerare").click()
    page.get_by_label("Datum").fill("2025-05-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera justering").click()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.JUSTIFIED and str(meeting.justified_on) == "2025-05-12"
    assert "Protokollet är justerat och kan inte ändras." in page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Protokoll (PDF)").click()
    path = download.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 1000
