"""End-to-end: a real browser logs in, reads the start page, creates and finds an insats, logs out.

Plus keyboard-only use: the skip link reaches the main content and focus is visible.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.interventions.models import Intervention, Status
from samordna.organisations.models import Member
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import login

pytestmark = pytest.mark.e2e


def focus_ring(page: Any) -> dict[str, Any]:
    """The focused element's tag, text and focus-indicator styles."""
    return page.evaluate("""() => {
        const el = document.activeElement; const s = getComputedStyle(el); const r = el.getBoundingClientRect();
        return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || '').trim().slice(0, 60),
                outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
                boxShadow: s.boxShadow, visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
                    && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
                focusVisible: el.matches(':focus-visible')};
    }""")


def test_admin_logs_in_creates_and_finds_an_insats_and_logs_out(page: Any, cast: Cast) -> None:
    association = cast.a.association
    admin = cast.user(Role.ADMIN)
    login(page, admin.username, PASSWORD)

    # The start page of the admin's only förbund, with key figures from the data.
    assert page.url.endswith(f"/f/{association.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == association.name
    figures = page.locator("section[aria-labelledby=key-figures] .figure").all_inner_texts()
    running = Intervention.objects.filter(association=association).exclude(status=Status.ENDED).count()
    members = Member.objects.filter(association=association).count()
    assert figures[0] == str(running)
    assert figures[3] == str(members)

    # Create an insats through the form.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Insatser").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ny insats").click()
    page.get_by_label("Kod").fill("7777")
    page.get_by_label("Namn").fill("Jobbspår E2E")
    page.get_by_label("Inriktning").select_option("individinriktad")
    page.get_by_label("Budgetkategori").select_option("individinsatser")
    page.get_by_label("Startdatum").fill("2026-01-15")
    page.get_by_label(cast.a.kommun.name).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    created = Intervention.objects.get(association=association, code="7777")
    assert page.url.endswith(created.get_absolute_url())
    assert "Jobbspår E2E" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("status").inner_text().strip() != ""
    assert list(created.run_by.all()) == [cast.a.kommun]

    # Find it in the list with the filter (HTMX swaps the table in place).
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Insatser").click()
    table = page.locator("#intervention-table")
    assert table.get_by_role("link", name=cast.a.other_intervention.name).count() == 1
    page.get_by_label("Sök").fill("E2E")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r"\?.*q=E2E"))
    table = page.locator("#intervention-table")
    table.get_by_role("link", name="Jobbspår E2E").wait_for()
    assert table.get_by_role("link", name=cast.a.other_intervention.name).count() == 0
    assert table.locator("tbody tr").count() == 1
    # A second filter on top: the query is replaced, never appended to.
    page.get_by_label("Status").select_option("pagaende")
    page.wait_for_url(re.compile(r"status=pagaende"))
    page.locator("#intervention-table").get_by_role("link", name="Jobbspår E2E").wait_for()
    assert page.url.count("q=") == 1, page.url
    # The result count lives in a status region outside the swapped table, so screen readers hear it.
    assert page.locator("#result-count").inner_text() == "1 insats"

    # Log out: back on the login page, and the förbund's pages need a login again.
    with page.expect_navigation(url=re.compile(r"/konto/logga-in/")):
        page.get_by_role("button", name="Logga ut").click()
    assert "/konto/logga-in/" in page.url
    page.goto(f"/f/{association.slug}/")
    assert "/konto/logga-in/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Logga in"


def test_keyboard_user_skips_to_main_content_with_visible_focus(page: Any, cast: Cast) -> None:
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(f"/f/{cast.a.association.slug}/insatser/")

    page.keyboard.press("Tab")
    first = focus_ring(page)
    assert first["tag"] == "a" and first["text"] == "Hoppa till innehållet", first
    assert first["visible"], "the skip link must come into view when it has focus"
    assert first["focusVisible"] and first["outlineStyle"] != "none" and first["outlineWidth"] >= 2, first

    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"

    # The next Tab lands inside the main content, not back in the header or menu.
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside, focus_ring(page)
    ring = focus_ring(page)
    assert ring["focusVisible"] and ring["outlineStyle"] != "none" and ring["outlineWidth"] >= 2, ring

    # Every control reached by Tab on the page shows a focus indicator.
    page.goto(f"/f/{cast.a.association.slug}/insatser/")
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "body":
            break
        seen.append(ring)
        assert ring["outlineStyle"] != "none" and ring["outlineWidth"] >= 2, ring
    assert len(seen) >= 10
