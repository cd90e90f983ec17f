"""The participant report's counts on PostgreSQL: GROUPING SETS, one small grouping per table.

Each period row is hashed into one group of each set: a few dozen groups per set (a few thousand for the
per-insats set nationally). A row of the result belongs to the set whose columns GROUPING() reports as present.
PostgreSQL 15 hashes grouping sets in one process (parallel workers only read and join the rows), so
nationally the report takes some 2.5 times a plain parallel aggregate over the same rows; ~50 parallel
FILTER aggregates were no faster (docs/participant-report.md).
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection, transaction

from samordna.reports.participant_stats.sql import PER_INTERVENTION, Counts, Scope, Spec, period_rows

DIMENSIONS = ("intervention_id", "municipality_id", "gender", "is_new", "is_ended", "positive", "age_band",
              "years_band", "education_id", "end_reason_id", "occupation_after_id", "support_mask",
              "first_of_person")
SETS = {
    "interventions": ("intervention_id", "gender", "is_new", "is_ended", "positive"),
    "municipalities": ("municipality_id", "is_new"),
    "person": ("gender", "age_band", "years_band", "education_id"),  # one hash probe for three small tables
    "outcomes": ("end_reason_id", "occupation_after_id"),
    "support": ("gender", "support_mask"),
    "persons": ("gender", "first_of_person"),
}


def _grouping_id(dimensions: list[str], columns: tuple[str, ...]) -> int:
    """What GROUPING(dimensions) returns for a row of the set of `columns` (a bit per absent column)."""
    width = len(dimensions)
    return sum(1 << (width - 1 - i) for i, name in enumerate(dimensions) if name not in columns)


def _fold(counts: Counts, spec: Spec, kind: str, row: _Row) -> None:
    """Add one result row of set `kind` to `counts` (the per-insats set goes to _fold_interventions)."""
    gender, n = row["gender"], row["n"]
    if kind == "municipalities":
        counts.add_municipality(row["municipality_id"], n if row["is_new"] else 0, n)
    elif kind == "person":
        if row["age_band"] is not None:
            counts.add(f"age{row['age_band']}", n, gender)
        if row["years_band"] is not None:
            counts.add(f"years{row['years_band']}", n, gender)
        education = row["education_id"]
        counts.add("edunull" if education is None else f"edu{education}", n, gender)
        counts.add("years_tenths", row["years_tenths"] or 0)
        counts.add("years_n", row["years_n"])
    elif kind == "outcomes" and row["end_reason_id"] is not None:  # ended in the period: a reason is required
        counts.add(f"reason{row['end_reason_id']}", n)
        occupation = row["occupation_after_id"]
        counts.add("occnull" if occupation is None else f"occ{occupation}", n)
    elif kind == "support":
        for pk, bit in spec.support_bits.items():
            if row["support_mask"] & bit:
                counts.add(f"support{pk}", n, gender)
    elif kind == "persons" and row.get("first_of_person"):
        counts.add("persons", n, gender)


def scan(scope: Scope, spec: Spec) -> Counts:
    """Run the statement and fold each set's rows into Counts."""
    sets = {kind: columns for kind, columns in SETS.items() if kind != "persons" or spec.persons}
    rows_sql, params = period_rows(scope, spec)
    rows_sql += " OFFSET 0"  # kept a subquery: parallel workers compute each row's values, not the leader alone
    used = [name for name in DIMENSIONS if any(name in columns for columns in sets.values())]
    dimensions = ", ".join(f"r.{name}" for name in used)
    grouping = ", ".join("(" + ", ".join(f"r.{c}" for c in columns) + ")" for columns in sets.values())
    query = (f"SELECT GROUPING({dimensions}), {dimensions}, COUNT(*), SUM(r.months), SUM(r.years_tenths), "
             f"COUNT(r.years_tenths) FROM ({rows_sql}) r GROUP BY GROUPING SETS ({grouping})")
    kinds = {_grouping_id(used, columns): kind for kind, columns in sets.items()}
    names = (*used, "n", "months_sum", "years_tenths", "years_n")
    # The statement is costed high enough for PostgreSQL to JIT-compile it, which costs more than it saves on
    # one pass over the rows; with the default 4 MB of work memory it would sort some sets instead of hashing.
    # For some förbund (a few thousand rows) parallel workers cost more to start than they save.
    settings = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
    if scope.association_ids is not None:
        settings += "; SET LOCAL max_parallel_workers_per_gather = 0"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(settings)
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts = Counts()
    per_intervention = []
    for row in rows:
        kind = kinds[row[0]]
        if kind == "interventions":
            per_intervention.append(row)
        else:
            _fold(counts, spec, kind, _Row(names, row))
    _fold_interventions(counts, names, per_intervention)
    return counts.finish()


def _fold_interventions(counts: Counts, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """The per-insats set (the most rows nationally): per insats and gender first, then into `counts`."""
    at = _positions(names)
    i, g, new, ended, positive, n, months = (at[name] for name in (
        "intervention_id", "gender", "is_new", "is_ended", "positive", "n", "months_sum"))
    sums: dict[tuple[int, str], list[Any]] = {}
    for row in rows:
        acc = sums.get((row[i], row[g]))
        if acc is None:
            acc = sums[(row[i], row[g])] = [0, 0, 0, 0, 0.0]
        count = row[n]
        acc[0] += count
        if row[new]:
            acc[1] += count
        if row[ended]:
            acc[2] += count
            acc[4] += row[months] or 0
        if row[positive]:
            acc[3] += count
    counts.add_per_intervention(sums)
    for (_intervention, gender), values in sums.items():  # the set also carries the totals
        for name, value in zip(PER_INTERVENTION, values, strict=True):
            counts.add(name, value, None if name == "months_sum" else gender)


class _Row:
    """A result row read by column name (the names of `scan`, after the GROUPING() column)."""

    __slots__ = ("_at", "_row")

    def __init__(self, names: tuple[str, ...], row: tuple[Any, ...]) -> None:
        self._at = _positions(names)
        self._row = row

    def __getitem__(self, name: str) -> Any:
        return self._row[self._at[name]]

    def get(self, name: str) -> Any:
        """The value of column `name`, None when the statement has no such column."""
        at = self._at.get(name)
        return None if at is None else self._row[at]


@functools.cache
def _positions(names: tuple[str, ...]) -> dict[str, int]:
    return {name: i + 1 for i, name in enumerate(names)}
