"""Small-cell suppression of count tables (primary and secondary suppression).

Pure Python on plain data: no Django, no database. Used by every report that is published
(docs/privacy.md). docs/suppression.md explains the rules for a board.

The model
---------
A table is an r x c grid of non-negative integer counts ``x[i][j]``. Each row may have a published
total ``R[i] = sum_j x[i][j]``, each column a published total ``C[j] = sum_i x[i][j]``, and the table
a grand total ``G = sum of all cells``. A total that the caller does not publish is *not given*.
A one-dimensional list with a total is a table with one row; a table such as "women / men / other
per insats, with an 'all' column" is a table whose "all" column is the row totals (every component
of the total must be a column, including "other": a component left out could be derived as
``all - women - men``). Totals that are published elsewhere must be passed too.

What the result guarantees (threshold k, default 5)
---------------------------------------------------
1. Primary suppression: every count (cell or total) with ``1 <= value <= k-1`` is hidden. Zeros are
   published by default: a 0 points at nobody (``hide_zeros=True`` hides them as well, totals included).
2. Secondary suppression: no hidden number (cell or total, primary or secondary) can be computed exactly
   from the published numbers. Precisely: for every hidden number there are two integer tables that
   agree with everything published, and with what a reader knows about hidden cells, but differ in that
   number. What a reader knows: every cell is >= 0, and when zeros are published every hidden cell is
   >= 1 (a 0 would have been shown). The second point matters: a row ``1, 1, 50`` with its total
   published gives both ones away even though each of them alone has a partner. Consequences: no row or
   column with a published total contains exactly one hidden cell, and if the grand total is published
   the row totals (and the column totals) never contain exactly one hidden total.
3. Published numbers are never altered and zeros are never used as complements. A total is hidden as a
   complement only when its line has no non-zero published cell left, or when every cycle of cells that
   could protect a hidden number is ruled out (the repair step prefers any set of cells to one total).
4. The result is deterministic (the same input always gives the same hidden pattern).

Not promised: a minimum width of the range a reader can narrow a hidden count down to (it is never a
single value, but may be small); protection across tables, except for tables that share their column
totals (``suppress_with_shared_totals`` hides a shared total in all of them); and protection against a
reader who knows the primary/secondary split (shown alike in publications) or reruns this algorithm on
guessed tables.

The result objects carry no hidden values: a renderer cannot print what it was never given.

Why the guarantee is exact
--------------------------
Changing the hidden numbers without changing anything published is a *circulation* in a graph with
a node per row, a node per column and two extra nodes S_R and S_C: a cell (i, j) is an edge
row i -> column j, a row total an edge S_R -> row i, a column total an edge column j -> S_C and the
grand total an edge S_C -> S_R. Published numbers are removed edges, hidden ones keep their edge, and
totals that are not given are free edges. Increasing a number along its edge is always allowed;
decreasing it only if it stays at or above its floor (hidden cells at the floor can only grow). A hidden
number can change iff its edge lies on a cycle that can be traversed with these directions; otherwise it
is determined. The constraint matrix (rows and the grand total, and columns: two laminar families) is
totally unimodular, so "changes in a real solution" and "changes in an integer solution" coincide.
``samordna/reporting/tests/exact.py`` checks the same property independently by exact linear programming.

The algorithm
-------------
1. Mark the primary cells and totals.
2. Local rule at every node (rows, columns and the two lines of totals), to a fixpoint: a hidden number
   needs another hidden number in its line that lets it move (for one that can move both ways: any
   other; for a hidden cell at its floor: one that can shrink). A line that fails hides one more
   published number in it; the candidate with the smallest estimated information loss wins: its value,
   minus what the crossing line would otherwise have had to hide if the candidate also resolves it, plus
   what the crossing line must hide if the candidate leaves it with a single hidden number. A total is a
   candidate only in a line without published non-zero cells; zeros are never candidates.
3. Exact check: find every hidden number that is still determined (bridges of the hidden graph; strongly
   connected components and a short directed search when floors restrict directions). For the first one,
   find the cheapest cycle through it by Dijkstra over the published numbers (cost = value; totals last)
   and hide that cycle. Hiding more never makes a hidden number determined again, so this ends after at
   most as many rounds as there are numbers in the table.

Performance (``python bench/suppression.py``): a 300 x 10 table with row, column and grand totals
suppresses in about 15-35 ms (10-60 % small cells) on the shared development machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from samordna.reporting.suppression._graph import FREE, PRIMARY, PUBLISHED, SECONDARY, Graph

DEFAULT_THRESHOLD = 5

TotalsArg = Sequence[int | None] | bool | None


class Kind(StrEnum):
    """What a position in a table refers to."""

    CELL = "cell"
    ROW_TOTAL = "row_total"
    COLUMN_TOTAL = "column_total"
    GRAND_TOTAL = "grand_total"


class Status(StrEnum):
    """What happened to one number of a table."""

    PUBLISHED = "published"
    PRIMARY = "primary"  # hidden because it is a small count (1..k-1, or 0 with hide_zeros)
    SECONDARY = "secondary"  # hidden so that a primary count cannot be recovered
    NOT_GIVEN = "not_given"  # a total the caller does not publish

    @property
    def hidden(self) -> bool:
        return self in (Status.PRIMARY, Status.SECONDARY)


@dataclass(frozen=True)
class Position:
    """A number in a table: a cell, a row total, a column total or the grand total."""

    kind: Kind
    row: int | None = None
    column: int | None = None

    @classmethod
    def cell(cls, row: int, column: int) -> Position:
        return cls(Kind.CELL, row, column)

    @classmethod
    def row_total(cls, row: int) -> Position:
        return cls(Kind.ROW_TOTAL, row, None)

    @classmethod
    def column_total(cls, column: int) -> Position:
        return cls(Kind.COLUMN_TOTAL, None, column)

    @classmethod
    def grand_total(cls) -> Position:
        return cls(Kind.GRAND_TOTAL)


def share(numerator: int | None, denominator: int | None) -> float | None:
    """``numerator / denominator``, or None when either is hidden (None) or the denominator is 0.

    A share is hidden when its count is hidden (the share times a published denominator would give the
    count back) and when its denominator is hidden (the published count divided by the share would give
    the denominator back). Always build shares from the *suppressed* numbers.
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class SuppressedTable:
    """A suppressed table: the published numbers, None where hidden, and why each number is hidden."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...] | None
    column_totals: tuple[int | None, ...] | None
    grand_total: int | None
    threshold: int
    primary: frozenset[Position]
    secondary: frozenset[Position]
    not_given: frozenset[Position]

    @property
    def hidden(self) -> frozenset[Position]:
        return self.primary | self.secondary

    @property
    def hidden_count(self) -> int:
        """Number of hidden numbers (cells and totals), as reported in ``suppression.hidden_cells``."""
        return len(self.primary) + len(self.secondary)

    def summary(self) -> dict[str, int]:
        """The ``"suppression"`` object of the report JSON (docs/contracts.md)."""
        return {"threshold": self.threshold, "hidden_cells": self.hidden_count}

    def status(self, position: Position) -> Status:
        if position in self.primary:
            return Status.PRIMARY
        if position in self.secondary:
            return Status.SECONDARY
        if position in self.not_given:
            return Status.NOT_GIVEN
        return Status.PUBLISHED

    def row_share(self, row: int, column: int) -> float | None:
        """The cell as a share of its row total (None if either is hidden or not given)."""
        return share(self.cells[row][column], self.row_totals[row] if self.row_totals else None)

    def column_share(self, row: int, column: int) -> float | None:
        """The cell as a share of its column total (None if either is hidden or not given)."""
        return share(self.cells[row][column], self.column_totals[column] if self.column_totals else None)

    def grand_share(self, row: int, column: int) -> float | None:
        """The cell as a share of the grand total (None if either is hidden or not given)."""
        return share(self.cells[row][column], self.grand_total)


@dataclass(frozen=True)
class SuppressedList:
    """A suppressed one-dimensional list of counts with an optional total."""

    values: tuple[int | None, ...]
    total: int | None
    threshold: int
    primary: frozenset[int]
    secondary: frozenset[int]
    total_status: Status

    @property
    def hidden_count(self) -> int:
        """Number of hidden numbers (values and the total)."""
        return len(self.primary) + len(self.secondary) + (1 if self.total_status.hidden else 0)

    def summary(self) -> dict[str, int]:
        """The ``"suppression"`` object of the report JSON (docs/contracts.md)."""
        return {"threshold": self.threshold, "hidden_cells": self.hidden_count}

    def status(self, index: int) -> Status:
        if index in self.primary:
            return Status.PRIMARY
        if index in self.secondary:
            return Status.SECONDARY
        return Status.PUBLISHED

    def share(self, index: int) -> float | None:
        """The value as a share of the total (None if either is hidden or the total is not given)."""
        return share(self.values[index], self.total)


# --- input handling -------------------------------------------------------------------------------


def _check_count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"{what} must be non-negative, got {value}")
    return value


def _given_totals(totals: TotalsArg, sums: list[int], what: str) -> list[bool]:
    """Which totals of a line family are published; checks given values against the sums of the cells."""
    if totals is None or totals is False:
        return [False] * len(sums)
    if totals is True:
        return [True] * len(sums)
    if isinstance(totals, str | bytes) or not isinstance(totals, Sequence):
        raise TypeError(f"{what} must be a sequence, True or None")
    if len(totals) != len(sums):
        raise ValueError(f"{what}: expected {len(sums)} totals, got {len(totals)}")
    given = []
    for index, (total, expected) in enumerate(zip(totals, sums, strict=True)):
        if total is not None and _check_count(total, f"{what}[{index}]") != expected:
            raise ValueError(f"{what}[{index}] is {total} but its cells sum to {expected}")
        given.append(total is not None)
    return given


def _build(
    cells: Sequence[Sequence[int]],
    row_totals: TotalsArg,
    col_totals: TotalsArg,
    grand_total: int | bool | None,
    hide_zeros: bool,
    ncols: int | None = None,
) -> tuple[Graph, list[bool], list[bool], bool]:
    rows = [list(row) for row in cells]
    if ncols is None:
        ncols = len(rows[0]) if rows else 0
    for i, row in enumerate(rows):
        if len(row) != ncols:
            raise ValueError(f"row {i} has {len(row)} cells, expected {ncols}")
        for j, value in enumerate(row):
            if type(value) is not int or value < 0:
                _check_count(value, f"cell ({i}, {j})")
    graph = Graph(rows, len(rows), ncols, floor=0 if hide_zeros else 1)
    row_sums = [graph.value[graph.row_total_item(i)] for i in range(len(rows))]
    col_sums = [graph.value[graph.column_total_item(j)] for j in range(ncols)]
    row_given = _given_totals(row_totals, row_sums, "row_totals")
    col_given = _given_totals(col_totals, col_sums, "col_totals")
    grand = graph.value[graph.grand_total_item()]
    if grand_total is None or grand_total is False:
        grand_given = False
    elif grand_total is True:
        grand_given = True
    elif _check_count(grand_total, "grand_total") != grand:
        raise ValueError(f"grand_total is {grand_total} but the cells sum to {grand}")
    else:
        grand_given = True
    for given, item in [
        *zip(row_given, map(graph.row_total_item, range(len(rows))), strict=True),
        *zip(col_given, map(graph.column_total_item, range(ncols)), strict=True),
        (grand_given, graph.grand_total_item()),
    ]:
        if not given:
            graph.state[item] = FREE
    return graph, row_given, col_given, grand_given


def _position(graph: Graph, e: int) -> Position:
    cell_count = graph.nrows * graph.ncols
    if e < cell_count:
        return Position.cell(e // graph.ncols, e % graph.ncols)
    if e < cell_count + graph.nrows:
        return Position.row_total(e - cell_count)
    if e < cell_count + graph.nrows + graph.ncols:
        return Position.column_total(e - cell_count - graph.nrows)
    return Position.grand_total()


def suppress_table(
    cells: Sequence[Sequence[int]],
    row_totals: TotalsArg = None,
    col_totals: TotalsArg = None,
    grand_total: int | bool | None = None,
    k: int = DEFAULT_THRESHOLD,
    *,
    hide_zeros: bool = False,
    also_hide: Iterable[Position] = (),
    ncols: int | None = None,
) -> SuppressedTable:
    """Suppress a two-dimensional table of counts for publication.

    ``row_totals`` / ``col_totals``: the published totals (a sequence, None for a line whose total is not
    published), True to publish all of them (computed from the cells) or None when the table shows none.
    Given totals must equal the sums of their cells. ``grand_total``: the published grand total, True to
    compute it, or None. ``k``: counts 1..k-1 are hidden. ``also_hide``: numbers to hide in any case (e.g.
    a total that another table sharing it had to hide; see ``suppress_with_shared_totals``), protected like
    secondary ones. ``ncols`` is only needed for a table without rows.
    """
    k = _check_count(k, "k")
    if k < 1:
        raise ValueError("k must be at least 1")
    graph, row_given, col_given, grand_given = _build(cells, row_totals, col_totals, grand_total, hide_zeros, ncols)
    for e, value in enumerate(graph.value):
        if graph.state[e] == PUBLISHED and (1 <= value <= k - 1 or (hide_zeros and value == 0)):
            graph.state[e] = PRIMARY
    if also_hide:
        index = {_position(graph, e): e for e in range(len(graph.value))}
        for position in also_hide:
            e = index.get(position, -1)
            if e == -1 or graph.state[e] == FREE:
                raise ValueError(f"{position} is not a number this table publishes")
            if graph.value[e] == 0 and not hide_zeros:
                raise ValueError(f"{position} is 0: a table that publishes its zeros cannot hide one")
            if graph.state[e] == PUBLISHED:
                graph.state[e] = SECONDARY
    graph.make_safe()

    def shown(e: int) -> int | None:
        return graph.value[e] if graph.state[e] == PUBLISHED else None

    nrows, width = graph.nrows, graph.ncols
    by_state: dict[int, set[Position]] = {PRIMARY: set(), SECONDARY: set(), FREE: set()}
    for e, state in enumerate(graph.state):
        if state != PUBLISHED:
            by_state[state].add(_position(graph, e))
    return SuppressedTable(
        cells=tuple(tuple(shown(i * width + j) for j in range(width)) for i in range(nrows)),
        row_totals=tuple(shown(graph.row_total_item(i)) for i in range(nrows)) if any(row_given) else None,
        column_totals=tuple(shown(graph.column_total_item(j)) for j in range(width)) if any(col_given) else None,
        grand_total=shown(graph.grand_total_item()),
        threshold=k,
        primary=frozenset(by_state[PRIMARY]),
        secondary=frozenset(by_state[SECONDARY]),
        not_given=frozenset(by_state[FREE]),
    )


def suppress_list(
    values: Sequence[int], total: int | bool | None = None, k: int = DEFAULT_THRESHOLD, *, hide_zeros: bool = False
) -> SuppressedList:
    """Suppress a list of counts (e.g. participants per end reason) with an optional published total.

    ``total``: the published total (must equal the sum), True to compute it, or None if none is shown.
    """
    row_totals: TotalsArg = True if total is True else None if total is None or total is False else [total]
    table = suppress_table([list(values)], row_totals, None, None, k, hide_zeros=hide_zeros, ncols=len(values))
    total_position = Position.row_total(0)
    return SuppressedList(
        values=table.cells[0],
        total=table.row_totals[0] if table.row_totals else None,
        threshold=k,
        primary=frozenset(p.column for p in table.primary if p.kind == Kind.CELL and p.column is not None),
        secondary=frozenset(p.column for p in table.secondary if p.kind == Kind.CELL and p.column is not None),
        total_status=table.status(total_position),
    )


def suppress_by_gender(
    women: Sequence[int],
    men: Sequence[int],
    other: Sequence[int],
    *,
    totals_row: bool = True,
    k: int = DEFAULT_THRESHOLD,
    hide_zeros: bool = False,
) -> SuppressedTable:
    """The common report shape: a row per group, columns women / men / other, "all" = their sum.

    ``other`` must be passed even when the report does not show it: "all - women - men" would give it away.
    The result's columns are (women, men, other); its row totals are "all"; with ``totals_row`` the column
    totals and the grand total form a published "Totalt" row.
    """
    if not len(women) == len(men) == len(other):
        raise ValueError("women, men and other must have the same length")
    cells = [[w, m, o] for w, m, o in zip(women, men, other, strict=True)]
    totals = True if totals_row else None
    return suppress_table(cells, True, totals, totals, k, hide_zeros=hide_zeros, ncols=3)


def suppress_with_shared_totals(
    tables: Sequence[Sequence[Sequence[int]]], k: int = DEFAULT_THRESHOLD, *, hide_zeros: bool = False
) -> list[SuppressedTable]:
    """Suppress several tables that break the same population down in different ways.

    Each table shows its row totals, column totals and grand total, and all tables have the same columns
    and therefore the same column totals and grand total (e.g. age bands, education and support before,
    each by women / men / other, in one participants report). A total hidden in one table must be hidden
    in all of them, or the others would publish it: the tables are suppressed one after the other, each
    hiding the shared totals the earlier ones hid, and the round is repeated until no table hides a new
    one (at most one round more than there are shared totals).
    """
    if not tables:
        return []
    width = len(tables[0][0]) if tables[0] else 0
    column_totals = [sum(row[j] for row in tables[0]) for j in range(width)]
    for number, table in enumerate(tables):
        if any(len(row) != width for row in table) or [sum(r[j] for r in table) for j in range(width)] != (
            column_totals
        ):
            raise ValueError(f"table {number} does not have the same columns and column totals as table 0")
    shared: set[Position] = set()
    while True:
        results, before = [], set(shared)
        for table in tables:  # one after the other: later tables reuse the totals earlier ones hid
            result = suppress_table(table, True, True, True, k, hide_zeros=hide_zeros, also_hide=shared, ncols=width)
            shared |= {p for p in result.hidden if p.kind in (Kind.COLUMN_TOTAL, Kind.GRAND_TOTAL)}
            results.append(result)
        if shared == before:
            return results


def find_recoverable(
    cells: Sequence[Sequence[int]],
    hidden: set[Position] | frozenset[Position],
    row_totals: TotalsArg = None,
    col_totals: TotalsArg = None,
    grand_total: int | bool | None = None,
    *,
    hide_zeros: bool = False,
) -> frozenset[Position]:
    """Audit a hiding pattern: the hidden positions whose exact value follows from the published numbers.

    The same exact check the suppression ends with, for any pattern (e.g. one made by hand). With
    ``hide_zeros=False`` the table publishes its zeros, so a reader knows every hidden cell is at least 1.
    A hidden total that is not given is ignored.
    """
    graph, _, _, _ = _build(cells, row_totals, col_totals, grand_total, hide_zeros)
    index = {_position(graph, e): e for e in range(len(graph.value))}
    for position in hidden:
        if position not in index:
            raise ValueError(f"{position} is not in the table")
        if position.kind == Kind.CELL and graph.value[index[position]] == 0 and not hide_zeros:
            raise ValueError(f"{position} is a hidden zero: pass hide_zeros=True for a table that hides zeros")
        if graph.state[index[position]] == PUBLISHED:
            graph.state[index[position]] = PRIMARY
    return frozenset(_position(graph, e) for e in graph.determined())
