"""Publish mode of the participants report: small-cell suppression over every table of the report at once.

The report dict (builder.py) is cut into *blocks*, each a two-dimensional table the suppression engine
(samordna/reporting/suppression) protects exactly: a cell maps to a path into the report dict
(groups.py). Blocks share totals: the period's participants by gender are the column totals of the age,
education and per-insats tables and the totals of the municipality table; the ended total is the total
of the end reasons and of the occupations after; and so on. A number hidden in one block is hidden in
every block that shows it: the blocks are suppressed in turn, each told what the others hid
(`also_hide`), until no block hides anything new.

Afterwards every share and mean built from a hidden count (or over a hidden or small denominator) is
hidden too (groups.derived_cells), and `suppression.hidden_cells` counts the hidden counts.

What this promises is the engine's promise within each block plus shared totals hidden everywhere; it
does not intersect the ranges a reader could derive for one shared total from two blocks (docs/suppression.md).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from samordna.participants.statistics.groups import GENDERS, Path, derived_cells, get_cell, set_cell
from samordna.reporting.suppression import Position, suppress_table


@dataclass
class Block:
    """A table for the engine: cell paths (rows × columns), row/column total paths and a grand total path."""

    name: str
    cells: list[list[Path]]
    row_totals: list[Path] | None = None
    column_totals: list[Path] | None = None
    grand_total: Path | None = None
    positions: dict[Position, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, row in enumerate(self.cells):
            for j, path in enumerate(row):
                self.positions[Position.cell(i, j)] = path
        for i, path in enumerate(self.row_totals or []):
            self.positions[Position.row_total(i)] = path
        for j, path in enumerate(self.column_totals or []):
            self.positions[Position.column_total(j)] = path
        if self.grand_total is not None:
            self.positions[Position.grand_total()] = self.grand_total


def _list_block(name: str, cells: list[Path], total: Path | None) -> Block:
    return Block(name, [cells], [total] if total is not None else None)


def _gender_block(
    name: str, table: str, rows: int, total: str | None, *, prefix: tuple[Any, ...] = (), row_total: bool = True
) -> Block:
    """Rows × (women, men, other) with "all" as row totals; `total` names the shared column totals."""

    def path(i: int, key: str) -> Path:
        return (table, i, *prefix, key)

    return Block(
        name,
        [[path(i, g) for g in GENDERS] for i in range(rows)],
        [path(i, "all") for i in range(rows)] if row_total else None,
        [("totals", total, g) for g in GENDERS] if total else None,
        ("totals", total, "all") if total else None,
    )


def blocks(report: dict[str, Any]) -> list[Block]:
    """The report as engine tables (see the module docstring)."""
    totals = report["totals"]
    ended = ("totals", "ended", "all")
    positive_total = ("positive_outcome", "count")
    result = [
        _gender_block("age_bands", "age_bands", len(report["age_bands"]), "participants"),
        _gender_block("education", "education", len(report["education"]), "participants"),
        _gender_block("support_years_bands", "support_years_bands", len(report["support_years_bands"]), "new"),
        _gender_block("support_before", "support_before", len(report["support_before"]), None),
        Block("ended", [[("totals", "ended", g) for g in GENDERS]], [ended]),
    ]
    if "persons" in totals:
        result.append(Block("persons", [[("totals", "persons", g) for g in GENDERS]], [("totals", "persons", "all")]))
    municipalities = report["municipalities"]
    result += [
        _list_block(
            "municipalities.new",
            [("municipalities", i, "new") for i in range(len(municipalities))],
            ("totals", "new", "all"),
        ),
        _list_block(
            "municipalities.all",
            [("municipalities", i, "all") for i in range(len(municipalities))],
            ("totals", "participants", "all"),
        ),
        _list_block("end_reasons", [("end_reasons", i, "count") for i in range(len(report["end_reasons"]))], ended),
        _list_block(
            "occupation_after",
            [("occupation_after", i, "count") for i in range(len(report["occupation_after"]))],
            ended,
        ),
        _list_block(
            "positive",
            [("end_reasons", i, "count") for i, r in enumerate(report["end_reasons"]) if r.get("positive")],
            positive_total,
        ),
    ]
    interventions = report["interventions"]
    single = not interventions or "association" not in interventions[0]
    n = len(interventions)
    result.append(
        _gender_block("interventions", "interventions", n, "participants" if single else None, prefix=("participants",))
    )
    if single:
        result += [
            _list_block("interventions.new", [("interventions", i, "new") for i in range(n)], ("totals", "new", "all")),
            _list_block("interventions.ended", [("interventions", i, "ended") for i in range(n)], ended),
            _list_block("interventions.positive", [("interventions", i, "positive") for i in range(n)], positive_total),
        ]
    return [b for b in result if b.cells and b.cells[0]]


def _suppress_blocks(report: dict[str, Any], parts: list[Block], k: int, forced: set[Path]) -> set[Path]:
    hidden: set[Path] = set(forced)
    while True:
        before = len(hidden)
        for block in parts:
            cells = [[int(get_cell(report, p)) for p in row] for row in block.cells]
            also = [pos for pos, path in block.positions.items() if path in hidden and get_cell(report, path)]
            result = suppress_table(
                cells,
                True if block.row_totals else None,
                True if block.column_totals else None,
                True if block.grand_total is not None else None,
                k,
                also_hide=also,
                ncols=len(cells[0]),
            )
            hidden |= {block.positions[p] for p in result.hidden}
        if len(hidden) == before:
            return hidden


def publish(report: dict[str, Any], k: int | None = None, also_hide: frozenset[Path] = frozenset()) -> dict[str, Any]:
    """A suppressed copy of an internal participants report: hidden counts, shares and means are None.

    `also_hide`: counts hidden whatever their value, because another table of the same publication hides them
    (or the release audit chose them); the tables are protected around them.
    """
    k = int(k if k is not None else report["suppression"]["threshold"])
    out = copy.deepcopy(report)
    hidden = _suppress_blocks(report, blocks(report), k, set(also_hide))
    for path in hidden:
        set_cell(out, path, None)
    for derived in derived_cells(report):
        count, of = derived["count"], derived["of"]
        denominator = get_cell(out, of)
        if (count is not None and get_cell(out, count) is None) or denominator is None or denominator < k:
            set_cell(out, derived["cell"], None)
    out["suppression"] = {"threshold": k, "hidden_cells": len(hidden)}
    return out
