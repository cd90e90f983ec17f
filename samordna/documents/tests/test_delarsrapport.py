"""The delårsrapport of seed 000 assembled from the demo data, and its files against its JSON."""

from __future__ import annotations

import io
import json
import re

import docx
import pypdf
import pytest
from django.core.management import call_command

from samordna.documents import assemble
from samordna.documents.models import DocumentKind
from samordna.documents.tests.helpers import UNTIL, section, vastmanland
from samordna.reporting.tables import Column, Kind, format_value

pytestmark = pytest.mark.django_db

# Seed 000, "SUMMA" of the economic outcome per 31 August 2024 (the printed document's own figures).
SEED_000_SUMMA = {"budget": -1_945_000, "actual": 2_355_335, "forecast": -1_703_329, "deviation": 241_671}


def _report(*args: str) -> bytes:
    out = io.BytesIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8")
    call_command("report", *args, stdout=wrapper)
    wrapper.flush()
    return out.getvalue()


def _interim() -> dict:  # type: ignore[type-arg]
    association = vastmanland()
    return assemble.content(association=association, kind=DocumentKind.INTERIM, year=2024, until=UNTIL)


def test_seed_000_summa_row_from_the_demo_data() -> None:
    data = _interim()
    economy = section(data, "ekonomi")
    table = economy["tables"][0]
    total = next(row for row in table["rows"] if row["style"] == "total")
    figures = {k: total["cells"][k] for k in ("budget", "actual", "forecast", "deviation")}
    assert figures == SEED_000_SUMMA
    # The total is the sum of the lines (computed here from the rows, not taken from the report).
    lines = [row for row in table["rows"] if row["style"] == "data" and row["cells"].get("code")]
    for key in ("budget", "actual", "forecast"):
        assert sum(row["cells"][key] or 0 for row in lines) == figures[key]
    assert figures["deviation"] == figures["forecast"] - figures["budget"]
    # Seed 000's comments come with the table, and the sections are in the seed's order.
    assert any("Arbetsförmedlingen" in p for p in economy["paragraphs"])
    keys = [part["key"] for part in data["sections"]]
    assert keys.index("om_forbundet") < keys.index("styrelsen") < keys.index("huvudmannen") < keys.index("ekonomi")


def test_the_finance_demo_gives_seed_000s_outcome_and_forecast() -> None:
    association = vastmanland(finance_demo_data=True)
    data = assemble.content(association=association, kind=DocumentKind.INTERIM, year=2024, until=UNTIL)
    table = section(data, "ekonomi")["tables"][0]
    total = next(row for row in table["rows"] if row["style"] == "total")["cells"]
    assert (total["actual"], total["forecast"]) == (SEED_000_SUMMA["actual"], SEED_000_SUMMA["forecast"])
    lines = [row for row in table["rows"] if row["style"] == "data" and row["cells"].get("code")]
    assert sum(row["cells"]["budget"] for row in lines) == total["budget"]  # the demo's budget is seed 004's


def test_a_section_without_data_says_so() -> None:
    data = _interim()
    for key in ("verksamheten", "deltagare", "aktiviteter", "beslut"):
        part = section(data, key)
        assert part["tables"] == [] and part["empty"], key
    assert section(data, "om_forbundet")["empty"] == assemble.NO_TEXT
    board = section(data, "styrelsen")["tables"][0]
    assert board["rows"][0]["cells"]["member"].endswith("ordförande")


def test_the_command_lists_sections_and_figures() -> None:
    association = vastmanland()
    body = json.loads(
        _report("delarsrapport", "--association", association.slug, "--year", "2024", "--until", "2024-08-31")
    )
    assert body["kind"] == "delarsrapport" and body["until"] == "2024-08-31"
    total = next(r for r in section(body, "ekonomi")["tables"][0]["rows"] if r["style"] == "total")
    assert total["cells"]["actual"] == SEED_000_SUMMA["actual"]


def _columns(table: dict) -> list[Column]:  # type: ignore[type-arg]
    return [Column(c["key"], c["label"], Kind(c["kind"]), c["group"], c["decimals"]) for c in table["columns"]]


def _json_tables(body: dict) -> list[dict]:  # type: ignore[type-arg]
    return [t for part in body["sections"] for t in part["tables"]]


def _expected_cells(table: dict) -> list[list[str]]:  # type: ignore[type-arg]
    columns = _columns(table)
    return [[format_value(row["cells"].get(c.key), c) for c in columns] for row in table["rows"]]


def test_docx_tables_equal_the_json_and_the_document_has_headings_toc_and_page_numbers() -> None:
    association = vastmanland()
    args = ("--association", association.slug, "--year", "2024", "--until", "2024-08-31")
    body = json.loads(_report("delarsrapport", *args))
    document = docx.Document(io.BytesIO(_report("delarsrapport", *args, "--format", "docx")))
    tables = _json_tables(body)
    assert len(document.tables) == len(tables) >= 2
    for word, table in zip(document.tables, tables, strict=True):
        cells = [[cell.text for cell in row.cells] for row in word.rows[1:]]
        assert cells == _expected_cells(table), table["title"]
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [part["title"] for part in body["sections"] if part["level"] == 1]
    xml = document.element.xml
    assert "TOC \\o" in xml
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer


def _numbers(text: str) -> list[str]:
    return re.findall(r"-?\d{1,3}(?:\u00a0\d{3})+|-?\d+", text)  # the renderers group digits with no-break spaces


def test_pdf_figures_equal_the_json_in_order() -> None:
    association = vastmanland()
    args = ("--association", association.slug, "--year", "2024", "--until", "2024-08-31")
    body = json.loads(_report("delarsrapport", *args))
    reader = pypdf.PdfReader(io.BytesIO(_report("delarsrapport", *args, "--format", "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    found = _numbers(text)
    expected = [
        format_value(row["cells"].get(column.key), column)
        for table in _json_tables(body)
        for row in table["rows"]
        for column in _columns(table)
        if column.numeric and row["cells"].get(column.key) is not None
    ]
    assert expected
    position = 0
    for figure in expected:  # every figure of the JSON, in the same order, among the PDF's numbers
        while position < len(found) and found[position] != figure:
            position += 1
        assert position < len(found), f"{figure} saknas i PDF:en"
        position += 1


def test_the_delarsrapport_counts_the_activities_up_to_its_last_day() -> None:
    import datetime as dt
    from decimal import Decimal

    from samordna.activities import services as activity_services
    from samordna.organisations.models import Member

    association = vastmanland()
    member = Member.objects.filter(association=association).first()
    assert member is not None
    counts = {}
    for code, day, count in (("U1", dt.date(2024, 3, 4), 12), ("U2", dt.date(2024, 10, 1), 30)):
        event = activity_services.event_create(
            acting_user=None,
            association=association,
            code=code,
            title=f"Utbildning {code}",
            kind="utbildning",
            date=day,
            days=Decimal(1),
        )
        activity_services.attendance_replace(acting_user=None, event=event, grid={(member.pk, "medarbetare"): count})
        counts[code] = count
    interim = assemble.content(association=association, kind=DocumentKind.INTERIM, year=2024, until=UNTIL)
    table = section(interim, "aktiviteter")["tables"][0]
    assert [row["cells"]["title"] for row in table["rows"] if row["style"] == "data"] == ["Utbildning U1"]
    assert table["rows"][-1]["cells"]["count"] == counts["U1"]
    annual = assemble.content(association=association, kind=DocumentKind.ANNUAL, year=2024, until=dt.date(2024, 12, 31))
    events = section(annual, "utbildningar")["tables"][0]
    assert events["rows"][-1]["cells"]["count"] == counts["U1"] + counts["U2"]
