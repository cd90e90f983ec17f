"""Uppföljning Finsam's participant counts in a yearly publication: built, keyed for the audit, suppressed.

A publication of a whole year also publishes the participant table of Uppföljning Finsam (the national yearly
follow-up), so that it is suppressed together with the year's participant statistics and audited against
every earlier release (issue "Published figures that survive differencing", attack 4: Finsam minus
Deltagarstatistik gave the counted-only participants by gender). Its counts:

- individinriktade insatser: participants by gender (registered during the year plus counted anonymously),
  "all" per insats, and a totals row; the table of `suppress_by_gender`;
- strukturövergripande insatser: participants (counted anonymously) per insats and their total;
- never published: the anonymous counts per insats and gender (figures of the audit, always hidden).

The money of Uppföljning Finsam is not here: it counts kronor, not people, and the report adds today's
figures from the ledger (reports.finsam).
"""

from __future__ import annotations

from typing import Any

from samordna.core.models import Association
from samordna.participants.statistics.finsam import KEYS, build_uppfoljning_finsam
from samordna.publications.figures import (
    ANONYMOUS,
    FINSAM,
    FINSAM_STRUCTURAL,
    GENDER_COLUMNS,
    GENDERS,
    FigureKey,
    Path,
    printed_value,
)
from samordna.reporting.periods import FixedPeriod, PeriodKind
from samordna.reporting.suppression import Position, suppress_table

COLUMNS = ("all", *KEYS)  # all, women, men, other


def internal(association: Association, period: FixedPeriod) -> dict[str, Any] | None:
    """The internal participant figures of Uppföljning Finsam for a whole-year period (None for other periods)."""
    if period.kind != PeriodKind.YEAR:
        return None
    counts = build_uppfoljning_finsam(association=association, year=period.date_from.year)
    return {
        "year": counts["year"],
        "individual": [
            {
                "code": r["code"],
                "name": r["name"],
                "participants": dict(r["participants"]),
                "anonymous": dict(r["anonymous"]),
            }
            for r in counts["individual"]
        ],
        "individual_total": dict(counts["individual_total"]),
        "structural": [
            {
                "code": r["code"],
                "name": r["name"],
                "participants": r["participants"]["all"],
                "by_gender": r["participants"],
            }
            for r in counts["structural"]
        ],
        "structural_total": counts["structural_total"]["all"],
    }


def codes(figures: dict[str, Any] | None) -> list[str]:
    """The insatser the Finsam tables list."""
    if not figures:
        return []
    return [r["code"] for r in (*figures["individual"], *figures["structural"])]


def keys(period: FixedPeriod, figures: dict[str, Any] | None) -> list[FigureKey]:
    """The published counts of the Finsam tables (none when the period is not a year)."""
    if not figures:
        return []
    slug = period.slug
    found = [
        FigureKey(slug, "participants", insats, gender, FINSAM)
        for insats in [*(r["code"] for r in figures["individual"]), None]
        for gender in [None, *GENDERS]
    ]
    found += [
        FigureKey(slug, "participants", insats, None, FINSAM_STRUCTURAL)
        for insats in [*(r["code"] for r in figures["structural"]), None]
    ]
    return found if figures["individual"] or figures["structural"] else []


def anonymous_keys(period: FixedPeriod, figures: dict[str, Any] | None) -> list[FigureKey]:
    """The anonymous counts behind the Finsam tables: audited, never published (by gender, and for an
    individinriktad insats all genders together; a structural insats publishes that sum as its count)."""
    if not figures:
        return []
    individual = [r["code"] for r in figures["individual"]]
    structural = [r["code"] for r in figures["structural"]]
    return [
        FigureKey(period.slug, "participants", code, gender, ANONYMOUS)
        for code in [*individual, *structural]
        for gender in [None, *GENDERS]
        if gender is not None or code in individual
    ]


def paths(key: FigureKey, figures: dict[str, Any]) -> list[Path]:
    """Where a count is printed in the Finsam figures (the dict of `internal`)."""
    column = GENDER_COLUMNS[key.gender]
    if key.table == FINSAM:
        if key.insats is None:
            return [("individual_total", column)] if figures["individual"] else []
        return [
            ("individual", i, "participants", column)
            for i, r in enumerate(figures["individual"])
            if r["code"] == key.insats
        ]
    if key.table == FINSAM_STRUCTURAL:
        if key.insats is None:
            return [("structural_total",)] if figures["structural"] else []
        return [
            ("structural", i, "participants") for i, r in enumerate(figures["structural"]) if r["code"] == key.insats
        ]
    return []


def _individual_position(path: Path) -> Position:
    if path[0] == "individual_total":
        column = COLUMNS.index(path[1])
        return Position.grand_total() if column == 0 else Position.column_total(column - 1)
    row, column = path[1], COLUMNS.index(path[3])
    return Position.row_total(row) if column == 0 else Position.cell(row, column - 1)


def publish(figures: dict[str, Any], k: int, *, also_hide: frozenset[Path] = frozenset()) -> dict[str, Any]:
    """The published Finsam figures: small counts hidden (None) with what would give them away, and every
    count at a path of `also_hide` hidden too; the anonymous split dropped."""
    individual = [
        {"code": r["code"], "name": r["name"], "participants": dict(r["participants"])} for r in figures["individual"]
    ]
    structural = [
        {"code": r["code"], "name": r["name"], "participants": r["participants"]} for r in figures["structural"]
    ]
    published: dict[str, Any] = {
        "year": figures["year"],
        "individual": individual,
        "individual_total": dict(figures["individual_total"]),
        "structural": structural,
        "structural_total": figures["structural_total"],
    }
    if individual:
        table = suppress_table(
            [[r["participants"][key] for key in KEYS] for r in individual],
            True,
            True,
            True,
            k,
            also_hide=[
                _individual_position(p)
                for p in also_hide
                if p[0].startswith("individual") and printed_value(figures, p)
            ],
            ncols=3,
        )
        assert table.row_totals is not None and table.column_totals is not None
        for i, row in enumerate(individual):
            row["participants"] = {"all": table.row_totals[i], **dict(zip(KEYS, table.cells[i], strict=True))}
        published["individual_total"] = {"all": table.grand_total, **dict(zip(KEYS, table.column_totals, strict=True))}
    if structural:
        hide = [
            Position.row_total(0) if p[0] == "structural_total" else Position.cell(0, p[1])
            for p in also_hide
            if p[0].startswith("structural") and printed_value(figures, p)
        ]
        table = suppress_table(
            [[r["participants"] for r in structural]], True, None, None, k, also_hide=hide, ncols=len(structural)
        )
        assert table.row_totals is not None
        for row, value in zip(structural, table.cells[0], strict=True):
            row["participants"] = value
        published["structural_total"] = table.row_totals[0]
    for path in also_hide:  # a forced zero too (the table's suppression never hides a zero itself)
        _hide(published, path)
    return published


def _hide(figures: dict[str, Any], path: Path) -> None:
    if len(path) == 1:
        figures[path[0]] = None
        return
    printed_value(figures, path[:-1])[path[-1]] = None
