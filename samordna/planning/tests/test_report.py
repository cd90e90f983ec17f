"""The `goals` report: the contract's JSON, statuses for a period, every format, and the published version."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from samordna.participants.tests.helpers import code, enroll
from samordna.planning import services
from samordna.planning.report import goals_report
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def plan(cast: Any) -> Any:
    """A plan with two goal areas, three goals and indicators of several kinds over insats A's data."""
    a = cast.a.intervention
    for n in range(12):  # 12 ended in A in 2024, one a month: every other one to work (end reason 1)
        enroll(
            a,
            start=dt.date(2023, 5, 1),
            end_date=dt.date(2024, 1 + n, 10),
            end_reason=code("end_reason", "1" if n % 2 == 0 else "4"),
            occupation_after=code("occupation", "arbete" if n % 2 == 0 else "ingen"),
        )
    plan = services.plan_create(
        acting_user=None, association=cast.a.association, code="vp-2024", title="VP 2024", from_year=2024, to_year=2024
    )
    first = services.area_create(acting_user=None, plan=plan, code="1", name="Individinriktade insatser", position=1)
    second = services.area_create(acting_user=None, plan=plan, code="2", name="Samverkan", position=2)
    work = services.goal_create(acting_user=None, plan=plan, area=first, code="1:1", text="Arbete", interventions=[a])
    services.indicator_create(
        acting_user=None,
        goal=work,
        code="1:1-a",
        name="Andel till arbete",
        target=25,
        unit="percent",
        source_kind="ended_share",
        params={"end_reasons": ["1"]},
    )
    services.indicator_create(
        acting_user=None,
        goal=work,
        code="1:1-b",
        name="Arbete efter 12 månader",
        target=25,
        unit="percent",
        measured_at="12m",
        source_kind="followup_share",
        params={"months": 12, "occupation": ["arbete"]},
    )
    services.goal_create(acting_user=None, plan=plan, area=first, code="1:2", text="Volym", interventions=[a])
    talk = services.goal_create(acting_user=None, plan=plan, area=second, code="2:1", text="Samråd")
    services.indicator_create(acting_user=None, goal=talk, code="2:1-a", name="Nöjda", target=100, source_kind="manual")
    services.indicator_value_set(acting_user=None, indicator=talk.indicators.get(), year=YEAR, value=90)
    services.assessment_set(acting_user=None, goal=work, year=YEAR, status="delvis", until=dt.date(YEAR, 7, 31))
    services.assessment_set(acting_user=None, goal=work, year=YEAR, status="uppfyllt", comment="Bra år.")
    services.assessment_set(acting_user=None, goal=talk, year=YEAR, status="inte", comment="Färre svar.")
    return plan


def test_contract_json_and_statuses(cast: Any, plan: Any) -> None:
    data = goals_report(association=cast.a.association, year=YEAR).as_json()
    assert data["plan"]["code"] == "vp-2024" and data["year"] == YEAR and data["until"] == "2024-12-31"
    assert [area["code"] for area in data["goal_areas"]] == ["1", "2"]
    work = data["goal_areas"][0]["goals"][0]
    assert (work["code"], work["status"], work["comment"]) == ("1:1", "uppfyllt", "Bra år.")
    share = work["indicators"][0]
    assert (share["numerator"], share["denominator"], share["met"]) == (6, 12, True)
    assert share["value"] == pytest.approx(0.5)
    assert work["indicators"][1]["value"] is None and work["indicators"][1]["no_data"] == "ingen data"
    manual = data["goal_areas"][1]["goals"][0]["indicators"][0]
    assert manual["value"] == pytest.approx(0.9) and manual["met"] is False
    assert data["status_counts"] == {"uppfyllt": 1, "delvis": 0, "inte": 1, "ej_bedomt": 1}


def test_delar_takes_the_assessment_up_to_its_date(cast: Any, plan: Any) -> None:
    data = goals_report(association=cast.a.association, year=YEAR, until=dt.date(YEAR, 7, 31)).as_json()
    work = data["goal_areas"][0]["goals"][0]
    assert work["status"] == "delvis"
    assert (work["indicators"][0]["numerator"], work["indicators"][0]["denominator"]) == (4, 7)


def test_no_plan_for_the_year_is_a_clear_refusal(cast: Any, plan: Any) -> None:
    with pytest.raises(ValidationError, match="ingen verksamhetsplan för 2031"):
        goals_report(association=cast.a.association, year=2031)


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "docx", "pdf"])
def test_every_format_from_the_command(cast: Any, plan: Any, fmt: str, tmp_path: Any) -> None:
    out = tmp_path / f"goals.{fmt}"
    call_command(
        "report",
        "goals",
        "--association",
        cast.a.association.slug,
        "--year",
        str(YEAR),
        "--format",
        fmt,
        "-o",
        str(out),
    )
    body = out.read_bytes()
    assert len(body) > 100
    if fmt == "json":
        assert json.loads(body)["status_counts"]["uppfyllt"] == 1
    if fmt == "csv":
        assert "Andel till arbete" in body.decode("utf-8-sig")
    if fmt == "docx":
        document = docx.Document(str(out))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert "1:1 Arbete" in cells and "Uppfyllt" in cells and "Kommentar 1:1: Bra år." in cells


@pytest.mark.parametrize("year", ["20x4", "1999", ""])
def test_bad_year_is_refused_in_swedish(cast: Any, plan: Any, year: str) -> None:
    with pytest.raises(CommandError, match="Ange ett år"):
        call_command("report", "goals", "--association", cast.a.association.slug, "--year", year)


def test_published_values_come_from_the_publication(cast: Any, plan: Any) -> None:
    association = cast.a.association
    with pytest.raises(ValidationError, match="fasta perioder"):
        goals_report(association=association, year=YEAR, until=dt.date(YEAR, 8, 15), publish=True)
    before = goals_report(association=association, year=YEAR, publish=True).as_json()
    share = before["goal_areas"][0]["goals"][0]["indicators"][0]
    assert share["value"] is None and "ingen publicering" in share["no_data"]
    release_publication(association=association, period=FixedPeriod.whole_year(YEAR), acting_user=None)
    # A registration after the release changes the internal report, not the published one.
    enroll(
        cast.a.intervention,
        start=dt.date(2023, 5, 1),
        end_date=dt.date(YEAR, 11, 10),
        end_reason=code("end_reason", "4"),
    )
    internal = goals_report(association=association, year=YEAR).as_json()["goal_areas"][0]["goals"][0]
    assert internal["indicators"][0]["denominator"] == 13
    published = goals_report(association=association, year=YEAR, publish=True).as_json()
    work = published["goal_areas"][0]["goals"][0]
    assert (work["indicators"][0]["numerator"], work["indicators"][0]["denominator"]) == (6, 12)
    follow = work["indicators"][1]
    assert follow["value"] is None and (follow["numerator"], follow["denominator"]) == (None, None)
    assert published["goal_areas"][1]["goals"][0]["indicators"][0]["value"] == pytest.approx(0.9)


def test_published_share_on_a_small_count_is_null(cast: Any, plan: Any) -> None:
    association = cast.a.association
    association.suppression_threshold = 7
    association.save()
    release_publication(association=association, period=FixedPeriod.whole_year(YEAR), acting_user=None)
    published = goals_report(association=association, year=YEAR, publish=True).as_json()
    share = published["goal_areas"][0]["goals"][0]["indicators"][0]
    # 6 of 12: the publication hides the end-reason rows of 6 (below the threshold 7).
    assert (share["value"], share["numerator"], share["denominator"], share["hidden"]) == (None, None, None, True)
