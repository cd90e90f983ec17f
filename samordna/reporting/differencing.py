"""Audit of released figures against differencing: can a hidden count be worked out from what was published?

Pure Python on plain data (no Django, no database), used when a publication is released (issue "Published
figures that survive differencing"; docs/suppression.md explains it for a förbundschef).

The model
---------
Every published count is a sum of underlying non-negative integer counts, the *atoms* (for participant
figures: enrollments of one insats, one gender, one birth year, … that start and end in given months). A
`Figure` is one number of a release: the set of atoms it sums, its true value, and whether it is hidden. Every
figure of every earlier release of the förbund is given too (``fixed=True``: what was released cannot change).

A reader knows every published figure, that atoms are non-negative integers, and that a hidden figure is at
least 1 (zeros are always shown). For each hidden figure the audit computes the smallest and largest value an
integer solution of all that can give it: its *range*. A hidden figure is protected when its range includes 0
(never, with the floor of 1) or is at least ``min_width`` wide (by default the suppression threshold k, so a
hidden 2 can be anything from 1 to 6 or wider). `protect` hides further figures of the new release, choosing
small ones that pin a range, until every hidden figure is protected; earlier releases are never changed.

How
---
One HiGHS model holds every atom as a column and every figure as a row (published: = value; hidden: ≥ 1).
For each hidden figure only the objective changes between solves, so the simplex warm-starts. Two shortcuts
keep the number of solves small without weakening the result:

- Witnesses: the true atoms and every integral solution found are integer solutions of the system, so the
  values a hidden figure takes in them lie inside its range. When they already span ``min_width``, the figure
  is protected and needs no solve.
- Linear before integer: the LP optimum bounds the integer one; when the LP solution is integral it *is* the
  integer optimum. Count tables with margins are totally unimodular, so it mostly is; age bands across years
  (birth-year cohorts moving between bands) are not, and their LP optima are often fractional.
- Rounding before a MIP: a fractional LP optimum is rounded by solving only its fractional atoms (the others
  kept) as a small MIP with the figure pushed to the rounded LP bound, which, when reached, is the integer
  bound; failing that, just far enough from the witnesses to prove the width (`_Model.round_near`). Only when
  rounding finds nothing is the bound solved as a MIP of the whole model (seconds, where rounding takes
  milliseconds).

The box: every atom is bounded above by twice the largest true atom plus a margin. Inside the box every
solution is still a solution, so a witness found there is a witness and a range proven wide there is at least
as wide without it; a range the box cuts is only ever found narrower (the audit then hides more, never less).
It keeps a sum pushed in opposite directions from being unbounded, and the model's bounds fixed between solves.

Repair: when a range is too narrow, the published rows that hold the binding bound (non-zero duals of the LP,
or, after a MIP, the published rows sharing atoms with the figure) are the candidates; the smallest non-zero
figure of the new release among them is hidden (a zero is never hidden: a reader would know it is not 0),
and the audit runs again. A range pinned by earlier releases alone cannot be repaired: it is reported.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

_TOLERANCE = 1e-6
_SPREAD_FROM = 8  # fewer unproven figures than this: solve each on its own
# Rounding an LP solution may also free the atoms of short rows near the figure or a fractional atom: a cell and
# the margins near it, not the totals that run through the whole release (which would free every atom).
_NEIGHBOURHOOD_ROW = 40
# The ways rounding tries in turn, each freeing more atoms than the one before: (short rows away from the figure
# whose atoms are freed too, whether one short row around every fractional atom is freed). Going 2, 3 and 5 rows
# out before freeing around every fractional atom (thousands of atoms, up to 3 s a solve) needs that widest step
# less often. Measured on bench/release_publication.py (2025 after 20 earlier), runs alternated on one database
# state: 24–27 s against 31–33 s; on another state the later steps were never reached and the same run took
# 27–46 s with the machine's load, so the gain is real where it applies and smaller than the noise elsewhere.
_WIDENING = ((0, False), (2, False), (3, False), (5, False), (0, True))


@dataclass(frozen=True)
class Figure:
    """One number of a release: a sum of atoms (minus others), its true value, and whether it is hidden.

    `minus` holds atoms subtracted from the sum: with atoms for starts and ends per time segment,
    "participants during a period" is the starts up to its end minus the ends before its start.
    """

    key: Hashable
    atoms: frozenset[Hashable]
    value: int
    hidden: bool = False
    fixed: bool = False  # released earlier: its status cannot change
    floor: int = 1  # what a reader knows of it when hidden: at least 1, or (if its release hid zeros) 0
    minus: frozenset[Hashable] = frozenset()

    @property
    def terms(self) -> tuple[frozenset[Hashable], frozenset[Hashable]]:
        """(added atoms, subtracted atoms): what identifies the sum, whatever its key."""
        return self.atoms, self.minus

    def with_status(self, *, hidden: bool, fixed: bool | None = None, floor: int | None = None) -> Figure:
        """The same sum with another status."""
        return Figure(
            self.key,
            self.atoms,
            self.value,
            hidden=hidden,
            fixed=self.fixed if fixed is None else fixed,
            floor=self.floor if floor is None else floor,
            minus=self.minus,
        )


@dataclass(frozen=True)
class Fact:
    """Something a reader knows of the atoms besides the figures: ``low <= sum(atoms) - sum(minus) <= high``.

    For example that no more enrollments have ended by a date than had started by it.
    """

    atoms: frozenset[Hashable]
    minus: frozenset[Hashable] = frozenset()
    low: float = 0
    high: float = math.inf


@dataclass(frozen=True)
class Range:
    """The values a hidden figure can take given everything published (``high`` may be infinite)."""

    low: int
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass
class AuditResult:
    """What the audit found: each hidden figure's range, what `protect` hid further, what stays exposed."""

    ranges: dict[Hashable, Range]
    newly_hidden: list[Hashable] = field(default_factory=list)
    exposed: list[Hashable] = field(default_factory=list)
    solves: int = 0
    floor: int = 1  # what the new release lets a reader assume of its hidden figures (record it with them)
    #: Each figure's smallest and largest value in the integer solutions found (see `protect`'s `seen`).
    seen: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return not self.exposed


class InconsistentFigures(ValueError):
    """The figures contradict each other (no non-negative atoms give them all): the input is wrong."""


_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance. The first one in a process prints HiGHS's banner on the C level's standard
    output, which would end up in a report written to stdout; it is sent to /dev/null instead."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    highs.setOptionValue("output_flag", False)
    # Each solve only changes the objective, so the last basis stays feasible: primal simplex warm-starts from it
    # (twice as fast as the default dual simplex on a release of the demo förbund: 16 against 50 ms per LP).
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("simplex_strategy", 4)
    return highs


def _row(column: dict[Hashable, int], atoms: frozenset[Hashable], minus: frozenset[Hashable]) -> _Terms:
    """A sum as column indices and coefficients (+1 for `atoms`, −1 for `minus`)."""
    columns = np.fromiter((column[a] for a in (*atoms, *minus)), dtype=np.int32, count=len(atoms) + len(minus))
    coefficients = np.concatenate([np.ones(len(atoms)), -np.ones(len(minus))])
    return _Terms(columns, coefficients)


@dataclass(frozen=True)
class _Terms:
    columns: np.ndarray
    coefficients: np.ndarray


@dataclass(frozen=True)
class _Entries:
    """The model's rows (figures, then facts) as one list of non-zero entries, in row order."""

    rows: np.ndarray
    columns: np.ndarray
    coefficients: np.ndarray
    count: int

    def times(self, solution: np.ndarray) -> np.ndarray:
        """Every row's sum in a solution."""
        return np.bincount(self.rows, weights=self.coefficients * solution[self.columns], minlength=self.count)

    def sizes(self) -> np.ndarray:
        """How many atoms each row sums."""
        return np.bincount(self.rows, minlength=self.count)


class _Model:
    """The HiGHS model of one audit: atoms as columns, figures (then facts) as rows, objective changed per bound."""

    def __init__(
        self, figures: Sequence[Figure], floor: int, facts: Sequence[Fact] = (), box: float = highspy.kHighsInf
    ) -> None:
        self.figures = list(figures)
        self.floor = floor
        sums: list[Figure | Fact] = [*figures, *facts]
        atoms = sorted({atom for f in sums for atom in (*f.atoms, *f.minus)}, key=repr)
        self.column = {atom: i for i, atom in enumerate(atoms)}
        self.terms = [_row(self.column, f.atoms, f.minus) for f in figures]
        self.supports = [f.atoms | f.minus for f in figures]
        # Every figure's terms in one flat array, to evaluate all figures in a solution at once.
        self._flat = (
            np.concatenate([t.columns for t in self.terms]) if self.terms else np.zeros(0, dtype=np.int32),
            np.concatenate([t.coefficients for t in self.terms]) if self.terms else np.zeros(0),
            np.repeat(np.arange(len(self.terms)), [len(t.columns) for t in self.terms]),
        )
        rows = self.terms + [_row(self.column, f.atoms, f.minus) for f in facts]
        self.highs = _new_highs()
        n = len(atoms)
        self.highs.addVars(n, np.zeros(n), np.full(n, min(box, highspy.kHighsInf)))
        starts = np.cumsum([0] + [len(r.columns) for r in rows[:-1]]).astype(np.int32)
        indices = np.concatenate([r.columns for r in rows]) if rows else np.zeros(0, dtype=np.int32)
        values = np.concatenate([r.coefficients for r in rows]) if rows else np.zeros(0)
        bounds = [self._bounds(f) for f in figures] + [(f.low, f.high) for f in facts]
        lower = np.array([b[0] for b in bounds], dtype=float)
        upper = np.array([min(b[1], highspy.kHighsInf) for b in bounds], dtype=float)
        self.highs.addRows(len(rows), lower, upper, len(indices), starts, indices, values)
        # The same rows as plain arrays, for rounding a solution (`round_near`): kept in step with HiGHS's bounds.
        self.row_lower, self.row_upper = lower, upper
        self.entries = _Entries(
            np.repeat(np.arange(len(rows)), [len(r.columns) for r in rows]), indices, values, len(rows)
        )
        self.short_rows = self.entries.sizes() <= _NEIGHBOURHOOD_ROW
        self.box = min(box, highspy.kHighsInf)
        self.cost_columns = np.zeros(0, dtype=np.int32)
        self.integral = False  # whether the last solve was a MIP
        self._mip: highspy.Highs | None = None  # the same model with integral atoms, made when first needed
        self.solves = 0

    def _bounds(self, figure: Figure) -> tuple[float, float]:
        if not figure.hidden:
            return figure.value, figure.value
        return (min(figure.floor, self.floor) if not figure.fixed else figure.floor), highspy.kHighsInf

    def values(self, solution: np.ndarray) -> np.ndarray:
        """Every figure's value in a solution."""
        columns, coefficients, rows = self._flat
        return np.bincount(rows, weights=solution[columns] * coefficients, minlength=len(self.terms))

    def hide(self, row: int) -> None:
        """Hide a published figure of the new release: its row becomes ``≥ floor``.

        Hiding a zero means a reader can no longer take a hidden figure of the new release to be at least 1,
        so the floor of all of them drops to 0 (earlier releases keep theirs: what they showed still holds).
        """
        figure = self.figures[row]
        self.figures[row] = figure.with_status(hidden=True, floor=self.floor)
        if figure.value == 0:
            self.drop_floor()
        self._row_bounds(row, self.floor, highspy.kHighsInf)
        self._mip = None

    def _row_bounds(self, row: int, lower: float, upper: float) -> None:
        self.highs.changeRowBounds(row, lower, upper)
        self.row_lower[row], self.row_upper[row] = lower, upper

    def drop_floor(self) -> bool:
        """Let the new release's hidden figures be 0 for a reader (False when they already may be)."""
        if self.floor == 0:
            return False
        self.floor = 0
        for row, figure in enumerate(self.figures):
            if figure.hidden and not figure.fixed:
                self._row_bounds(row, 0, highspy.kHighsInf)
        self._mip = None
        return True

    def _mip_model(self) -> highspy.Highs:
        """The model with integral atoms: a copy of its own, so the LP keeps its basis (switching the LP to a
        MIP and back costs a solve from scratch, a hundred times a warm one)."""
        if self._mip is None:
            self._mip = _new_highs()
            self._mip.passModel(self.highs.getModel())
            n = len(self.column)
            kind = int(highspy.HighsVarType.kInteger)
            self._mip.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, kind, dtype=np.uint8))
        return self._mip

    def optimise(self, row: int, *, maximise: bool, integral: bool) -> tuple[float, np.ndarray | None]:
        """The min or max of one figure's sum; the solution (None when unbounded)."""
        terms = self.terms[row]
        if integral:
            mip = self._mip_model()
            cost = np.zeros(len(self.column))
            cost[terms.columns] = terms.coefficients
            mip.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
            return self._run(maximise=maximise, highs=mip)
        if len(self.cost_columns):
            self.highs.changeColsCost(len(self.cost_columns), self.cost_columns, np.zeros(len(self.cost_columns)))
        self.highs.changeColsCost(len(terms.columns), terms.columns, terms.coefficients)
        self.cost_columns = terms.columns
        return self._run(maximise=maximise, highs=self.highs)

    def optimise_sum(
        self, rows: Sequence[int], *, maximise: bool, signs: np.ndarray | None = None
    ) -> np.ndarray | None:
        """An LP solution that makes a signed sum of figures as small or large as it gets (None if unbounded).

        `signs` (+1 or −1 per row, default all +1) push some figures one way and the others the other way.
        """
        columns, coefficients, figure_rows = self._flat
        weight = np.zeros(len(self.terms))
        weight[np.asarray(rows, dtype=np.int64)] = 1.0 if signs is None else signs
        cost = np.bincount(columns, weights=coefficients * weight[figure_rows], minlength=len(self.column)).astype(
            np.float64
        )
        everything = np.arange(len(self.column), dtype=np.int32)
        self.highs.changeColsCost(len(everything), everything, cost)
        self.cost_columns = everything
        _value, solution = self._run(maximise=maximise, highs=self.highs)
        return solution

    def _run(self, *, maximise: bool, highs: highspy.Highs) -> tuple[float, np.ndarray | None]:
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        highs.changeObjectiveSense(sense)
        cold = self.solves == 0
        if cold:
            highs.setOptionValue("simplex_strategy", 1)
            highs.setOptionValue("presolve", "on")
        highs.run()
        if cold:
            highs.setOptionValue("simplex_strategy", 4)
            highs.setOptionValue("presolve", "off")
        self.integral = highs is not self.highs
        self.solves += 1
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return highs.getInfo().objective_function_value, np.array(highs.getSolution().col_value)
        unbounded = (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible)
        if maximise and status in unbounded:
            return math.inf, None
        raise InconsistentFigures(f"no non-negative atoms give every figure (HiGHS: {status})")

    def round_near(
        self,
        solution: np.ndarray,
        row: int,
        *,
        at_least: float | None = None,
        at_most: float | None = None,
        around: int = 0,
        spread: bool = False,
    ) -> np.ndarray | None:
        """An integer solution close to an LP one in which figure `row` is at least `at_least` (or at most
        `at_most`); None when none is found this way.

        The atoms integral in `solution` keep their values; only the fractional ones are solved again, as a small
        MIP of their own in which the kept atoms' share of each row has moved into its bounds. When that is
        infeasible, more atoms are freed: `around=n` also frees the atoms up to n short rows away from the
        figure's own, `spread` those one short row away from any fractional atom (`_WIDENING` is the order the
        audit tries). A few milliseconds to a second, where a MIP of the whole model takes seconds. What it finds
        is checked against every row before it is returned: a witness must be a solution.
        """
        entries = self.entries
        lower, upper = self.row_lower.copy(), self.row_upper.copy()
        if at_least is not None:
            lower[row] = max(lower[row], at_least)
        if at_most is not None:
            upper[row] = min(upper[row], at_most)
        rounded = np.round(solution)
        free = np.abs(solution - rounded) > _TOLERANCE
        if around:
            near = np.zeros(len(free), dtype=bool)
            near[self.terms[row].columns] = True
            for _ in range(around):
                near = self._near(near)
            free |= near
        if spread:
            free |= self._near(free)
        candidate = np.where(free, 0.0, rounded)
        if free.any():
            found = self._solve_free(free, candidate, lower, upper)
            if found is None:
                return None
            candidate[free] = found
        values = entries.times(candidate)
        if np.all(values >= lower - _TOLERANCE) and np.all(values <= upper + _TOLERANCE):
            return candidate
        return None

    def _near(self, atoms: np.ndarray) -> np.ndarray:
        """`atoms` (a mask) and every atom of a short row through one of them."""
        entries = self.entries
        through = np.zeros(entries.count, dtype=bool)
        through[entries.rows[atoms[entries.columns]]] = True
        through &= self.short_rows
        near = atoms.copy()
        near[entries.columns[through[entries.rows]]] = True
        return near

    def _solve_free(
        self, is_free: np.ndarray, kept: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> np.ndarray | None:
        """Integral values for the free atoms, the others held at `kept`, within the row bounds (or None)."""
        entries = self.entries
        kept_share = entries.times(kept)
        free = np.flatnonzero(is_free)
        touched = is_free[entries.columns]
        rows = np.unique(entries.rows[touched])
        row_index = np.full(entries.count, -1, dtype=np.int64)
        row_index[rows] = np.arange(len(rows))
        column_index = np.full(len(self.column), -1, dtype=np.int32)
        column_index[free] = np.arange(len(free), dtype=np.int32)
        sub = _new_highs()
        sub.setOptionValue("presolve", "on")
        sub.setOptionValue("simplex_strategy", 1)
        n = len(free)
        sub.addVars(n, np.zeros(n), np.full(n, self.box))
        kind = int(highspy.HighsVarType.kInteger)
        sub.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, kind, dtype=np.uint8))
        sub_rows = row_index[entries.rows[touched]]
        starts = np.searchsorted(sub_rows, np.arange(len(rows))).astype(np.int32)
        sub.addRows(
            len(rows),
            lower[rows] - kept_share[rows],
            upper[rows] - kept_share[rows],
            int(touched.sum()),
            starts,
            column_index[entries.columns[touched]],
            entries.coefficients[touched],
        )
        sub.run()
        self.solves += 1
        if sub.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.round(np.array(sub.getSolution().col_value))

    def neighbours(self, rows: list[int]) -> list[int]:
        """Published rows sharing an atom with any of `rows`."""
        atoms: frozenset[Hashable] = frozenset().union(*(self.supports[r] for r in rows)) if rows else frozenset()
        return self._published_sharing(atoms)

    def _published_sharing(self, atoms: frozenset[Hashable]) -> list[int]:
        return [i for i, f in enumerate(self.figures) if not f.hidden and not self.supports[i].isdisjoint(atoms)]

    def binding_rows(self, row: int, *, sharing: bool = False) -> list[int]:
        """Published rows that hold the last bound: non-zero duals of an LP; after a MIP (or with `sharing`),
        every published row sharing an atom with the figure."""
        if not self.integral and not sharing:
            duals = np.array(self.highs.getSolution().row_dual)[: len(self.figures)]  # facts cannot be hidden
            rows = [int(i) for i in np.flatnonzero(np.abs(duals) > _TOLERANCE) if not self.figures[i].hidden]
            if rows:
                return rows
        return self._published_sharing(self.supports[row])


def _box(truth: dict[Hashable, int], min_width: int) -> float:
    """An upper bound for every atom, far above every true count (see "The box" in the module docstring)."""
    return 2 * max(truth.values(), default=0) + 4 * min_width + 10


def _is_integral(solution: np.ndarray) -> bool:
    return bool(np.all(np.abs(solution - np.round(solution)) <= _TOLERANCE))


class _Auditor:
    """Ranges of hidden figures, with witnesses so most figures need no solve."""

    def __init__(
        self,
        model: _Model,
        truth: dict[Hashable, int],
        min_width: int,
        threshold: int,
        seen: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.model = model
        self.min_width = min_width
        self.threshold = threshold
        truth_vector = np.zeros(len(model.column))
        for atom, value in truth.items():
            if atom in model.column:
                truth_vector[model.column[atom]] = value
        # The smallest and largest value each figure takes in the integer solutions seen so far (the witnesses).
        self.low = model.values(truth_vector)
        self.high = self.low.copy()
        if seen is not None and len(seen[0]) == len(self.low):
            np.minimum(self.low, seen[0], out=self.low)
            np.maximum(self.high, seen[1], out=self.high)

    def _observe(self, solution: np.ndarray) -> None:
        values = self.model.values(solution)
        np.minimum(self.low, values, out=self.low)
        np.maximum(self.high, values, out=self.high)

    def _seen(self, row: int) -> tuple[float, float]:
        return float(self.low[row]), float(self.high[row])

    def spread(self, rows: Sequence[int], rounds: int = 8) -> None:
        """Find witnesses for many figures at once: push a signed sum of the unproven ones down, then up.

        One solve moves every figure of the sum as far as they can go together, which for figures in
        different parts of the tables is as far as each can go alone. Hidden figures whose sum is published
        (the small counts of one column of a table) cannot all move the same way, so after a first push of
        them all, each round gives them random signs: half are pushed down while the other half go up, and
        the next solve the other way round. Only the figures still unproven afterwards need solves of their
        own. Only integral solutions are witnesses.
        """
        rng = np.random.default_rng(len(rows))  # reproducible: the same release gives the same solves
        idle = 0
        for number in range(rounds):
            open_rows = [r for r in rows if self.needs_proof(r)]
            if len(open_rows) < _SPREAD_FROM:
                return  # two solves each are cheaper than a round that may not move them
            before = (self.low[open_rows].sum(), self.high[open_rows].sum())
            signs = None if number == 0 else rng.choice([-1.0, 1.0], size=len(open_rows))
            for maximise in (False, True):
                solution = self.model.optimise_sum(open_rows, maximise=maximise, signs=signs)
                if solution is not None and _is_integral(solution):
                    self._observe(np.round(solution))
            if (self.low[open_rows].sum(), self.high[open_rows].sum()) == before:
                idle += 1
                if idle == 2:
                    return
            else:
                idle = 0

    def needs_proof(self, row: int) -> bool:
        """A hidden small figure whose witnesses do not yet show it protected."""
        value = self.model.figures[row].value
        return 1 <= value < self.threshold and not self.protected(*self._seen(row))

    def _relaxed(self, row: int, *, maximise: bool) -> tuple[float, bool, list[int], np.ndarray | None]:
        """The LP bound of a figure, whether it is also the integer bound, the rows that hold it, and the LP
        solution."""
        value, solution = self.model.optimise(row, maximise=maximise, integral=False)
        pins = self.model.binding_rows(row)
        exact = solution is None or _is_integral(solution)
        if solution is not None and exact:
            self._observe(np.round(solution))
        return self._rounded(value, maximise), exact, pins, solution

    def _reach(
        self, row: int, solution: np.ndarray | None, *, at_least: float | None = None, at_most: float | None = None
    ) -> bool:
        """Whether rounding an LP solution (see `_Model.round_near`) gave a witness that reaches the target."""
        if solution is None:
            return False
        for around, spread in _WIDENING:
            found = self.model.round_near(
                solution, row, at_least=at_least, at_most=at_most, around=around, spread=spread
            )
            if found is not None:
                self._observe(found)
                return True
        return False

    def _integer(self, row: int, *, maximise: bool) -> float:
        """The integer bound of a figure (a MIP)."""
        value, solution = self.model.optimise(row, maximise=maximise, integral=True)
        if solution is not None:
            self._observe(np.round(solution))
        return self._rounded(value, maximise)

    @staticmethod
    def _rounded(value: float, maximise: bool) -> float:
        if math.isinf(value):
            return value
        return math.floor(value + _TOLERANCE) if maximise else math.ceil(value - _TOLERANCE)

    def protected(self, low: float, high: float) -> bool:
        return low <= 0 or high - low >= self.min_width

    def check(self, row: int) -> tuple[Range, bool, list[int]]:
        """The figure's range, whether it is protected, and (when not) the published rows that pin it.

        For a protected figure the range may be only the part proven (the true range can be wider). The
        integer range lies inside the LP range: an LP range that is too narrow settles it. A wide enough one
        needs witnesses: where an LP solution is fractional, rounding it is tried first (to the LP bound itself,
        which then is the integer bound, or just far enough from what the witnesses show), and only when that
        fails is the integer bound solved as a MIP.
        """
        low, high = self._seen(row)
        if self.protected(low, high) or not 1 <= self.model.figures[row].value < self.threshold:
            return Range(int(low), high), True, []
        low, low_exact, pins, low_solution = self._relaxed(row, maximise=False)
        if low_exact and self.protected(low, self._seen(row)[1]):
            return Range(int(low), self._seen(row)[1]), True, []
        high, high_exact, more, high_solution = self._relaxed(row, maximise=True)
        if not self.protected(low, high):
            return Range(int(low), high), False, pins + more
        low_exact = low_exact or self._reach(row, low_solution, at_most=low)
        if not self.protected(*self._seen(row)):
            high_exact = high_exact or self._reach(row, high_solution, at_least=high)
        if not self.protected(*self._seen(row)) and not high_exact:
            self._reach(row, high_solution, at_least=self._seen(row)[0] + self.min_width)
        if not self.protected(*self._seen(row)) and not low_exact:
            self._reach(row, low_solution, at_most=max(0, self._seen(row)[1] - self.min_width))
        if self.protected(*self._seen(row)):
            seen_low, seen_high = self._seen(row)
            return Range(int(seen_low), seen_high), True, []
        if not low_exact:
            low = self._integer(row, maximise=False)
        if not high_exact:
            high = self._integer(row, maximise=True)
        if self.protected(low, high):
            return Range(int(low), high), True, []
        return Range(int(low), high), False, self.model.binding_rows(row, sharing=True)


def audit(
    figures: Sequence[Figure],
    *,
    truth: dict[Hashable, int],
    min_width: int,
    threshold: int | None = None,
    floor: int = 1,
    facts: Sequence[Fact] = (),
) -> AuditResult:
    """Every hidden small figure's range given all the published ones; those narrower than `min_width` exposed.

    Small means 1 ≤ value < `threshold` (default: `min_width`, i.e. the suppression threshold k). A larger
    hidden figure is a complement: it hides nothing sensitive of its own, so it is not required to be wide.
    `facts` are what a reader knows of the atoms besides the figures.
    """
    model = _Model(figures, floor, facts, box=_box(truth, min_width))
    auditor = _Auditor(model, truth, min_width, min_width if threshold is None else threshold)
    ranges: dict[Hashable, Range] = {}
    exposed = []
    auditor.spread([row for row, figure in enumerate(model.figures) if figure.hidden])
    for row, figure in enumerate(model.figures):
        if figure.hidden:
            found, ok, _pins = auditor.check(row)
            ranges[figure.key] = found
            if not ok:
                exposed.append(figure.key)
    return AuditResult(ranges=ranges, exposed=exposed, solves=model.solves)


def _one_status_per_sum(figures: Sequence[Figure]) -> list[Figure]:
    """A new figure summing the same atoms as an earlier one takes the earlier one's status.

    One count has one status in every release: what was published before is no secret (hiding it again
    protects nothing), and what was hidden before stays hidden.
    """
    earlier = {f.terms: f.hidden for f in figures if f.fixed}
    result = []
    for figure in figures:
        status = earlier.get(figure.terms)
        if figure.fixed or status is None or status == figure.hidden:
            result.append(figure)
        else:
            result.append(figure.with_status(hidden=status))
    return result


def _candidates(model: _Model, rows: list[int], *, zeros: bool = False) -> list[int]:
    """The rows among `rows` the new release may still hide: its own, published, and (unless `zeros`) not 0.

    A zero is hidden only as a last resort (see `_Model.hide`).
    """
    return [
        i
        for i in set(rows)
        if not model.figures[i].fixed and not model.figures[i].hidden and (zeros or model.figures[i].value > 0)
    ]


def protect(
    figures: Sequence[Figure],
    *,
    truth: dict[Hashable, int],
    min_width: int,
    threshold: int | None = None,
    floor: int = 1,
    facts: Sequence[Fact] = (),
    seen: tuple[np.ndarray, np.ndarray] | None = None,
) -> AuditResult:
    """Hide further figures of the new release (``fixed=False``) until no hidden figure can be narrowed.

    Returns the final ranges, the keys hidden as complements, and the hidden figures that earlier releases
    alone pin (they cannot be repaired by the new release; the caller reports them). `facts` as in `audit`.

    `seen`: the witnesses of an earlier call (its result's `seen`) on the same figures in the same order with
    at most the same published and a floor no higher: every solution of that system is one of this (hiding
    only turns an equation into an inequality), so what it found still proves. The release loop passes them
    from one round to the next, so a round re-solves only what it changed.
    """
    given = list(figures)
    figures = _one_status_per_sum(given)
    newly_hidden = [f.key for f, g in zip(figures, given, strict=True) if f.hidden and not g.hidden]
    model = _Model(figures, floor, facts, box=_box(truth, min_width))
    auditor = _Auditor(model, truth, min_width, min_width if threshold is None else threshold, seen)
    unrepairable: set[int] = set()
    ranges: dict[Hashable, Range] = {}
    pending = [row for row, figure in enumerate(model.figures) if figure.hidden]
    while pending:
        failing = []
        auditor.spread(pending)
        for row in pending:
            found, ok, pins = auditor.check(row)
            ranges[model.figures[row].key] = found
            if not ok:
                failing.append((row, pins))
        # Hiding only widens ranges, so a figure found protected stays protected: only the failing ones and
        # the newly hidden ones are audited again in the next round.
        hidden_now: list[int] = []
        for row, pins in failing:
            if any(pin in hidden_now for pin in pins):
                continue  # a complement hidden this round may already free it; see next round
            sharing = model.binding_rows(row, sharing=True)
            wider = model.neighbours(pins + sharing)
            candidates = (
                _candidates(model, pins)
                or _candidates(model, sharing)
                or _candidates(model, wider)
                or _candidates(model, pins + sharing + wider, zeros=True)
            )
            if not candidates:
                # What pins it may be the floor of the new release's own hidden figures (each "at least 1"):
                # saying that a hidden figure of this release may also be 0 takes that knowledge away.
                if not model.drop_floor():
                    unrepairable.add(row)
                continue
            chosen = min(candidates, key=lambda i: (model.figures[i].value, repr(model.figures[i].key)))
            model.hide(chosen)
            newly_hidden.append(model.figures[chosen].key)
            hidden_now.append(chosen)
        pending = [row for row, _pins in failing if row not in unrepairable] + hidden_now
    exposed = [model.figures[row].key for row in sorted(unrepairable)]
    return AuditResult(
        ranges=ranges,
        newly_hidden=newly_hidden,
        exposed=exposed,
        solves=model.solves,
        floor=model.floor,
        seen=(auditor.low, auditor.high),
    )
