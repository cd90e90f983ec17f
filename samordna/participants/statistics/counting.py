"""What the participant report counts, read from the database with the same ORM code on SQLite and PostgreSQL.

`count_period` asks three questions about the period's enrollments (`enrollments`, see builder.period_enrollments)
and returns the answers as a `Tally`, keyed by plain values; builder.py turns a Tally into the report.

1. `_grouped`: one GROUP BY insats, gender and home kommun, with a conditional count (`Count(filter=Q(...))`) per
   cell of the small tables: new, ended, each age band, each band of years in support, each education, end
   reason and occupation after. A national report gets a few thousand groups; Python adds them up.
2. `_ended_dates`: (insats, start, end) of the enrollments that ended in the period. Months in the insats are
   computed from them in Python (bands.month_parts): exact, and the same on both databases.
3. The support bits (SupportBit: code-list id → bit), a small table; the grouped query then counts the
   support-before table per code as a conditional count on Enrollment.support_before_mask (`mask & 2**bit > 0`),
   which the services keep in step with the links (support_mask.py). On SQLite this is much faster than joining
   the link table to the period's enrollments in a query of its own (docs/participant-report.md).

With `persons`, a fourth counts the distinct people by gender. The number of queries does not grow with the number
of enrollments.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.lookups import GreaterThan

from samordna.participants.models import Enrollment, SupportBit
from samordna.participants.statistics.bands import Band, month_parts

# A key of Tally.cells: (table, code or band index or None, gender or None).
Key = tuple[str, Any, str | None]


@dataclass
class Tally:
    """The period's counts of enrollments.

    `cells[(table, key, gender)]`, gender one of Gender's values (None where a table has no gender split):
    - ("participants" | "new" | "ended", None, gender): the totals;
    - ("age", band index, gender) over all, ("years", band index, gender) over the new (only values in a band);
    - ("education", code-list id or None, gender), ("support", code-list id, gender);
    - ("reason", id, None), ("occupation", id or None, None), ("positive", None, None) over the ended;
    - ("persons", None, gender): distinct people (only with persons=True).

    `interventions[insats id][(name, gender)]` for name participants, new, ended (by gender) and positive
    (gender None); `month_parts[insats id]`: the ended enrollments' months in the insats, in MONTH_PARTS;
    `municipalities[(kommun code, "all" | "new")]`; `years_sum`, `years_n`: years in support before of the new
    enrollments that have a value.
    """

    cells: Counter[Key] = field(default_factory=Counter)
    interventions: dict[int, Counter[tuple[str, str | None]]] = field(default_factory=dict)
    month_parts: Counter[int] = field(default_factory=Counter)
    municipalities: Counter[tuple[str, str]] = field(default_factory=Counter)
    years_sum: Decimal = Decimal(0)
    years_n: int = 0


@dataclass(frozen=True)
class Columns:
    """What the grouped query counts: the bands, the code-list ids of each table and the year ages are taken in."""

    age_year: int
    age_bands: Sequence[Band]
    years_bands: Sequence[Band]
    education: Sequence[int]
    end_reasons: Sequence[int]
    occupations: Sequence[int]
    positive: Sequence[int]


def count_period(
    enrollments: QuerySet[Enrollment],
    *,
    date_from: dt.date,
    date_to: dt.date,
    columns: Columns,
    persons: bool = False,
) -> Tally:
    """Count the period's enrollments (see the module docstring): three queries, four with `persons`."""
    tally = Tally()
    # Codes without a bit have never been written to an enrollment (every writer assigns bits first).
    bits = dict(SupportBit.objects.filter(entry__isnull=False).values_list("entry_id", "bit"))
    _grouped(tally, enrollments, date_from, date_to, columns, bits)
    for intervention, start, end in _ended_dates(enrollments, date_to):
        tally.month_parts[intervention] += month_parts(start, end)
    if persons:
        people = enrollments.values_list("participant__gender").annotate(n=Count("participant", distinct=True))
        for gender, n in people.order_by():
            tally.cells[("persons", None, gender)] += n
    return tally


def _conditions(date_from: dt.date, date_to: dt.date, columns: Columns) -> dict[str, Q]:
    """The condition of every conditional count of the grouped query, by the name of its column."""
    new, ended = Q(start_date__gte=date_from), Q(end_date__lte=date_to)
    conditions = {"new": new, "ended": ended, "positive": ended & Q(end_reason__in=columns.positive)}
    for i, band in enumerate(columns.age_bands):  # age = age_year − birth year; "19-30" holds ages 19..30
        born = Q(participant__birth_year__lte=columns.age_year - band.low)
        if band.high is not None:
            born &= Q(participant__birth_year__gte=columns.age_year - band.high)
        conditions[f"age_{i}"] = born
    for i, band in enumerate(columns.years_bands):  # decimal years: "1-3" holds 1 <= years < 4
        years = Q(years_in_support_before__gte=band.low)
        if band.high is not None:
            years &= Q(years_in_support_before__lt=band.high + 1)
        conditions[f"years_{i}"] = new & years
    conditions["education_none"] = Q(education__isnull=True)
    conditions |= {f"education_{pk}": Q(education=pk) for pk in columns.education}
    conditions |= {f"reason_{pk}": ended & Q(end_reason=pk) for pk in columns.end_reasons}
    conditions["occupation_none"] = ended & Q(occupation_after__isnull=True)
    conditions |= {f"occupation_{pk}": ended & Q(occupation_after=pk) for pk in columns.occupations}
    return conditions


def _grouped(
    tally: Tally,
    enrollments: QuerySet[Enrollment],
    date_from: dt.date,
    date_to: dt.date,
    columns: Columns,
    bits: dict[int, int],
) -> None:
    """Query 1: conditional counts per insats, gender and home kommun, added up into `tally`."""
    conditions = _conditions(date_from, date_to, columns)
    new = conditions["new"]
    groups = (
        # Gender first: no index has this order, so SQLite reads the rows as they are stored and sorts the groups.
        enrollments.values("participant__gender", "participant__municipality", "intervention")
        .annotate(
            all=Count("pk"),
            **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
            # Support before: one count per code, on its bit of the mask (the same SQL `&` on both databases).
            **{
                f"support_{pk}": Count("pk", filter=GreaterThan(F("support_before_mask").bitand(1 << bit), 0))
                for pk, bit in bits.items()
            },
            # Summed as a float (exact enough for tenths; a decimal sum would overflow the field's 4 digits).
            years_sum=Sum("years_in_support_before", filter=new, output_field=FloatField()),
            years_n=Count("years_in_support_before", filter=new),
        )
        .order_by()
    )
    cells, years_sum = tally.cells, 0.0
    for group in groups:
        gender, kommun = group["participant__gender"], group["participant__municipality"]
        per_insats = tally.interventions.setdefault(group["intervention"], Counter())
        for name in ("all", "new", "ended"):
            table = "participants" if name == "all" else name
            cells[(table, None, gender)] += group[name]
            per_insats[(table, gender)] += group[name]
        per_insats[("positive", None)] += group["positive"]
        cells[("positive", None, None)] += group["positive"]
        tally.municipalities[(kommun, "all")] += group["all"]
        tally.municipalities[(kommun, "new")] += group["new"]
        for i in range(len(columns.age_bands)):
            cells[("age", i, gender)] += group[f"age_{i}"]
        for i in range(len(columns.years_bands)):
            cells[("years", i, gender)] += group[f"years_{i}"]
        cells[("education", None, gender)] += group["education_none"]
        for pk in columns.education:
            cells[("education", pk, gender)] += group[f"education_{pk}"]
        for pk in columns.end_reasons:
            cells[("reason", pk, None)] += group[f"reason_{pk}"]
        cells[("occupation", None, None)] += group["occupation_none"]
        for pk in columns.occupations:
            cells[("occupation", pk, None)] += group[f"occupation_{pk}"]
        for pk in bits:
            cells[("support", pk, gender)] += group[f"support_{pk}"]
        years_sum += float(group["years_sum"] or 0)
        tally.years_n += group["years_n"]
    tally.years_sum = Decimal(round(years_sum * 10)) / 10  # every value has one decimal: so has their sum


def _ended_dates(enrollments: QuerySet[Enrollment], date_to: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """Query 2: (insats id, start, end) of each enrollment that ended in the period."""
    return list(enrollments.filter(end_date__lte=date_to).values_list("intervention", "start_date", "end_date"))
