"""Every file Samordna writes is safe with whatever is stored: no live formula, no control character, no 500.

The texts come from the shared nasty-input corpus and are stored straight in the database (as an API that
accepted them would have), then exported through the report pages with the test client and read back.
"""

from __future__ import annotations

import csv
import io
import warnings
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from samordna.interventions.models import Intervention
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.renderers import render
from samordna.reporting.renderers.safety import clean, neutralise
from samordna.reporting.tables import Column, Kind, Report, Table
from samordna.reports.tests import finsam_fixture as fx
from samordna.reports.tests import seed002
from samordna.testing.nasty import TEXT

pytestmark = pytest.mark.django_db

FORMULAS = {key: TEXT[key] for key in ("formula_eq", "formula_plus", "formula_minus", "formula_at")}
CONTROL = TEXT["control"]  # "klocka\x07 escape\x1b[31m"
CONTROL_CLEAN = "klocka escape[31m"


def url() -> str:
    return reverse("reports:uppfoljning-finsam", kwargs={"association": "alfa"})


def all_cells(content: bytes) -> list[Any]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_safety_functions() -> None:
    assert clean(CONTROL) == CONTROL_CLEAN
    assert clean(TEXT["nul"]) == "föreefter" and clean(TEXT["vertical_tab"]) == "radett"
    assert clean(TEXT["newlines"]) == TEXT["newlines"]  # line breaks stay
    assert clean("a\ud800b\ufffec") == "abc"
    assert neutralise(TEXT["formula_tab"]) == "'" + TEXT["formula_tab"]
    assert neutralise("\x07=1+1") == "'=1+1"  # stripped first, then neutralised
    assert neutralise(TEXT["emoji"]) == TEXT["emoji"]


@pytest.mark.parametrize("key", sorted(FORMULAS))
def test_xlsx_export_stores_a_formula_looking_insats_name_as_text(cast: Any, client_for: Any, key: str) -> None:
    fx.build(cast)
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(name=FORMULAS[key])
    response = client_for("admin").get(url(), {"year": fx.YEAR, "format": "xlsx"})
    assert response.status_code == 200
    cells = [c for c in all_cells(response.content) if FORMULAS[key] in str(c.value)]
    assert cells, "the insats name is in the file"
    for cell in cells:
        assert cell.data_type == "s", (key, cell.coordinate, cell.value)  # a string, not a formula ("f")
    starting = [c for c in cells if str(c.value).startswith(FORMULAS[key][0])]
    assert all(c.quotePrefix for c in starting)


def test_csv_export_neutralises_formulas(cast: Any, client_for: Any) -> None:
    fx.build(cast)
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(name=FORMULAS["formula_eq"])
    response = client_for("admin").get(url(), {"year": fx.YEAR, "format": "csv"})
    assert response.status_code == 200
    fields = [f for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";") for f in row]
    found = [f for f in fields if FORMULAS["formula_eq"] in f]
    assert found and all(not f.startswith(("=", "+", "-", "@")) for f in found)


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "pdf"])
def test_control_character_in_an_insats_name_exports_stripped(cast: Any, client_for: Any, fmt: str) -> None:
    fx.build(cast)
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(name=CONTROL)
    response = client_for("admin").get(url(), {"year": fx.YEAR, "format": fmt})
    assert response.status_code == 200, response.content[:500]
    if fmt == "xlsx":
        values = [str(c.value) for c in all_cells(response.content)]
        assert any(CONTROL_CLEAN in v for v in values)
        assert not any("\x07" in v or "\x1b" in v for v in values)
    elif fmt == "docx":
        text = docx_text(response.content)
        assert CONTROL_CLEAN in text and "\x07" not in text and "\x1b" not in text
    elif fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert CONTROL_CLEAN in text and "\x07" not in text and "\x1b" not in text
    else:
        assert response.content.startswith(b"%PDF")


def test_every_text_of_a_report_is_cleaned_in_xlsx_and_docx() -> None:
    """Titles, column labels, groups, notes and paragraphs too, not only the cells."""
    table = Table(
        "Tabell\x07",
        [Column("name", "Namn\x00", group="Grupp\x1b"), Column("n", "Antal\x0b", Kind.INTEGER, group="Grupp\x1b")],
        notes=["Not\x07"],
    )
    table.add(name="=1+1\x07", n=3)
    report = Report("test", "Rapport\x07", None, tables=[table], paragraphs=["Inledning\x0c"])
    values = [str(c.value) for c in all_cells(render(report, "xlsx"))]
    assert {"Tabell", "Namn", "Grupp", "Antal", "Not", "=1+1"} <= set(values)
    text = docx_text(render(report, "docx"))
    for word in ("Rapport", "Tabell", "Namn", "Grupp", "Antal", "Not", "Inledning", "=1+1"):
        assert word in text
    assert not any(ch in text for ch in "\x00\x07\x0b\x0c\x1b")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_participant_report_exports_with_a_control_character_in_an_insats_name(
    cast: Any, client_for: Any, fmt: str
) -> None:
    """The Word file has charts too: their labels are cleaned as well (matplotlib warns on a control glyph)."""
    seed = seed002.build(cast.a.association)
    Intervention.objects.filter(association=seed.association).update(name=CONTROL)
    release_publication(association=seed.association, period=FixedPeriod.whole_year(2017), acting_user=None)
    page = reverse("reports:participants", kwargs={"association": cast.a.association.slug})
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph", category=UserWarning)
        response = client_for("admin").get(page, {"year": "2017", "format": fmt}, follow=True)
    assert response.status_code == 200, response.content[:500]
    content = response.content
    values = [str(c.value) for c in all_cells(content)] if fmt == "xlsx" else [docx_text(content)]
    assert any(CONTROL_CLEAN in v for v in values)
    assert not any("\x07" in v or "\x1b" in v for v in values)
