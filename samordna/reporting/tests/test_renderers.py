"""Each export format opens with its own reader and holds the expected numbers; formula injection is defused."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from samordna.finance import seed_data
from samordna.finance.reports import allocation_report
from samordna.finance.tests.helpers import vastra_ostergotland
from samordna.reporting.renderers import render
from samordna.reporting.tables import Column, Kind, Report, RowStyle, Table, format_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def report() -> Report:
    association = vastra_ostergotland()
    return allocation_report(association=association, options={"year": 2025, "total": seed_data.ALLOCATION_TOTAL})


def _digits(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_xlsx_has_numbers_percentages_and_bold_totals(report: Report) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = workbook.worksheets[0]
    rows = {r[0].value: r for r in sheet.iter_rows() if r[0].value}
    motala = rows["Motala kommun"]
    assert motala[3].value == 1_045_924 and motala[3].number_format == "#,##0;-#,##0"
    assert motala[2].value == pytest.approx(0.484) and motala[2].number_format == "0.0%"
    assert motala[1].value == 43_674
    total = rows["Totalt"]
    assert total[3].value == 8_644_000 and total[0].font.bold
    header = rows["Medlem"]
    assert header[0].font.bold


def test_csv_is_swedish_excel_flavoured(report: Report) -> None:
    content = render(report, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    motala = next(r for r in rows if r and r[0] == "Motala kommun")
    assert motala == ["Motala kommun", "43674", "48,4", "1045924"]
    assert any(r and r[0] == "Totalt" and r[3] == "8644000" for r in rows)


def test_docx_has_heading_and_table_numbers(report: Report) -> None:
    document = Document(io.BytesIO(render(report, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Fördelning av medlemsbidrag 2025" in headings
    cells = [_digits(c.text) for row in document.tables[0].rows for c in row.cells]
    assert "1 045 924" in cells and "4 322 000" in cells and "48,4 %" in cells


def test_pdf_contains_the_numbers(report: Report) -> None:
    text = _digits("".join(page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf"))).pages))
    assert "Fördelning av medlemsbidrag 2025" in text
    for number in ("1 045 924", "676 393", "179 363", "131 821", "127 499", "8 644 000"):
        assert number in text


def test_json_has_the_common_head(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert data["association"] == "vastra-ostergotland"
    assert data["suppression"] == {"threshold": 5, "hidden_cells": 0}
    assert data["state"] == 4_322_000


def _dangerous_report() -> Report:
    table = Table("T", [Column("name", "Namn"), Column("n", "Antal", Kind.INTEGER)])
    table.add(name='=HYPERLINK("http://x","klick")', n=1)
    table.add(name="+1+1", n=2)
    table.add(name="@SUM(A1)", n=3, hidden=frozenset({"n"}))
    table.add(RowStyle.TOTAL, name="-2", n=6)
    return Report("test", "Test", None, tables=[table], published=True)


def test_formula_injection_is_defused_in_xlsx_and_csv() -> None:
    report = _dangerous_report()
    sheet = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]
    texts = [row[0] for row in sheet.iter_rows(min_row=3) if row[0].value]
    assert all(cell.data_type == "s" for cell in texts)
    assert texts[0].value.startswith("=HYPERLINK") and texts[0].quotePrefix
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[2:6]] == ['\'=HYPERLINK("http://x","klick")', "'+1+1", "'@SUM(A1)", "'-2"]
    assert rows[4][1] == ""  # suppressed cell left empty
    assert report.hidden_cells == 1
    assert json.loads(render(report, "json"))["suppression"]["hidden_cells"] == 1


def test_swedish_number_format() -> None:
    assert format_number(Decimal("-1944000")) == "-1\u00a0944\u00a0000"
    assert format_number(Decimal("1234.5"), 2) == "1\u00a0234,50"


def test_command_writes_binary_formats_to_a_file(tmp_path, report: Report) -> None:  # noqa: ANN001
    target = tmp_path / "fordelning.xlsx"
    call_command(
        "report",
        "allocation",
        "--association",
        "vastra-ostergotland",
        "--year",
        "2025",
        "--total",
        "8644000",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert any(row[3].value == 4_322_000 for row in sheet.iter_rows() if len(row) > 3)


def test_unknown_association_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="finns inte"):
        call_command("report", "allocation", "--association", "saknas", "--year", "2025")


def test_followup_export_has_chart_in_docx_and_pdf_and_svg_for_pages() -> None:
    from samordna.finance.reports import followup_report
    from samordna.finance.tests.test_budget import _seed_000

    association = _seed_000()
    report = followup_report(association=association, options={"year": 2024, "until": "2024-08-31"})
    assert report.charts and report.charts[0].draw("svg").lstrip().startswith(b"<?xml")
    document = Document(io.BytesIO(render(report, "docx")))
    assert len(document.inline_shapes) == 1
    cells = [_digits(c.text) for row in document.tables[0].rows for c in row.cells]
    assert "2 355 335" in cells and "241 671" in cells
    pdf = PdfReader(io.BytesIO(render(report, "pdf")))
    text = _digits("".join(page.extract_text() for page in pdf.pages))
    assert "-1 703 329" in text


def test_html_document_and_pdf_draw_the_pages_svg_charts_not_matplotlib() -> None:
    from samordna.finance.reports import followup_report
    from samordna.finance.tests.test_budget import _seed_000

    report = followup_report(association=_seed_000(), options={"year": 2024, "until": "2024-08-31"})
    asked: list[str] = []
    for chart in report.charts:
        draw = chart.draw
        chart.draw = lambda fmt, draw=draw: asked.append(fmt) or draw(fmt)  # type: ignore[misc]
    html = render(report, "html").decode()
    assert html.count('src="data:image/svg+xml;base64,') == len(report.charts) > 0
    assert "image/png" not in html
    pdf = PdfReader(io.BytesIO(render(report, "pdf")))
    assert asked and set(asked) == {"svg"}  # matplotlib (PNG) is never asked for
    # WeasyPrint draws the SVG as vectors: the chart's page holds no raster image.
    assert not any(page.images for page in pdf.pages)
    text = "".join(page.extract_text() for page in pdf.pages)
    assert report.charts[0].title in text
