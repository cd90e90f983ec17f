"""A renderer-neutral report: tables of typed columns, rows (data, heading, subtotal, total), notes and charts.

Builders (finance, participants, …) produce a `Report`; the renderers in `renderers/` turn the same
report into HTML, XLSX, CSV, DOCX, PDF or JSON. Cell values stay raw (int, Decimal, fraction for
percentages); formatting happens in the renderers. A cell whose key is in `Row.hidden` is suppressed
(small-cell rule): it is shown as "–", left empty in files, and `null` in JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.utils import timezone

HIDDEN_MARK = "–"


class Kind(StrEnum):
    """What a column holds, which decides alignment and number format."""

    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"
    PERCENT = "percent"  # a fraction: 0.484 is shown as 48,4 %
    DECIMAL = "decimal"  # a plain number shown with `decimals` decimals (e.g. months: 14,1)


class RowStyle(StrEnum):
    """How a row is set: ordinary, a heading inside the table, a subtotal or the grand total."""

    DATA = "data"
    HEADING = "heading"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class Column:
    """A column: key into the row cells, Swedish label, kind, optional group label and percent decimals."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    group: str = ""
    decimals: int = 1

    @property
    def numeric(self) -> bool:
        return self.kind != Kind.TEXT


@dataclass
class Row:
    """One row: values by column key, a style, and the keys of suppressed cells."""

    cells: dict[str, Any]
    style: RowStyle = RowStyle.DATA
    hidden: frozenset[str] = frozenset()


@dataclass
class Table:
    """A titled table with columns, rows and notes."""

    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    key: str = ""

    def add(self, style: RowStyle = RowStyle.DATA, hidden: frozenset[str] = frozenset(), **cells: Any) -> Row:
        """Append a row and return it."""
        row = Row(cells, style, hidden)
        self.rows.append(row)
        return row

    @property
    def column_groups(self) -> list[tuple[str, int]]:
        """(label, span) over consecutive columns with the same group; empty when no column has a group."""
        if not any(c.group for c in self.columns):
            return []
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups

    @property
    def hidden_cells(self) -> int:
        return sum(len(row.hidden) for row in self.rows)

    def display_rows(self) -> list[dict[str, Any]]:
        """Rows with formatted cells, for templates: {'style', 'cells': [{'text', 'numeric', 'hidden'}]}."""
        return [
            {
                "style": str(row.style),
                "cells": [
                    {"text": format_cell(row, c), "numeric": c.numeric, "hidden": c.key in row.hidden}
                    for c in self.columns
                ],
            }
            for row in self.rows
        ]


@dataclass
class Chart:
    """A chart drawn by `draw(format)` → bytes: "svg" for pages, the HTML document and PDF; "png" for DOCX."""

    title: str
    draw: Callable[[str], bytes]
    description: str = ""


@dataclass
class Section:
    """A headed part of a document (the verksamhetsplan, the delårsrapport): text paragraphs, then tables.

    Documents (DOCX, HTML, PDF) print each section under its heading after the report's own tables; CSV and
    XLSX take its tables like the others (`Report.all_tables`)."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    level: int = 2


@dataclass
class Report:
    """Everything a renderer needs: title, intro text, tables, charts, sections, and the JSON body of the contract."""

    kind: str
    title: str
    association: Any
    data: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    published: bool = False
    generated_at: dt.datetime = field(default_factory=timezone.now)
    sections: list[Section] = field(default_factory=list)

    @property
    def all_tables(self) -> list[Table]:
        """The report's tables, then those of its sections (for the formats without headings of their own)."""
        return [*self.tables, *(table for section in self.sections for table in section.tables)]

    @property
    def threshold(self) -> int:
        return int(getattr(self.association, "suppression_threshold", 5))

    @property
    def hidden_cells(self) -> int:
        return sum(t.hidden_cells for t in self.all_tables) if self.published else 0

    def as_json(self) -> dict[str, Any]:
        """The JSON body: association, generated_at, suppression, then the report's own keys."""
        head = {
            "association": getattr(self.association, "slug", str(self.association)),
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "suppression": {"threshold": self.threshold, "hidden_cells": self.hidden_cells},
        }
        return {**head, **self.data}


def _thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return "\u00a0".join(groups)


def format_number(value: Any, decimals: int = 0) -> str:
    """Swedish number: 1 045 924 (no-break spaces), decimal comma, minus sign as '-'."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return sign + _thousands(whole) + ("," + fraction if fraction else "")


def format_value(value: Any, column: Column) -> str:
    """A raw value as text for its column (empty for None)."""
    if value is None or value == "":
        return ""
    if column.kind == Kind.TEXT:
        return str(value)
    if column.kind == Kind.PERCENT:
        return format_number(Decimal(str(value)) * 100, column.decimals) + "\u00a0%"
    if column.kind == Kind.DECIMAL:
        return format_number(value, column.decimals)
    if column.kind == Kind.MONEY:
        number = Decimal(str(value))
        return format_number(number, 0 if number == number.to_integral_value() else 2)
    return format_number(value, 0)


def format_cell(row: Row, column: Column) -> str:
    """The text of one cell (the hidden mark for a suppressed cell)."""
    if column.key in row.hidden:
        return HIDDEN_MARK
    return format_value(row.cells.get(column.key), column)


def json_number(value: Any) -> Any:
    """Decimal → int when whole, else float; other values unchanged (for JSON bodies)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_numbers(values: dict[Any, Any]) -> dict[str, Any]:
    """A dict with str keys and JSON numbers."""
    return {str(k): json_number(v) for k, v in values.items()}
