"""Which cells of a participants report add up to which totals: what suppression must respect.

A *path* is a tuple of keys and list indices into the report dict, e.g. ("age_bands", 0, "women").
Every count cell may be replaced by None when published; `table_groups` lists the linear relations
(cells → their total), `derived_cells` the shares and means computed from counts.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str | int, ...]
GENDERS = ("women", "men", "other")
COLUMNS = ("all", *GENDERS)


def get_cell(report: dict[str, Any], path: Path) -> Any:
    """The value at `path`."""
    value: Any = report
    for key in path:
        value = value[key]
    return value


def set_cell(report: dict[str, Any], path: Path, value: Any) -> None:
    """Replace the value at `path` (e.g. by None when it is hidden)."""
    get_cell(report, path[:-1])[path[-1]] = value


def _gendered_table(
    report: dict[str, Any], table: str, total: str, *, columns_add_up: bool = True
) -> list[dict[str, Any]]:
    groups = []
    rows = report[table]
    if columns_add_up:
        for column in COLUMNS:
            groups.append(
                {
                    "name": f"{table}.{column}",
                    "cells": [(table, i, column) for i in range(len(rows))],
                    "total": ("totals", total, column),
                }
            )
    for i in range(len(rows)):
        groups.append({"name": f"{table}[{i}]", "cells": [(table, i, g) for g in GENDERS], "total": (table, i, "all")})
    return groups


def table_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every sum relation of a participants report: {"name", "cells": [path, …], "total": path}.

    A total is itself a cell (it can be hidden too). Rows of support_before do not add up down the
    columns (a person may have several kinds of support), so only their gender split is a relation.
    """
    groups: list[dict[str, Any]] = []
    for total in ("participants", "new", "ended", "persons"):
        if total in report["totals"]:
            groups.append(
                {
                    "name": f"totals.{total}",
                    "cells": [("totals", total, g) for g in GENDERS],
                    "total": ("totals", total, "all"),
                }
            )
    groups += _gendered_table(report, "age_bands", "participants")
    groups += _gendered_table(report, "support_years_bands", "new")
    groups += _gendered_table(report, "education", "participants")
    groups += _gendered_table(report, "support_before", "participants", columns_add_up=False)
    municipalities = report["municipalities"]
    for column, total in (("new", ("totals", "new", "all")), ("all", ("totals", "participants", "all"))):
        groups.append(
            {
                "name": f"municipalities.{column}",
                "total": total,
                "cells": [("municipalities", i, column) for i in range(len(municipalities))],
            }
        )
    ended = ("totals", "ended", "all")
    for table in ("end_reasons", "occupation_after"):
        groups.append(
            {
                "name": f"{table}.count",
                "total": ended,
                "cells": [(table, i, "count") for i in range(len(report[table]))],
            }
        )
    groups.append(
        {
            "name": "positive_outcome",
            "total": ("positive_outcome", "count"),
            "cells": [("end_reasons", i, "count") for i, r in enumerate(report["end_reasons"]) if r.get("positive")],
        }
    )
    interventions = report["interventions"]
    if interventions and "association" not in interventions[0]:
        for column in COLUMNS:
            groups.append(
                {
                    "name": f"interventions.participants.{column}",
                    "total": ("totals", "participants", column),
                    "cells": [("interventions", i, "participants", column) for i in range(len(interventions))],
                }
            )
        for column, total in (
            ("new", ("totals", "new", "all")),
            ("ended", ended),
            ("positive", ("positive_outcome", "count")),
        ):
            groups.append(
                {
                    "name": f"interventions.{column}",
                    "total": total,
                    "cells": [("interventions", i, column) for i in range(len(interventions))],
                }
            )
    for i in range(len(interventions)):
        groups.append(
            {
                "name": f"interventions[{i}]",
                "total": ("interventions", i, "participants", "all"),
                "cells": [("interventions", i, "participants", g) for g in GENDERS],
            }
        )
    return groups


def derived_cells(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Shares and means and the counts they come from: {"cell", "count", "of"} (hide the cell when either is).

    A mean over few ended enrollments points at individuals as much as a small count: publish it only
    when its `of` count is published and at least the threshold.
    """
    ended = ("totals", "ended", "all")
    cells: list[dict[str, Any]] = [
        {"cell": ("end_reasons", i, "share"), "count": ("end_reasons", i, "count"), "of": ended}
        for i in range(len(report["end_reasons"]))
    ]
    cells.append({"cell": ("positive_outcome", "share"), "count": ("positive_outcome", "count"), "of": ended})
    cells.append({"cell": ("mean_months_in_intervention",), "count": None, "of": ended})
    cells.append({"cell": ("mean_years_in_support_before",), "count": None, "of": ("totals", "new", "all")})
    cells += [
        {"cell": ("interventions", i, "mean_months"), "count": None, "of": ("interventions", i, "ended")}
        for i in range(len(report["interventions"]))
    ]
    return cells


def count_cells(report: dict[str, Any]) -> list[Path]:
    """Every count cell of the report (what suppression may hide), each once."""
    seen: dict[Path, None] = {}
    for group in table_groups(report):
        for path in (*group["cells"], group["total"]):
            seen.setdefault(path, None)
    return list(seen)
