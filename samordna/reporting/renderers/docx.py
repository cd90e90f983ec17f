"""DOCX (python-docx): Swedish headings, the tables (bold headers and totals, numbers right-aligned), PNG charts.

Every text goes through `safety.clean`: Word's XML cannot hold control characters.
"""

from __future__ import annotations

import io

from django.utils.timezone import localtime
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from samordna.reporting.renderers.safety import clean
from samordna.reporting.tables import Report, RowStyle, Table, format_cell


def _set(cell, text: str, *, bold: bool = False, right: bool = False) -> None:  # type: ignore[no-untyped-def]
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    run.bold = bold
    run.font.size = Pt(8.5)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(document, table: Table, level: int = 2) -> None:  # type: ignore[no-untyped-def]
    document.add_heading(clean(table.title), level=level)
    groups = table.column_groups
    header_rows = 2 if groups else 1
    grid = document.add_table(rows=header_rows, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if groups:
        start = 0
        for label, span in groups:
            cell = grid.cell(0, start)
            if span > 1:
                cell = cell.merge(grid.cell(0, start + span - 1))
            _set(cell, label, bold=True)
            start += span
    for index, column in enumerate(table.columns):
        _set(grid.cell(header_rows - 1, index), column.label, bold=True, right=column.numeric)
    for row in table.rows:
        cells = grid.add_row().cells
        bold = row.style in (RowStyle.SUBTOTAL, RowStyle.TOTAL, RowStyle.HEADING)
        for index, column in enumerate(table.columns):
            _set(cells[index], format_cell(row, column), bold=bold, right=column.numeric)
    for note in table.notes:
        document.add_paragraph(clean(note)).runs[0].italic = True


def render_docx(report: Report) -> bytes:
    """The report as a Word document."""
    document = Document()
    section = document.sections[0]
    if sum(len(t.columns) for t in report.tables[:1]) > 6:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.8)
    document.core_properties.title = clean(report.title)
    document.core_properties.language = "sv-SE"
    document.add_heading(clean(report.title), level=1)
    document.add_paragraph(
        clean(f"{getattr(report.association, 'name', '')} · Framtagen {localtime(report.generated_at):%Y-%m-%d %H:%M}")
    )
    for paragraph in report.paragraphs:
        document.add_paragraph(clean(paragraph))
    for table in report.tables:
        _table(document, table)
    for part in report.sections:
        document.add_heading(clean(part.title), level=part.level)
        for paragraph in part.paragraphs:
            document.add_paragraph(clean(paragraph))
        for table in part.tables:
            _table(document, table, level=min(part.level + 1, 9))
    width = section.page_width - section.left_margin - section.right_margin
    for chart in report.charts:
        document.add_heading(clean(chart.title), level=2)
        document.add_picture(io.BytesIO(chart.draw("png")), width=width)
        if chart.description:
            document.add_paragraph(clean(chart.description))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
