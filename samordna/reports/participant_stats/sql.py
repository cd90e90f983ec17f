"""The report's SQL, generated: one statement, one pass over the period's enrollments.

Raw SQL because the statement has dozens of aggregates: Django needs ~0.4 s just to resolve that many
filtered aggregates, more than the database needs to compute them. Everything interpolated into the SQL
text is an integer or a date computed here (code-list ids, bits, band edges, years); förbund and insats ids
go as parameters.

The rows are the same on both databases: the period's enrollments (`Scope`) joined with their participants,
the support-before codes read from the enrollment's own mask (participants.support_mask). How they are
counted differs, because what is cheap differs:

- SQLite (scan_sqlite): one conditional aggregate per table cell over the rows' own columns, grouped by
  insats, home kommun and gender. SQLite spends a few nanoseconds on an aggregate but sorts for every
  GROUP BY, so one grouping it is.
- PostgreSQL (scan_postgresql): `period_rows` reduces each row to a few small values (new? ended? age band?
  …), and GROUPING SETS count them, one small hash table per table of the report. PostgreSQL spends ~20 ns
  on each filtered aggregate of each row but little on a hash probe into a few dozen groups.

Both return `Counts`, the sums the builder turns into the report; the report tests run on both databases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from samordna.core.choices import Gender
from samordna.participants.models import Enrollment, Participant
from samordna.reports.participant_stats.bands import Band
from samordna.reports.participant_stats.expressions import MonthsBetween, _fill

ENROLLMENT = Enrollment._meta.db_table
PER_INTERVENTION = ("all", "new", "ended", "positive", "months_sum")  # the sums kept per insats
PARTICIPANT = Participant._meta.db_table


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

    def enrollments(self, e: str = "e") -> str:
        """The enrollment table as the FROM clause names it.

        For every förbund at once SQLite would walk an index on the dates and fetch each row by rowid: about
        twice as slow as reading the table straight through, which NOT INDEXED makes it do.
        """
        if connection.vendor == "sqlite" and self.association_ids is None and self.intervention_ids is None:
            return f"{ENROLLMENT} {e} NOT INDEXED"
        return f"{ENROLLMENT} {e}"


@dataclass(frozen=True)
class Spec:
    """What the report counts: its bands, the code-list ids of each table, and the support codes' bits."""

    age_bands: list[Band]
    years_bands: list[Band]
    education: list[int]
    end_reasons: list[int]
    occupations: list[int]
    positive: list[int]
    support_bits: dict[int, int]  # support code-list entry id → its bit value in support_before_mask
    persons: bool = False


@dataclass
class Counts:
    """The scan's sums, keyed as the builder reads them.

    `total`: "name_gender" and "name" → sum over everything, for names all, new, ended, age{i}, years{i},
    edu{id}, edunull, support{id}, persons (by gender) and reason{id}, occ{id}, occnull, positive,
    months_sum, years_tenths, years_n and (after finish) years_sum as a Decimal. `interventions`: insats id →
    all, new, ended, positive, months_sum and "name_gender" for the first three. `municipalities`: kommun
    code → {"new", "all"}.
    """

    total: dict[str, Any] = field(default_factory=dict)
    interventions: dict[int, dict[str, Any]] = field(default_factory=dict)
    municipalities: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, name: str, value: Any, gender: str | None = None) -> None:
        """Add `value` to total[name] and, with a gender, to total[name_gender]."""
        if not value:
            return
        self.total[name] = self.total.get(name, 0) + value
        if gender is not None:
            key = f"{name}_{gender}"
            self.total[key] = self.total.get(key, 0) + value

    def add_intervention(self, intervention_id: int, name: str, value: Any, gender: str | None = None) -> None:
        """Add `value` to the insats's `name` (and `name_gender`)."""
        if not value:
            return
        sums = self.interventions.setdefault(intervention_id, {})
        sums[name] = sums.get(name, 0) + value
        if gender is not None:
            sums[f"{name}_{gender}"] = sums.get(f"{name}_{gender}", 0) + value

    def add_municipality(self, code: str, new: int, all_: int) -> None:
        """Add to a kommun's new and all."""
        sums = self.municipalities.setdefault(code, {"new": 0, "all": 0})
        sums["new"] += new
        sums["all"] += all_

    def add_per_intervention(self, sums: dict[tuple[int, str], Sequence[Any]]) -> None:
        """Add (insats, gender) → PER_INTERVENTION sums to the insatser (all, new, ended also by gender)."""
        for (intervention, gender), values in sums.items():
            for name, value in zip(PER_INTERVENTION, values, strict=True):
                self.add_intervention(intervention, name, value, gender if name in ("all", "new", "ended") else None)

    def finish(self) -> Counts:
        """years_sum as an exact decimal, from the sum of tenths."""
        self.total["years_sum"] = Decimal(round(self.total.get("years_tenths") or 0)) / 10
        return self


def _band_case(bands: list[Band], condition: Any, outside: tuple[str, int] | None = None) -> str:
    """CASE giving the index of the first band whose `condition(band)` holds; outside every band NULL, or
    `outside`'s value where its condition holds."""
    whens = [f"WHEN {condition(band)} THEN {i}" for i, band in enumerate(bands)]
    if outside is not None:
        whens.append(f"WHEN {outside[0]} THEN {outside[1]}")
    return f"CASE {' '.join(whens)} END" if whens else "NULL"


def age_condition(year: int, birth_year: str = "r.birth_year") -> Any:
    """Age = `year` − birth year; band "a-b" holds ages a..b, so birth years year−b..year−a."""

    def condition(band: Band) -> str:
        sql = f"{birth_year} <= {year - int(band.low)}"
        return sql if band.high is None else f"{sql} AND {birth_year} >= {year - int(band.high)}"

    return condition


def years_condition(years: str = "r.years_in_support_before") -> Any:
    """Band "a-b" of years in public support holds a <= years < b + 1 (decimal years)."""

    def condition(band: Band) -> str:
        sql = f"{years} >= {int(band.low)}"
        return sql if band.high is None else f"{sql} AND {years} < {int(band.high) + 1}"

    return condition


def months_sql(e: str = "r") -> str:
    """Calendar months between `e`.start_date and `e`.end_date (expressions.MonthsBetween), for this database."""
    template = MonthsBetween.POSTGRESQL if connection.vendor == "postgresql" else MonthsBetween.SQLITE
    return _fill(template, {"s": (f"{e}.start_date", []), "e": (f"{e}.end_date", [])})[0]


GENDERS = tuple(Gender.values)  # period_rows numbers the genders by their place here


def period_rows(scope: Scope, spec: Spec) -> tuple[str, list[Any]]:
    """SELECT of the period's enrollments, one row each, as the small integers the report counts (PostgreSQL:
    scan_postgresql; tenths of a year as an integer, whose sums are PostgreSQL's cheap ones).

    Columns: intervention_id; gender (its index in GENDERS); status (1 new + 2 ended + 4 ended with a positive
    reason); municipality_id; is_new (0/1); age_band (index or NULL); years_band (index; -1 when new with years
    known but outside every band; NULL when not new or not known); education_id; end_reason_id and
    occupation_after_id (NULL unless ended); support_mask; first_of_person (1 on a person's first enrollment in
    scope; only computed when persons are counted); months (NULL unless ended); years_tenths (NULL unless new).
    The values are computed once in the inner SELECT; CASE on its flags in the outer one.
    """
    where, params = scope.where("e")
    adapt = connection.ops.adapt_datefield_value
    first, first_params = "0", []
    if spec.persons:
        other, first_params = scope.where("o")
        first = (
            f"CASE WHEN EXISTS (SELECT 1 FROM {ENROLLMENT} o WHERE o.participant_id = e.participant_id "
            f"AND o.id < e.id AND {other}) THEN 0 ELSE 1 END"
        )
    gender = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(GENDERS))
    inner = (
        f"SELECT e.intervention_id, e.start_date, e.end_date, e.education_id, e.end_reason_id, "
        f"e.occupation_after_id, e.years_in_support_before, e.support_before_mask, "
        f"p.municipality_id, CASE p.gender {gender} END AS gender, p.birth_year, "
        f"CASE WHEN e.start_date >= %s THEN 1 ELSE 0 END AS is_new, "
        f"CASE WHEN e.end_date <= %s THEN 1 ELSE 0 END AS is_ended, {first} AS first_of_person "
        f"FROM {scope.enrollments('e')} JOIN {PARTICIPANT} p ON p.id = e.participant_id WHERE {where}"
    )
    positive = ", ".join(str(int(pk)) for pk in spec.positive) or "NULL"
    ended = "r.is_ended = 1"
    years = _band_case(spec.years_bands, years_condition(), ("r.years_in_support_before IS NOT NULL", -1))
    sql = (
        f"SELECT r.intervention_id, r.gender, "
        f"r.is_new + 2 * r.is_ended + CASE WHEN {ended} AND r.end_reason_id IN ({positive}) THEN 4 ELSE 0 END "
        f"AS status, r.municipality_id, r.is_new, "
        f"{_band_case(spec.age_bands, age_condition(scope.date_to.year))} AS age_band, "
        f"CASE WHEN r.is_new = 1 THEN {years} END AS years_band, "
        f"r.education_id, "
        f"CASE WHEN {ended} THEN r.end_reason_id END AS end_reason_id, "
        f"CASE WHEN {ended} THEN r.occupation_after_id END AS occupation_after_id, "
        f"r.support_before_mask AS support_mask, r.first_of_person, "
        f"CASE WHEN {ended} THEN {months_sql('r')} END AS months, "
        f"CASE WHEN r.is_new = 1 THEN CAST(r.years_in_support_before * 10 AS INTEGER) END AS years_tenths "
        f"FROM ({inner}) r"
    )
    return sql, [adapt(scope.date_from), adapt(scope.date_to), *first_params, *params]
