"""Participant statistics: the `participants` report of docs/contracts.md and the Uppföljning Finsam figures.

Definitions, decided here and used everywhere:

- *During the period*: the enrollment overlaps it (start <= to, and no end or end >= from).
  *New*: starts in the period. *Ended*: ends in the period (so an enrollment ending on the period's first
  day is during the period and ended in it).
- The unit of every table is the enrollment (one participation in one insats). A person with two
  enrollments counts twice, as SUS and the seed count participants per insats. With count_persons=True,
  `totals.persons` also gives the distinct people (one more index probe per enrollment: off by default).
- Age bands count the period's enrollments (the seed's "andel av samtliga deltagare"); support-years bands
  and the mean years in support count the new ones ("andel av samtliga nya deltagare").
- Age = the year of the period's end − birth year. Age bands hold whole ages (19-30 = 19..30).
  Years in public support before (new enrollments only): band "a-b" holds a <= years < b+1; values below
  the first band or missing are counted in a trailing "outside" row (present only when non-zero), so each
  band table adds up to its total.
- Months in the insats (ended only): 12 × Δyear + Δmonth + (end day − min(start day, L)) / L with L the
  days of the end month (bands.months_between); means are rounded half up to one decimal.
- Shares are fractions (0–1, four decimals) of the enrollments ended in the period; null when none ended.
- End reason 8 (felregistrering) is never reported: such enrollments are deleted.
- Positive outcome: ended with an end reason flagged `is_positive` (by default 1 and 2).
- Education with no value is counted as "uppgift_saknas"; ended enrollments with no occupation after get a
  trailing row with code null.
"""

from samordna.participants.statistics.bands import (
    DEFAULT_AGE_BANDS,
    DEFAULT_SUPPORT_YEARS_BANDS,
    Band,
    months_between,
    parse_bands,
)
from samordna.participants.statistics.builder import build_participant_report, period_enrollments
from samordna.participants.statistics.finsam import build_uppfoljning_finsam, finsam_groups
from samordna.participants.statistics.groups import count_cells, derived_cells, get_cell, set_cell, table_groups
from samordna.participants.statistics.presentation import participant_tables

__all__ = [
    "DEFAULT_AGE_BANDS",
    "DEFAULT_SUPPORT_YEARS_BANDS",
    "Band",
    "build_participant_report",
    "build_uppfoljning_finsam",
    "count_cells",
    "derived_cells",
    "finsam_groups",
    "get_cell",
    "months_between",
    "parse_bands",
    "participant_tables",
    "period_enrollments",
    "set_cell",
    "table_groups",
]
