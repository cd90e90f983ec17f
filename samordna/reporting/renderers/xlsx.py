"""XLSX (openpyxl): one sheet per table, bold title and headers, bold totals, real number formats.

Money and integers are numbers with a thousands format, percentages are fractions formatted as
percent. Every text goes through `safety.write_text`: control characters stripped, and text that Excel
could take for a formula (= + - @) stored as a plain string with Excel's quote prefix, shown, never evaluated.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from samordna.reporting.renderers.safety import clean, write_text
from samordna.reporting.tables import HIDDEN_MARK, Kind, Report, RowStyle, Table

NUMBER_FORMATS = {Kind.INTEGER: "#,##0", Kind.MONEY: "#,##0;-#,##0"}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:]", " ", clean(title)).strip()[:28] or "Tabell"
    name, n = base, 2
    while name in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name)
    return name


def _write_table(sheet, table: Table) -> None:  # type: ignore[no-untyped-def]
    write_text(sheet.cell(row=1, column=1), table.title)
    sheet.cell(row=1, column=1).font = TITLE
    if table.column_groups:
        start = 1
        row_number = sheet.max_row + 1
        for label, span in table.column_groups:
            cell = sheet.cell(row=row_number, column=start)
            write_text(cell, label)
            cell.font = BOLD
            cell.alignment = Alignment(horizontal="center")
            if span > 1:
                sheet.merge_cells(
                    start_row=row_number, start_column=start, end_row=row_number, end_column=start + span - 1
                )
            start += span
    header_row = sheet.max_row + 1
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        write_text(cell, column.label)
        cell.font = BOLD
        if column.numeric:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    for row in table.rows:
        row_number = sheet.max_row + 1
        bold = row.style in (RowStyle.SUBTOTAL, RowStyle.TOTAL, RowStyle.HEADING)
        for index, column in enumerate(table.columns, start=1):
            value = row.cells.get(column.key)
            cell = sheet.cell(row=row_number, column=index)
            if column.key in row.hidden:
                cell.value = HIDDEN_MARK
                cell.alignment = Alignment(horizontal="right")
            elif value is None or value == "":
                pass
            elif column.kind == Kind.TEXT:
                write_text(cell, value)
            else:
                number = Decimal(str(value))
                cell.value = int(number) if number == number.to_integral_value() else float(number)
                cell.number_format = (
                    ("0." + "0" * column.decimals + "%")
                    if column.kind == Kind.PERCENT
                    else ("0." + "0" * column.decimals)
                    if column.kind == Kind.DECIMAL
                    else NUMBER_FORMATS[column.kind]
                )
            if bold:
                cell.font = BOLD
    for note in table.notes:
        row_number = sheet.max_row + 2
        write_text(sheet.cell(row=row_number, column=1), note)
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(column.label)] + [len(str(r.cells.get(column.key) or "")) for r in table.rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(12, longest + 4), 60)


def render_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report.all_tables:
        _write_table(workbook.create_sheet(_sheet_title(table.title, used)), table)
    if not report.all_tables:
        write_text(workbook.create_sheet("Rapport").cell(row=1, column=1), report.title)
    workbook.properties.title = clean(report.title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
