"""CSV for Swedish Excel: UTF-8 with BOM, `;` between fields, decimal comma, no thousands separator.

Excel with Swedish regional settings opens such a file directly with å/ä/ö intact and numbers as
numbers (a `,`-separated file lands in one column there). An internal report's notice is the first line.
Each table starts with its title row, a group-header row when the table has column groups, and its header
row; tables are separated by an empty row. Percentages are written as percent numbers (48,4); suppressed
cells are left empty. Every text goes through `safety.neutralise`: control characters stripped, and a
leading apostrophe on text that a spreadsheet could take for a formula.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from samordna.reporting.renderers.safety import neutralise
from samordna.reporting.tables import Column, Kind, Report, Row


def _cell(row: Row, column: Column) -> str:
    if column.key in row.hidden:
        return ""
    value = row.cells.get(column.key)
    if value is None or value == "":
        return ""
    if column.kind == Kind.TEXT:
        return neutralise(str(value))
    number = Decimal(str(value))
    if column.kind == Kind.PERCENT:
        number = (number * 100).quantize(Decimal(1).scaleb(-column.decimals))
    elif column.kind == Kind.INTEGER:
        number = number.quantize(Decimal(1))
    elif column.kind == Kind.DECIMAL:
        number = number.quantize(Decimal(1).scaleb(-column.decimals))
    text = format(number.normalize() if number == number.to_integral_value() else number, "f")
    return text.replace(".", ",")


def render_csv(report: Report) -> bytes:
    """All tables of the report as one CSV file."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    notice = report.data.get("notice") if isinstance(report.data, dict) else None
    if notice:  # an internal report says so on the first line (reporting.pages.mark_internal)
        writer.writerow([neutralise(str(notice))])
        writer.writerow([])
    for index, table in enumerate(report.all_tables):
        if index:
            writer.writerow([])
        writer.writerow([neutralise(table.title)])
        if table.column_groups:
            writer.writerow([neutralise(g) for label, span in table.column_groups for g in [label] + [""] * (span - 1)])
        writer.writerow([neutralise(c.label + (" (%)" if c.kind == Kind.PERCENT else "")) for c in table.columns])
        for row in table.rows:
            writer.writerow([_cell(row, c) for c in table.columns])
        for note in table.notes:
            writer.writerow([neutralise(note)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
