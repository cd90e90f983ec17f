"""A document's content as plain JSON-able data, and back into the report kit's tables.

A generated document is a dict: {"kind", "title", "year", "until", "association", "sections": [...]}; each section
{"key", "title", "level", "source": "text" | "generated" | "both", "text" (Markdown, the written part),
"paragraphs" (generated text), "tables": [table], "empty" (the message when the source has no data)}; a table
{"key", "title", "columns": [{"key", "label", "kind", "group", "decimals"}], "rows": [{"style", "cells",
"hidden"}], "notes"}. Cell values are JSON values (Decimal as int or float). The same dict is what a frozen
document stores, so the DOCX and the PDF of a frozen document are made from it and never from today's data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from samordna.reporting.tables import Column, Kind, Row, RowStyle, Table, json_number


def cell_value(value: Any) -> Any:
    """A cell as a JSON value."""
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_data(table: Table) -> dict[str, Any]:
    """A report-kit table as data."""
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": [
            {"key": c.key, "label": str(c.label), "kind": str(c.kind), "group": str(c.group), "decimals": c.decimals}
            for c in table.columns
        ],
        "rows": [
            {
                "style": str(row.style),
                "cells": {c.key: cell_value(row.cells.get(c.key)) for c in table.columns if c.key not in row.hidden},
                "hidden": sorted(row.hidden),
            }
            for row in table.rows
        ],
        "notes": [str(n) for n in table.notes],
    }


def table_from(data: dict[str, Any]) -> Table:
    """Data back as a report-kit table (for the renderers)."""
    columns = [
        Column(c["key"], c["label"], Kind(c["kind"]), c.get("group", ""), int(c.get("decimals", 1)))
        for c in data["columns"]
    ]
    rows = [Row(dict(r["cells"]), RowStyle(r["style"]), frozenset(r.get("hidden", []))) for r in data["rows"]]
    return Table(data["title"], columns, rows, list(data.get("notes", [])), data.get("key", ""))


def figures(table: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(row label, column key, value) of every number in a table (for the comparison of two versions)."""
    label_key = next((c["key"] for c in table["columns"] if c["kind"] == "text"), None)
    out: list[tuple[str, str, Any]] = []
    seen: dict[str, int] = {}
    for row in table["rows"]:
        label = str(row["cells"].get(label_key, "")) if label_key else ""
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        for column in table["columns"]:
            if column["kind"] != "text" and row["cells"].get(column["key"]) is not None:
                out.append((label, column["key"], row["cells"][column["key"]]))
    return out
