"""Participant counts over fixed periods as sums of starts and ends per time segment (for the release audit).

Every period of every release of a förbund starts on a 1st and ends on a month end, so their first days and
the days after their ends cut time into *segments*. Within a *class* of enrollments (one insats and gender,
say), an enrollment is known to the figures only by the segment it starts in and the segment it ends in. The
audit's atoms are, per class, the number of starts in each segment and the number of ends in each segment:

- new(P) = the starts in P's segments;
- ended(P) = the ends in P's segments;
- during(P) = the starts up to P's last segment minus the ends before P's first segment.

Segment 0 is everything before the first boundary (starts only: an enrollment that ended before it is in no
period and is left out). Enrollments that end after the last boundary, or have not ended, have no end atom.
One fact ties the atoms: in each class, no more have ended by the end of a segment than had started by then.
With it, any non-negative integer starts and ends are those of real enrollments (pair ends with the earliest
open starts), so the model is exact, and much smaller than one atom per (start, end) pair
(reference: disclosure-control.md §6.3).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from samordna.reporting.differencing import Fact
from samordna.reporting.periods import FixedPeriod

START, END = "start", "end"


@dataclass(frozen=True)
class Terms:
    """A sum of atoms minus others (the terms of a differencing.Figure)."""

    atoms: frozenset[Hashable]
    minus: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class Timeline:
    """The segments cut by a set of fixed periods: `boundaries[j - 1]` is the first day of segment j (1..n)."""

    boundaries: tuple[dt.date, ...]

    @classmethod
    def of(cls, periods: Iterable[FixedPeriod]) -> Timeline:
        days = set()
        for period in periods:
            days |= {period.date_from, period.date_to + dt.timedelta(days=1)}
        if not days:
            raise ValueError("a timeline needs at least one period")
        return cls(tuple(sorted(days)))

    @property
    def segments(self) -> int:
        """The number of segments inside the horizon (segment 0, before it, not counted)."""
        return len(self.boundaries) - 1

    def segment(self, day: dt.date) -> int | None:
        """The segment a day falls in: 0 before the horizon, None after it."""
        j = bisect.bisect_right(self.boundaries, day)
        return None if j > self.segments else j

    def span(self, period: FixedPeriod) -> tuple[int, int]:
        """(first, last) segment of a period of the timeline."""
        first, last = self.segment(period.date_from), self.segment(period.date_to)
        if not first or not last:
            raise ValueError(f"{period} is not on this timeline")
        return first, last

    def new(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        return Terms(frozenset((START, c, j) for c in classes for j in range(lo, hi + 1)))

    def ended(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        return Terms(frozenset((END, c, j) for c in classes for j in range(lo, hi + 1)))

    def during(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        classes = list(classes)
        return Terms(
            frozenset((START, c, j) for c in classes for j in range(0, hi + 1)),
            frozenset((END, c, j) for c in classes for j in range(1, lo)),
        )

    def measure(self, name: str, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        """`during`, `new` or `ended` by name."""
        return {"during": self.during, "new": self.new, "ended": self.ended}[name](classes, period)

    def facts(self, classes: Iterable[Hashable]) -> list[Fact]:
        """Per class and segment: the ends so far are at most the starts so far."""
        found = []
        for c in classes:
            for j in range(1, self.segments + 1):
                starts = frozenset((START, c, i) for i in range(0, j + 1))
                ends = frozenset((END, c, i) for i in range(1, j + 1))
                found.append(Fact(starts, ends, low=0))
        return found

    def truth(self, rows: Iterable[tuple[Hashable, dt.date, dt.date | None, int]]) -> Counter[Hashable]:
        """The atoms' true values from (class, start, end or None, number of enrollments) rows."""
        atoms: Counter[Hashable] = Counter()
        for cls, start, end, n in rows:
            first = self.segment(start)
            last = None if end is None else self.segment(end)
            if first is None or last == 0:
                continue  # starts after the horizon or ends before it: in no period
            atoms[(START, cls, first)] += n
            if last is not None:
                atoms[(END, cls, last)] += n
        return atoms


def value(terms: Terms, atoms: Counter[Hashable]) -> int:
    """The true value of a sum."""
    return sum(atoms[a] for a in terms.atoms) - sum(atoms[a] for a in terms.minus)
