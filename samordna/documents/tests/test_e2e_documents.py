"""End-to-end in Chromium: an admin writes a section, makes the årsredovisning and downloads DOCX and PDF."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.tests.test_e2e_csp import collect_csp_violations
from samordna.documents.tests.helpers import vastmanland
from samordna.testing.cast import PASSWORD, Cast
from samordna.testing.e2e import axe_violations, login

pytestmark = pytest.mark.e2e


def test_admin_writes_a_section_generates_the_annual_report_and_downloads_docx_and_pdf(page: Any, cast: Cast) -> None:
    association = vastmanland()
    admin = cast.user(Role.ADMIN)
    core_services.membership_add(acting_user=None, association=association, user=admin, role=Role.ADMIN)
    violations = collect_csp_violations(page)
    login(page, admin.username, PASSWORD)
    page.goto(f"/f/{association.slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Årsredovisning", exact=True).first.click()
    page.get_by_label("Dokument").select_option("arsredovisning")
    page.get_by_label("År").fill("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa utkast").click()
    assert page.locator("h1").inner_text() == "Årsredovisning 2024"
    with page.expect_navigation():
        page.get_by_role("link", name="Skriv text: Förvaltningsberättelse").click()
    page.get_by_label("Text").fill("Året präglades av **samverkan**.\n\n- sex samordningsteam\n- ett nytt MGT")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.locator("#forvaltningsberattelse strong").inner_text() == "samverkan"
    assert page.locator("#forvaltningsberattelse li").count() == 2
    assert "Styrelsens sammansättning 2024-12-31" in page.locator("#styrelsen").inner_text()
    assert axe_violations(page) == []
    back = page.url
    page.get_by_role("button", name="Ladda ner DOCX").click()  # the file is made as a background job
    page.get_by_role("heading", name="(DOCX)").wait_for()
    assert "Klar" in page.locator("[data-job-status]").inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as word:
        page.get_by_role("link", name="Ladda ner Årsredovisning").click()
    document = docx.Document(io.BytesIO(open(word.value.path(), "rb").read()))  # noqa: SIM115
    texts = [p.text for p in document.paragraphs]
    assert "Året präglades av samverkan." in texts
    assert any(p.style.name == "Heading 1" and p.text == "Förvaltningsberättelse" for p in document.paragraphs)
    page.goto(back)
    page.get_by_role("button", name="Ladda ner PDF").click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Ladda ner Årsredovisning").click()
    with open(pdf.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert violations == []
