"""The verksamhetsplan document: its sections in the order of the seeds, in DOCX and PDF, and without data."""

from __future__ import annotations

from typing import Any

import docx
import pytest
from django.core.management import CommandError, call_command

from samordna.interventions import services as intervention_services
from samordna.planning import services
from samordna.planning.document import plan_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast: Any) -> Any:
    plan = services.plan_create(
        acting_user=None,
        association=cast.a.association,
        code="vp-2025",
        title="Verksamhetsplan 2025",
        from_year=2025,
        to_year=2025,
        about="Förbundet bildades 2008.\n\nMedlemmar är fyra.",
        vision="Alla ska kunna arbeta.",
    )
    area = services.area_create(acting_user=None, plan=plan, code="1", name="Individinriktade insatser")
    goal = services.goal_create(
        acting_user=None, plan=plan, area=area, code="1:1", text="Fler i arbete", interventions=[cast.a.intervention]
    )
    services.indicator_create(
        acting_user=None,
        goal=goal,
        code="1:1-a",
        name="Andel till arbete",
        target=25,
        measured_at="12m",
        source_kind="followup_share",
        params={"months": 12, "occupation": ["arbete"]},
    )
    intervention_services.volume_target_set(
        acting_user=None, intervention=cast.a.intervention, year=2025, unit="deltagare", value=40
    )
    return plan


def test_sections_in_the_order_of_the_seeds(cast: Any, plan: Any) -> None:
    report = plan_document(association=cast.a.association, plan=plan)
    titles = [part.title for part in report.sections]
    assert titles[:3] == ["Om förbundet", "Vision", "Målområden och mål"]
    assert titles[3:] == ["Insatser", "Budget och flerårsplan", "Medlemsbidrag 2025"]
    goals = report.sections[2].tables[0]
    assert goals.rows[0].cells["goal"] == "1:1 Fler i arbete"
    assert "Andel till arbete, mål 25\u00a0%" in goals.rows[1].cells["goal"]
    volumes = report.sections[3].tables[0]
    assert any(row.cells["volume"] == "40 deltagare" for row in volumes.rows)
    assert report.sections[4].tables[0].title == "Budget och flerårsplan 2025–2027"


def test_docx_and_pdf_from_the_command(cast: Any, plan: Any, tmp_path: Any) -> None:
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"vp.{fmt}"
        call_command(
            "report",
            "verksamhetsplan",
            "--association",
            cast.a.association.slug,
            "--plan",
            "vp-2025",
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert out.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "vp.docx")).paragraphs)
    assert "Om förbundet" in text and "Medlemmar är fyra." in text and "Målområden och mål" in text


def test_unknown_plan_is_refused(cast: Any, plan: Any) -> None:
    with pytest.raises(CommandError, match="ingen plan med koden"):
        call_command("report", "verksamhetsplan", "--association", cast.a.association.slug, "--plan", "vp-1999")
