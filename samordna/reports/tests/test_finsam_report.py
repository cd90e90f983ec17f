"""Uppföljning Finsam: figures (participants + budget/utfall) against a fixture, suppression, XLSX/CSV/JSON, CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from samordna.finance.ledger_services import ledger_import
from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.registry import kinds
from samordna.reporting.renderers import render
from samordna.reports.finsam.figures import build_finsam_figures
from samordna.reports.finsam.report import uppfoljning_finsam_report
from samordna.reports.tests import finsam_fixture as fx

YEAR = fx.YEAR


def expected_participants(code: str) -> dict[str, int]:
    """Registered plus anonymous per gender, from the fixture's inputs."""
    women, men, other = fx.ANONYMOUS.get(code, (0, 0, 0))
    women += fx.REGISTERED.get((code, "kvinna"), 0)
    men += fx.REGISTERED.get((code, "man"), 0)
    other += fx.REGISTERED.get((code, "annat"), 0)
    return {"all": women + men + other, "women": women, "men": men, "other": other}


def cost(*codes: str, version: str = "budget") -> int:
    """The costs of lines as the form shows them (positive), from the fixture."""
    return -sum(fx.amount(c, version) for c in codes)


@pytest.fixture
def data(cast: Any) -> Any:
    fx.build(cast)
    return cast


def test_internal_figures(data: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        figures = build_finsam_figures(association=data.a.association, year=YEAR)
    assert len(queries.captured_queries) <= 15  # a fixed number, not one per insats or line
    assert figures["budget_version"] == "budget" and figures["outcome_source"] == "actual"
    individual = {r["code"]: r for r in figures["individual"]}
    assert list(individual) == ["0999", "1063", "1064"]  # 0999 ended in 2019 but has outcome in the year
    for code in ("1063", "1064"):
        assert individual[code]["participants"] == expected_participants(code)
    anonymous = fx.ANONYMOUS["1063"]
    assert individual["1063"]["anonymous"] == {
        "all": sum(anonymous),
        "women": anonymous[0],
        "men": anonymous[1],
        "other": anonymous[2],
    }
    assert individual["1063"]["budget"] == cost("1063")
    assert individual["1063"]["outcome"] == cost("1063", version="actual")
    assert individual["1064"]["budget"] == cost("1064", "1064I")  # the insats's income line lowers its net cost
    assert individual["1064"]["outcome"] == cost("1064", "1064I", version="actual")
    assert individual["0999"]["participants"]["all"] == 0
    assert individual["1063"]["planned_participants"] == fx.PLANNED["1063"]
    assert individual["1064"]["planned_participants"] is None
    assert figures["individual_total"]["planned_participants"] == fx.PLANNED["1063"]
    assert individual["0999"]["outcome"] == cost("0999", version="actual") and individual["0999"]["budget"] == 0
    total = figures["individual_total"]
    assert total["participants"]["all"] == sum(expected_participants(c)["all"] for c in ("1063", "1064"))
    assert total["budget"] == cost("1063", "1064", "1064I")
    structural = {r["code"]: r for r in figures["structural"]}
    assert list(structural) == ["2001", "2002"]
    assert structural["2001"]["participants"] == sum(fx.ANONYMOUS["2001"])
    assert structural["2002"] == {
        "code": "2002",
        "name": "Nätverk",
        "participants": sum(fx.ANONYMOUS["2002"]),
        "budget": cost("2002"),
        "outcome": 0,
        "planned_participants": None,
    }
    assert figures["structural_total"]["participants"] == sum(fx.ANONYMOUS["2001"]) + sum(fx.ANONYMOUS["2002"])
    admin = figures["administration"]
    assert admin["board"] == {"budget": cost("9000"), "outcome": cost("9000", version="actual")}
    assert admin["total"]["budget"] == cost("9000", "9100")
    assert admin["total"]["outcome"] == cost("9000", "9100", version="actual")
    assert figures["other_costs"]["metoder"]["budget"] == cost("5000")
    assert figures["other_costs"]["ofordelat"] == {"budget": cost("9900"), "outcome": 0}
    every_cost = [c for c, *_rest in fx.LINES if c != "8000"]
    assert figures["costs_total"] == {"budget": cost(*every_cost), "outcome": cost(*every_cost, version="actual")}
    funds = figures["funds"]
    assert funds["member_contributions"]["budget"] == fx.amount("8000", "budget")
    result = fx.amount("8000", "budget") - cost(*every_cost)
    assert funds["result"]["budget"] == result == sum(a.get("budget", 0) for *_x, a in fx.LINES)
    assert funds["equity_opening"] == fx.EQUITY
    assert funds["equity_end"]["budget"] == fx.EQUITY + result
    assert figures["suppression"]["hidden_cells"] == 0


def test_published_figures_are_the_publications(data: Any) -> None:
    """The published counts are the year's publication's: suppressed there jointly with the participant
    statistics; each shown count is the internal one, every small one is hidden, money is never hidden."""
    association = data.a.association
    internal = build_finsam_figures(association=association, year=YEAR)
    published = build_finsam_figures(association=association, year=YEAR, publish=True)
    publication = Publication.objects.get(association=association, period=str(YEAR))
    released = publication.content["finsam"]
    assert published["publication"]["id"] == publication.pk
    k = association.suppression_threshold
    rows = internal["individual"]
    assert [r["code"] for r in published["individual"]] == [r["code"] for r in rows]
    by_code = {r["code"]: r["participants"] for r in released["individual"]}
    hidden = 0
    for i, row in enumerate(published["individual"]):
        assert row["participants"] == by_code.get(row["code"], dict.fromkeys(row["participants"]))
        for column, value in row["participants"].items():
            truth = rows[i]["participants"][column]
            assert value in (None, truth)
            assert value is not None or truth != 0 or row["code"] not in by_code  # zeros are shown
            assert not (value is not None and 1 <= value < k)
            hidden += value is None
        assert "registered" not in row and "anonymous" not in row
        assert (row["budget"], row["outcome"]) == (rows[i]["budget"], rows[i]["outcome"])  # money is not hidden
        assert row["planned_participants"] == rows[i]["planned_participants"]  # a plan, not people
    assert hidden > 0  # the fixture has small counts
    structural = {r["code"]: r["participants"] for r in released["structural"]}
    assert [r["participants"] for r in published["structural"]] == [
        structural.get(r["code"]) for r in internal["structural"]
    ]
    for row, truth in zip(published["structural"], internal["structural"], strict=True):
        assert row["participants"] in (None, truth["participants"])
        assert not (row["participants"] is not None and 1 <= row["participants"] < k)
    assert published["structural_total"]["participants"] == released["structural_total"]
    assert published["structural"][0]["planned_participants"] == fx.PLANNED["2001"] < k  # shown although small
    counts = [v for r in published["individual"] for v in r["participants"].values()]
    counts += list(published["individual_total"]["participants"].values())
    counts += [r["participants"] for r in published["structural"]] + [published["structural_total"]["participants"]]
    assert published["suppression"]["hidden_cells"] == sum(1 for c in counts if c is None)
    assert not [c for c in counts if c is not None and 1 <= c < k]


def test_the_published_version_needs_a_publication_of_the_year(data: Any) -> None:
    with pytest.raises(ValidationError, match="ingen publicering för 2010"):
        build_finsam_figures(association=data.a.association, year=2010, publish=True)
    # The command line releases the year first, as `report participants --publish` does.
    call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "2010", "--publish")
    assert Publication.objects.filter(association=data.a.association, period="2010").exists()


def test_ledger_outcome_and_unmapped(data: Any) -> None:
    association = data.a.association
    ledger = (
        "date,account,cost_centre,amount,text\n"
        f"{YEAR}-03-31,5410,1063,400000,x\n{YEAR}-06-30,5410,1063,25000,x\n{YEAR}-04-30,6110,7777,1500,x\n"
        f"{YEAR}-05-31,3010,8000,-1400000,x\n"
    )
    ledger_import(acting_user=None, association=association, data=ledger.encode(), filename="huvudbok.csv")
    figures = build_finsam_figures(association=association, year=YEAR)
    assert figures["outcome_source"] == "ledger"
    individual = {r["code"]: r for r in figures["individual"]}
    assert individual["1063"]["outcome"] == 400000 + 25000
    assert individual["1064"]["outcome"] == 0  # the ledger replaces the `actual` amounts
    assert figures["other_costs"]["unmapped"]["outcome"] == 1500
    assert figures["funds"]["member_contributions"]["outcome"] == 1400000
    assert figures["costs_total"]["outcome"] == 400000 + 25000 + 1500


def test_other_forbund_and_empty_year(data: Any) -> None:
    figures = build_finsam_figures(association=data.b.association, year=YEAR)
    assert [r["code"] for r in figures["individual"]] == ["1063", "1064"]
    assert figures["individual"][0]["budget"] == 123456
    assert figures["individual_total"]["participants"]["all"] == 1
    empty = build_finsam_figures(association=data.a.association, year=2010)
    assert empty["individual"] == [] and empty["structural"] == [] and empty["budget_version"] is None
    assert empty["costs_total"] == {"budget": 0, "outcome": 0} and empty["funds"]["equity_end"] is None
    release_publication(association=data.a.association, period=FixedPeriod.whole_year(2010), acting_user=None)
    report = uppfoljning_finsam_report(association=data.a.association, options={"year": 2010, "publish": True})
    assert report.hidden_cells == 0 and render(report, "csv")


def _sheet_rows(workbook: Any, title: str) -> dict[str, list[Any]]:
    sheet = workbook[title]
    return {row[0]: list(row[1:]) for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_xlsx_and_csv_hold_the_figures_in_form_order(data: Any) -> None:
    association = data.a.association
    report = uppfoljning_finsam_report(association=association, options={"year": str(YEAR)})
    assert [t.key for t in report.tables] == ["individual", "structural", "administration", "costs", "funds"]
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == [
        "Individinriktade insatser",
        "Strukturinriktade insatser",
        "Administrativa kostnader",
        "Kostnader totalt",
        "Medel och eget kapital",
    ]
    individual = _sheet_rows(workbook, "Individinriktade insatser")
    p = expected_participants("1063")
    anonymous = sum(fx.ANONYMOUS["1063"])
    assert individual["1063 Samordningsteam"] == [
        p["women"],
        p["men"],
        p["other"],
        p["all"],
        p["all"] - anonymous,
        anonymous,
        cost("1063"),
        cost("1063", version="actual"),
        fx.PLANNED["1063"],
    ]
    admin = _sheet_rows(workbook, "Administrativa kostnader")
    assert admin["Summa administrativa kostnader"] == [cost("9000", "9100"), cost("9000", "9100", version="actual")]

    text = render(report, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    titles = [r[0] for r in rows if len(r) == 1 and r[0] in {t.title for t in report.tables}]
    assert titles == [t.title for t in report.tables]
    by_name = {r[0]: r[1:] for r in rows if r}
    assert by_name["2001 Utbildningsdagar"] == [
        str(sum(fx.ANONYMOUS["2001"])),
        str(cost("2001")),
        str(cost("2001", version="actual")),
        str(fx.PLANNED["2001"]),
    ]
    assert by_name["Eget kapital vid årets början"] == [str(fx.EQUITY), str(fx.EQUITY)]


def test_published_exports_carry_no_small_count(data: Any) -> None:
    association = data.a.association
    k = association.suppression_threshold
    report = uppfoljning_finsam_report(association=association, options={"year": YEAR, "publish": True})
    assert report.published and report.hidden_cells > 0
    body = json.loads(render(report, "json"))
    assert body["suppression"] == {"threshold": k, "hidden_cells": report.hidden_cells}
    counts = [v for r in body["individual"] for v in r["participants"].values()]
    assert None in counts and not [c for c in counts if c is not None and 1 <= c < k]
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    for title in ("Individinriktade insatser", "Strukturinriktade insatser"):
        for row in workbook[title].iter_rows(min_row=4, values_only=True):
            counts = [v for v in row[1:-3] if isinstance(v, int)]
            assert not [c for c in counts if 1 <= c < k], (title, row)
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    individual = next(r for r in rows if r and r[0] == "1063 Samordningsteam")
    assert "" in individual[1:5] and not [c for c in individual[1:5] if c and 1 <= int(c) < k]
    assert len(individual) == 8  # no registered / anonymous columns in the published version


def test_command_writes_xlsx(data: Any, tmp_path: Path) -> None:
    assert "uppfoljning-finsam" in kinds()
    target = tmp_path / "f.xlsx"
    call_command(
        "report",
        "uppfoljning-finsam",
        "--association",
        "alfa",
        "--year",
        str(YEAR),
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = load_workbook(target)["Individinriktade insatser"]
    assert [c.value for c in sheet[3]][:5] == ["Insats", "Kvinnor", "Män", "Annat", "Totalt"]
    published = tmp_path / "f.json"
    call_command(
        "report",
        "uppfoljning-finsam",
        "--association",
        "alfa",
        "--year",
        str(YEAR),
        "--publish",
        "--format",
        "json",
        "-o",
        str(published),
    )
    assert json.loads(published.read_text())["suppression"]["hidden_cells"] > 0
    with pytest.raises(CommandError, match="ÅÅÅÅ"):
        call_command("report", "uppfoljning-finsam", "--association", "alfa", "--year", "20x4")
