"""Participant counts over fixed periods as differences of cumulative starts and ends (for the release audit).

Every period of every release of a förbund starts on a 1st and ends on a month end, so their first days and
the days after their ends cut time into *segments*. Within a *class* of enrollments (one insats and gender,
say), an enrollment is known to the figures only by the segment it starts in and the segment it ends in. The
audit's atoms are, per class and segment j, the number of enrollments started by the end of segment j
(``S_j``, from segment 0 which is everything before the first boundary) and the number ended by then
(``E_j``; an enrollment that ended before the first boundary is in no period and is left out):

- new(P) = S_last − S_first−1;
- ended(P) = E_last − E_first−1 (with E_0 = 0, so it is left out);
- during(P) = S_last − E_first−1.

Each count is two atoms per class, which keeps the audit's rows short. Facts tie the atoms: S and E never
decrease, and no more have ended by a segment's end than had started by then. With them, any non-negative
integer S and E are those of real enrollments (pair each end with the earliest open start), so the model is
exact and small (reference: disclosure-control.md §6.3–6.4: compact time atoms, cumulative sums).
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

    @staticmethod
    def _started(c: Hashable, j: int) -> tuple[str, Hashable, int]:
        return (START, c, j)

    @staticmethod
    def _ended(c: Hashable, j: int) -> tuple[str, Hashable, int] | None:
        return (END, c, j) if j > 0 else None  # nothing has ended by the end of segment 0 (it is left out)

    def new(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        classes = list(classes)
        return Terms(
            frozenset(self._started(c, hi) for c in classes), frozenset(self._started(c, lo - 1) for c in classes)
        )

    def ended(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        classes = list(classes)
        before = frozenset(a for c in classes if (a := self._ended(c, lo - 1)) is not None)
        return Terms(frozenset((END, c, hi) for c in classes), before)

    def during(self, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        lo, hi = self.span(period)
        classes = list(classes)
        before = frozenset(a for c in classes if (a := self._ended(c, lo - 1)) is not None)
        return Terms(frozenset(self._started(c, hi) for c in classes), before)

    def flow(self, name: str, classes: Iterable[Hashable], j: int) -> Terms:
        """The enrollments of `classes` started (`new`) or ended (`ended`) in segment j (1..n): counts a reader
        may work out by subtracting published ones (the year minus two of its tertials gives the third)."""
        classes = list(classes)
        if name == "new":
            return Terms(
                frozenset(self._started(c, j) for c in classes), frozenset(self._started(c, j - 1) for c in classes)
            )
        before = frozenset(a for c in classes if (a := self._ended(c, j - 1)) is not None)
        return Terms(frozenset((END, c, j) for c in classes), before)

    def measure(self, name: str, classes: Iterable[Hashable], period: FixedPeriod) -> Terms:
        """`during`, `new` or `ended` by name."""
        return {"during": self.during, "new": self.new, "ended": self.ended}[name](classes, period)

    def facts(self, classes: Iterable[Hashable]) -> list[Fact]:
        """Per class and segment: S and E never decrease, and E ≤ S."""
        found = []
        for c in classes:
            for j in range(1, self.segments + 1):
                started, ended = self._started(c, j), (END, c, j)
                found.append(Fact(frozenset({started}), frozenset({self._started(c, j - 1)})))
                found.append(Fact(frozenset({started}), frozenset({ended})))
                if j > 1:
                    found.append(Fact(frozenset({ended}), frozenset({(END, c, j - 1)})))
        return found

    def end_facts(self, classes: Iterable[Hashable]) -> list[Fact]:
        """For classes known only by their ends (end reasons): E never decreases."""
        return [
            Fact(frozenset({(END, c, j)}), frozenset({(END, c, j - 1)}))
            for c in classes
            for j in range(2, self.segments + 1)
        ]

    def truth(self, rows: Iterable[tuple[Hashable, dt.date, dt.date | None, int]]) -> Counter[Hashable]:
        """The atoms' true values from (class, start, end or None, number of enrollments) rows."""
        starts: Counter[tuple[Hashable, int]] = Counter()
        ends: Counter[tuple[Hashable, int]] = Counter()
        classes = set()
        segment: dict[dt.date, int | None] = {}  # rows share few dates: each is looked up once
        for cls, start, end, n in rows:
            if start not in segment:
                segment[start] = self.segment(start)
            if end is not None and end not in segment:
                segment[end] = self.segment(end)
            first = segment[start]
            last = None if end is None else segment[end]
            if first is None or last == 0:
                continue  # starts after the horizon or ends before it: in no period
            classes.add(cls)
            starts[(cls, first)] += n
            if last is not None:
                ends[(cls, last)] += n
        atoms: Counter[Hashable] = Counter()
        for cls in classes:
            started = ended = 0
            for j in range(0, self.segments + 1):
                started += starts[(cls, j)]
                ended += ends[(cls, j)]
                atoms[(START, cls, j)] = started
                if j:
                    atoms[(END, cls, j)] = ended
        return atoms


def value(terms: Terms, atoms: Counter[Hashable]) -> int:
    """The true value of a sum."""
    return sum(atoms[a] for a in terms.atoms) - sum(atoms[a] for a in terms.minus)
