"""The participant report's counts on PostgreSQL: GROUPING SETS, one small grouping per table.

Parallel workers read and join the period's rows and reduce each to a few small integers (sql.period_rows);
the leader hashes each row into one group of each set: a few dozen groups per set (a few thousand for the
per-insats set nationally), with three aggregates (rows, months, tenths of years). A result row belongs to
the set whose columns GROUPING() reports as present. PostgreSQL 15 hashes grouping sets in one process, so
nationally the report takes about twice a plain parallel aggregate over the same rows; ~50 parallel FILTER
aggregates were no faster (docs/participant-report.md).
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.db import connection, transaction

from samordna.reports.participant_stats.sql import GENDERS, PER_INTERVENTION, Counts, Scope, Spec, period_rows

SETS = {
    "interventions": ("intervention_id", "gender", "status"),
    "municipalities": ("municipality_id", "is_new"),
    "person": ("gender", "age_band", "years_band", "education_id"),  # one hash probe for three small tables
    "outcomes": ("end_reason_id", "occupation_after_id"),
    "support": ("gender", "support_mask"),
    "persons": ("gender", "first_of_person"),
}
NEW, ENDED, POSITIVE = 1, 2, 4  # the bits of period_rows' status


def _statement(scope: Scope, spec: Spec) -> tuple[str, list[Any], dict[int, str], list[str]]:
    """(SQL, parameters, GROUPING() value → set name, the dimension columns in the order selected)."""
    sets = {kind: columns for kind, columns in SETS.items() if kind != "persons" or spec.persons}
    rows_sql, params = period_rows(scope, spec)
    rows_sql += " OFFSET 0"  # kept a subquery: parallel workers compute each row's values, not the leader alone
    used = list(dict.fromkeys(column for columns in sets.values() for column in columns))
    dimensions = ", ".join(f"r.{name}" for name in used)
    grouping = ", ".join("(" + ", ".join(f"r.{c}" for c in columns) + ")" for columns in sets.values())
    query = (
        f"SELECT GROUPING({dimensions}), {dimensions}, COUNT(*), SUM(r.months), SUM(r.years_tenths) "
        f"FROM ({rows_sql}) r GROUP BY GROUPING SETS ({grouping})"
    )
    width = len(used)
    kinds = {
        sum(1 << (width - 1 - i) for i, name in enumerate(used) if name not in columns): kind
        for kind, columns in sets.items()
    }
    return query, params, kinds, used


def scan(scope: Scope, spec: Spec) -> Counts:
    """Run the statement and fold each set's rows into Counts."""
    query, params, kinds, used = _statement(scope, spec)
    # The statement is costed high enough for PostgreSQL to JIT-compile it, which costs more than it saves on
    # one pass over the rows; with the default 4 MB of work memory it would sort some sets instead of hashing.
    # For some förbund (a few thousand rows) parallel workers cost more to start than they save.
    settings = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
    if scope.association_ids is not None:
        settings += "; SET LOCAL max_parallel_workers_per_gather = 0"
    return _fold(_fetch(settings, query, params), kinds, used, spec)


def _fold(rows: list[tuple[Any, ...]], kinds: dict[int, str], used: list[str], spec: Spec) -> Counts:
    """The result rows, sorted by set (GROUPING() value in kinds), summed into Counts."""
    by_kind: dict[str, list[tuple[Any, ...]]] = {kind: [] for kind in kinds.values()}
    for row in rows:
        by_kind[kinds[row[0]]].append(row)
    at = {name: i + 1 for i, name in enumerate(used)}
    n = len(used) + 1  # COUNT(*), then SUM(months), SUM(years_tenths)
    counts = Counts()
    _fold_interventions(
        counts,
        [
            (r[at["intervention_id"]], r[at["gender"]], r[at["status"]], r[n], r[n + 1])
            for r in by_kind["interventions"]
        ],
    )
    for row in by_kind["municipalities"]:
        counts.add_municipality(row[at["municipality_id"]], row[n] if row[at["is_new"]] else 0, row[n])
    cells: dict[tuple[str, Any, int | None], Any] = {}
    for row in by_kind["person"]:
        gender, count = row[at["gender"]], row[n]
        keys = [("edu", row[at["education_id"]], gender)]
        if row[at["age_band"]] is not None:
            keys.append(("age", row[at["age_band"]], gender))
        years = row[at["years_band"]]
        if years is not None:  # new, with years known (-1: outside every band)
            keys.append(("years_n", "", None))
            _add(cells, ("years_tenths", "", None), row[n + 2] or 0)
            if years >= 0:
                keys.append(("years", years, gender))
        for key in keys:
            _add(cells, key, count)
    for row in by_kind["outcomes"]:
        if row[at["end_reason_id"]] is not None:  # ended in the period: a reason is required
            _add(cells, ("reason", row[at["end_reason_id"]], None), row[n])
            _add(cells, ("occ", row[at["occupation_after_id"]], None), row[n])
    for row in by_kind["support"]:
        for pk, bit in spec.support_bits.items():
            if row[at["support_mask"]] & bit:
                _add(cells, ("support", pk, row[at["gender"]]), row[n])
    for row in by_kind.get("persons", []):
        if row[at["first_of_person"]]:
            _add(cells, ("persons", "", row[at["gender"]]), row[n])
    for (table, code, gender), value in cells.items():
        counts.add(f"{table}{'null' if code is None else code}", value, None if gender is None else GENDERS[gender])
    return counts.finish()


def _add(cells: dict[tuple[str, Any, int | None], Any], key: tuple[str, Any, int | None], value: Any) -> None:
    """cells[key] += value. A key is (table, code or band or "", gender index or None): plain tuples while
    folding, turned into Counts' names once at the end."""
    cells[key] = cells.get(key, 0) + value


def _fetch(settings: str, query: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """The statement's rows, run under `settings` (SET LOCAL …), in one round trip where the driver allows.

    psycopg's client-side binding (Django's default) sends the text whole, and PostgreSQL runs the statements
    of one message as one implicit transaction: SET LOCAL holds for the statement and ends with it. With
    server-side binding (one statement per message) the settings go first, in a transaction of their own.
    """
    with connection.cursor() as cursor:
        if isinstance(cursor.cursor, psycopg.ClientCursor):
            cursor.execute(f"{settings}; {query}", params)
            while cursor.description is None and cursor.nextset():
                pass
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(settings)
        cursor.execute(query, params)
        return cursor.fetchall()


def _fold_interventions(counts: Counts, rows: list[tuple[int, int, int, int, float | None]]) -> None:
    """The per-insats set (the most rows nationally), rows of (insats, gender index, status, count, months):
    per insats and gender first, then into `counts`."""
    sums: dict[tuple[int, str], list[Any]] = {}
    for intervention, gender, status, count, months in rows:
        key = (intervention, GENDERS[gender])
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0, 0, 0, 0, 0.0]
        acc[0] += count
        if status & NEW:
            acc[1] += count
        if status & ENDED:
            acc[2] += count
            acc[4] += months or 0
        if status & POSITIVE:
            acc[3] += count
    counts.add_per_intervention(sums)
    totals: dict[tuple[str, str | None], Any] = {}
    for (_intervention, gender), values in sums.items():  # the set also carries the totals
        for name, value in zip(PER_INTERVENTION, values, strict=True):
            key = (name, None if name == "months_sum" else gender)
            totals[key] = totals.get(key, 0) + value
    for (name, gender), value in totals.items():
        counts.add(name, value, gender)
