"""The report's SQL, generated: a single statement, one pass over the period's enrollments.

Raw SQL because the main scan has some seventy aggregates: Django needs ~0.4 s just to resolve that
many filtered aggregates, more than the database needs to compute them. Everything interpolated into the
SQL text is an integer computed here (code-list ids, band edges, years); dates and förbund/insats ids go
as parameters. Conditions are written once and are the same on SQLite and PostgreSQL; only the months
expression differs (expressions.MonthsBetween).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from samordna.participants.models import Enrollment, Participant
from samordna.reports.participant_stats.bands import Band
from samordna.reports.participant_stats.expressions import MonthsBetween, _fill

ENROLLMENT = Enrollment._meta.db_table
PARTICIPANT = Participant._meta.db_table
SUPPORT_BEFORE = Enrollment.support_before.through._meta.db_table


@dataclass(frozen=True)
class Scope:
    """Which enrollments: a period, optionally some förbund and some insatser (None = all)."""

    date_from: dt.date
    date_to: dt.date
    association_ids: Sequence[int] | None
    intervention_ids: Sequence[int] | None

    def where(self, e: str = "e") -> tuple[str, list[Any]]:
        """The WHERE clause of "during the period" (`e`: the enrollment's alias) and its parameters."""
        adapt = connection.ops.adapt_datefield_value
        sql = [f"{e}.start_date <= %s AND ({e}.end_date IS NULL OR {e}.end_date >= %s)"]
        params: list[Any] = [adapt(self.date_to), adapt(self.date_from)]
        for column, ids in (("association_id", self.association_ids), ("intervention_id", self.intervention_ids)):
            if ids is None:
                continue
            if not ids:
                sql.append("1 = 0")
            elif len(ids) == 1:
                sql.append(f"{e}.{column} = %s")
                params.append(ids[0])
            else:
                sql.append(f"{e}.{column} IN ({', '.join(['%s'] * len(ids))})")
                params.extend(ids)
        return " AND ".join(sql), params


def _where(function: str, expression: str, condition: str) -> str:
    """An aggregate over the rows meeting `condition`: FILTER on PostgreSQL (cheaper), CASE on SQLite."""
    if connection.vendor == "postgresql":
        return f"{function}({expression}) FILTER (WHERE {condition})"
    return f"{function}(CASE WHEN {condition} THEN {expression} END)"


def _count(condition: str) -> str:
    return _where("COUNT", "*", condition) if connection.vendor == "postgresql" else _where("COUNT", "1", condition)


def _ids(values: Sequence[int]) -> str:
    return ", ".join(str(int(v)) for v in values) or "NULL"


class MainScan:
    """One scan grouped by insats, home kommun and gender, with a column per table cell."""

    def __init__(self, *, scope: Scope, age_bands: list[Band], years_bands: list[Band], education: list[int],
                 end_reasons: list[int], occupations: list[int], positive: list[int], support: list[int],
                 persons: bool = False) -> None:
        if len(support) > 60:
            raise ValueError("support_mask holds at most 60 support-before codes")
        self.scope = scope
        self.support = support
        self.persons = persons
        new, ended = "e.is_new = 1", "e.is_ended = 1"
        columns: list[tuple[str, str]] = [  # (name, SQL over the derived table of _period_rows)
            ("all", "COUNT(*)"),
            ("new", _count(f"{new}")),
            ("ended", _count(f"{ended}")),
        ]
        year = scope.date_to.year
        for i, band in enumerate(age_bands):
            cond = f"e.birth_year <= {year - band.low}"
            if band.high is not None:
                cond += f" AND e.birth_year >= {year - band.high}"
            columns.append((f"age{i}", _count(f"{cond}")))
        for i, band in enumerate(years_bands):
            cond = f"{new} AND e.years_in_support_before >= {int(band.low)}"
            if band.high is not None:
                cond += f" AND e.years_in_support_before < {int(band.high) + 1}"
            columns.append((f"years{i}", _count(f"{cond}")))
        for pk in education:
            columns.append((f"edu{pk}", _count(f"e.education_id = {int(pk)}")))
        columns.append(("edunull", _count("e.education_id IS NULL")))
        for pk in end_reasons:
            columns.append((f"reason{pk}", _count(f"{ended} AND e.end_reason_id = {int(pk)}")))
        for pk in occupations:
            columns.append((f"occ{pk}",
                            _count(f"{ended} AND e.occupation_after_id = {int(pk)}")))
        columns.append(("occnull", _count(f"{ended} AND e.occupation_after_id IS NULL")))
        columns.append(("positive", _count(f"{ended} AND e.end_reason_id IN ({_ids(positive)})")))
        for bit, pk in enumerate(support):
            columns.append((f"support{pk}", _count(f"(e.support_mask & {1 << bit}) <> 0")))
        if persons:
            columns.append(("persons", _count("e.first_of_person = 1")))
        months, _ = self._months()
        columns.append(("months_sum", _where("SUM", months, ended)))
        columns.append(("years_sum", _where("SUM", "e.years_in_support_before", new)))
        columns.append(("years_n", _where("COUNT", "e.years_in_support_before", new)))
        self.columns = columns

    @staticmethod
    def _months() -> tuple[str, list[Any]]:
        template = MonthsBetween.POSTGRESQL if connection.vendor == "postgresql" else MonthsBetween.SQLITE
        return _fill(template, {"s": ("e.start_date", []), "e": ("e.end_date", [])})

    def _period_rows(self) -> tuple[str, list[Any]]:
        """The period's enrollments with what the aggregates need, each row computed once.

        support_mask: one bit per support-before code (the many-to-many, one index probe per row).
        first_of_person (only when persons are counted): 1 on a person's first enrollment (lowest id) in
        scope, so distinct persons add up across groups; one more index probe per row.
        """
        where, params = self.scope.where("e")
        other, other_params = self.scope.where("o") if self.persons else ("", [])
        bits = " ".join(f"WHEN {int(pk)} THEN {1 << bit}" for bit, pk in enumerate(self.support)) or "WHEN 0 THEN 0"
        # Keep the derived table from being merged into the aggregate, which would re-run its subqueries
        # once per reference: SQLite does not flatten a LIMITed subquery into an aggregate, PostgreSQL
        # does not pull up one with OFFSET.
        first = (f"CASE WHEN EXISTS (SELECT 1 FROM {ENROLLMENT} o WHERE o.participant_id = e.participant_id "
                 f"AND o.id < e.id AND {other}) THEN 0 ELSE 1 END") if self.persons else "0"
        barrier = "OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1"
        adapt = connection.ops.adapt_datefield_value
        columns = (f"e.intervention_id, e.start_date, e.end_date, e.education_id, e.end_reason_id, "
                   f"CASE WHEN e.start_date >= %s THEN 1 ELSE 0 END AS is_new, "
                   f"CASE WHEN e.end_date <= %s THEN 1 ELSE 0 END AS is_ended, "
                   f"e.occupation_after_id, e.years_in_support_before, p.municipality_id, p.gender, p.birth_year, "
                   f"{first} AS first_of_person")
        joined = f"{ENROLLMENT} e JOIN {PARTICIPANT} p ON p.id = e.participant_id"
        if connection.vendor == "postgresql":
            # A join lets the planner choose: index probes for one förbund, a hash join nationally.
            bits = " ".join(f"WHEN {int(pk)} THEN {1 << bit}::bigint" for bit, pk in enumerate(self.support)) \
                or "WHEN 0 THEN 0::bigint"
            sql = (f"SELECT {columns}, BIT_OR(CASE s.codelistentry_id {bits} END) AS support_mask "
                   f"FROM {joined} LEFT JOIN {SUPPORT_BEFORE} s ON s.enrollment_id = e.id "
                   f"WHERE {where} GROUP BY e.id, p.id {barrier}")
        else:
            sql = (f"SELECT {columns}, (SELECT SUM(CASE s.codelistentry_id {bits} ELSE 0 END) FROM {SUPPORT_BEFORE} s "
                   f"WHERE s.enrollment_id = e.id) AS support_mask FROM {joined} WHERE {where} {barrier}")
        return sql, [adapt(self.scope.date_from), adapt(self.scope.date_to), *other_params, *params]

    @property
    def names(self) -> list[str]:
        """The names of the aggregate columns, in the order `rows` returns them after the three keys."""
        return [c[0] for c in self.columns]

    def rows(self) -> list[tuple[Any, ...]]:
        """(intervention_id, municipality_id, gender, *aggregates) per group."""
        select = [sql for _name, sql in self.columns]
        inner, inner_params = self._period_rows()
        query = (f"SELECT e.intervention_id, e.municipality_id, e.gender, {', '.join(select)} "
                 f"FROM ({inner}) e GROUP BY e.intervention_id, e.municipality_id, e.gender")
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(query, inner_params)
                return cursor.fetchall()
        # The statement is costed high enough for PostgreSQL to JIT-compile it,
        # which costs ~1.7 s and saves nothing on a one-pass aggregate; the group sort fits in 64 MB.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
            cursor.execute(query, inner_params)
            return cursor.fetchall()
