"""End-to-end in Chromium: an admin releases a publication; a board member (viewer) reads it and downloads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.publications.models import Publication
from samordna.publications.tests.test_release import populate, release
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import axe_violations, describe_violations, login

pytestmark = pytest.mark.e2e


def test_an_admin_releases_and_a_viewer_reads_the_publication(page: Any, cast: Cast) -> None:
    populate(cast)
    slug = cast.a.association.slug
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    login(page, cast.user(Role.ADMIN).username, PASSWORD)
    page.goto(reverse("publications:list", kwargs={"association": slug}))
    page.get_by_role("link", name="Ny publicering").click()
    page.locator("#id_year").fill("2024")
    page.locator("#id_kind").select_option("t3")
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_url("**/publiceringar/*/")
    assert "Tertial 3 2024" in page.get_by_role("heading", level=1).inner_text()
    assert "första publicering" in page.content() or "Granskad" in page.content()
    assert Publication.objects.get().released_by == cast.user(Role.ADMIN)
    assert console == []
    page.context.clear_cookies()

    login(page, cast.user(Role.VIEWER).username, PASSWORD)
    page.goto(reverse("publications:list", kwargs={"association": slug}))
    page.get_by_role("link", name="Tertial 3 2024", exact=False).click()
    page.wait_for_url("**/publiceringar/*/")
    assert page.locator("table").count() > 1
    if found := axe_violations(page):
        pytest.fail(describe_violations(found))
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_a_printed_publication_shows_its_tables_and_no_navigation(page: Any, cast: Cast) -> None:
    """Printing (Chromium's print media): menus, file links and forms go; a table keeps its header row on each
    page and its rows whole."""
    populate(cast)
    publication = release(cast, "2024")
    login(page, cast.user(Role.VIEWER).username, PASSWORD)
    page.goto(reverse("publications:detail", kwargs={"association": cast.a.association.slug, "pk": publication.pk}))
    assert page.locator(".main-nav").is_visible() and page.locator(".exports").is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".main-nav", ".site-footer", ".exports"):
        assert not page.locator(hidden).first.is_visible(), hidden
    table = page.locator("table").first
    assert table.is_visible()
    assert table.locator("thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert table.locator("tbody tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert len(page.pdf()) > 1000  # Chromium prints it
