"""Independent exact disclosure checks for the suppression tests (no graph theory shared with the engine).

``lp_recoverable`` decides, by exact linear programming over fractions, which hidden numbers of a table
are fixed by the published numbers: a hidden number is recoverable iff its minimum and its maximum over
all non-negative tables that agree with everything published coincide. The constraints (row sums,
column sums, grand total) form a totally unimodular matrix and the right-hand sides are integers, so the
LP optimum is attained at integer tables: "min == max over the reals" is the same as "the same value in
every non-negative integer solution". ``brute_force_recoverable`` enumerates the integer solutions of
tiny tables and is used to check the LP checker itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from samordna.reporting.suppression import Kind, Position


def _pivot(tableau: list[list[Fraction]], basis: list[int], row: int, column: int) -> None:
    pivot = tableau[row][column]
    tableau[row] = [value / pivot for value in tableau[row]]
    for other, line in enumerate(tableau):
        factor = line[column]
        if other != row and factor:
            tableau[other] = [a - factor * b for a, b in zip(line, tableau[row], strict=True)]
    basis[row] = column


def _optimise(tableau: list[list[Fraction]], basis: list[int], cost: list[Fraction], columns: int) -> Fraction | None:
    """Primal simplex with Bland's rule on columns < ``columns``; the minimum, or None if unbounded."""
    while True:
        entering = None
        for column in range(columns):
            reduced = cost[column] - sum(cost[basis[r]] * tableau[r][column] for r in range(len(tableau)))
            if reduced < 0:
                entering = column
                break
        if entering is None:
            return sum((cost[basis[r]] * tableau[r][-1] for r in range(len(tableau))), Fraction(0))
        leaving = None
        for r, line in enumerate(tableau):
            if line[entering] > 0:
                ratio = line[-1] / line[entering]
                if leaving is None or (ratio, basis[r]) < leaving[0]:
                    leaving = ((ratio, basis[r]), r)
        if leaving is None:
            return None
        _pivot(tableau, basis, leaving[1], entering)


def lp_minimum(matrix: list[list[int]], rhs: list[int], objective: list[int]) -> Fraction | None:
    """min objective.x subject to matrix.x = rhs, x >= 0 (assumed feasible); None if unbounded."""
    n = len(objective)
    tableau: list[list[Fraction]] = []
    for row, b in zip(matrix, rhs, strict=True):
        sign = -1 if b < 0 else 1
        tableau.append([Fraction(sign * a) for a in row] + [Fraction(0)] * len(matrix) + [Fraction(sign * b)])
    for r in range(len(matrix)):
        tableau[r][n + r] = Fraction(1)
    basis = [n + r for r in range(len(matrix))]
    phase_one = [Fraction(0)] * n + [Fraction(1)] * len(matrix)
    if _optimise(tableau, basis, phase_one, n + len(matrix)) != 0:
        raise AssertionError("the published data admit no table: the checker was given inconsistent data")
    for r in reversed(range(len(tableau))):  # drive artificial variables out of the basis
        if basis[r] >= n:
            column = next((c for c in range(n) if tableau[r][c] != 0), None)
            if column is None:
                del tableau[r]
                del basis[r]
            else:
                _pivot(tableau, basis, r, column)
    return _optimise(tableau, basis, [Fraction(c) for c in objective] + [Fraction(0)] * len(matrix), n)


def _published_constraints(
    cells: Sequence[Sequence[int]],
    hidden: set[Position],
    given: set[Position],
    floor: int,
) -> tuple[list[tuple[int, int]], list[list[int]], list[int]]:
    """Unknowns (hidden cells minus ``floor``, so >= 0) and one equation per published total."""
    nrows, ncols = len(cells), len(cells[0])
    unknowns = [(i, j) for i in range(nrows) for j in range(ncols) if Position.cell(i, j) in hidden]
    lines: list[tuple[Position, list[tuple[int, int]]]] = [
        (Position.row_total(i), [(i, j) for j in range(ncols)]) for i in range(nrows)
    ]
    lines += [(Position.column_total(j), [(i, j) for i in range(nrows)]) for j in range(ncols)]
    lines.append((Position.grand_total(), [(i, j) for i in range(nrows) for j in range(ncols)]))
    matrix, rhs = [], []
    for total, members in lines:
        if total in given and total not in hidden:
            matrix.append([1 if u in members else 0 for u in unknowns])
            rhs.append(sum(cells[i][j] - floor for i, j in members if (i, j) in unknowns))
    return unknowns, matrix, rhs


def _members(position: Position, nrows: int, ncols: int) -> list[tuple[int, int]]:
    if position.kind == Kind.CELL:
        return [(position.row, position.column)]  # type: ignore[list-item]
    if position.kind == Kind.ROW_TOTAL:
        return [(position.row, j) for j in range(ncols)]  # type: ignore[misc]
    if position.kind == Kind.COLUMN_TOTAL:
        return [(i, position.column) for i in range(nrows)]  # type: ignore[misc]
    return [(i, j) for i in range(nrows) for j in range(ncols)]


def lp_recoverable(
    cells: Sequence[Sequence[int]], hidden: set[Position], given: set[Position], floor: int = 0
) -> set[Position]:
    """Hidden positions whose value is the same in every table agreeing with the published data.

    ``hidden``: the hidden positions; ``given``: the totals the table shows (hidden or not); ``floor``: what a
    reader knows every hidden cell to be at least (1 when the table publishes its zeros).
    """
    unknowns, matrix, rhs = _published_constraints(cells, hidden, given, floor)
    recoverable = set()
    for position in hidden:
        members = set(_members(position, len(cells), len(cells[0])))
        objective = [1 if u in members else 0 for u in unknowns]
        if not any(objective):
            recoverable.add(position)  # a sum of published cells only
            continue
        low = lp_minimum(matrix, rhs, objective)
        high = lp_minimum(matrix, rhs, [-c for c in objective])
        if low is not None and high is not None and low == -high:
            recoverable.add(position)
    return recoverable


def brute_force_recoverable(
    cells: Sequence[Sequence[int]], hidden: set[Position], given: set[Position], floor: int = 0
) -> set[Position]:
    """Enumerate every integer table agreeing with the published data (tiny tables; every row total published)."""
    unknowns, matrix, rhs = _published_constraints(cells, hidden, given, floor)
    bound = max((sum(row) for row in cells), default=0)
    nrows, ncols = len(cells), len(cells[0])
    seen: dict[Position, set[int]] = {position: set() for position in hidden}
    for values in itertools.product(range(bound + 1), repeat=len(unknowns)):
        if any(sum(a * v for a, v in zip(row, values, strict=True)) != b for row, b in zip(matrix, rhs, strict=True)):
            continue
        table = [list(row) for row in cells]
        for (i, j), v in zip(unknowns, values, strict=True):
            table[i][j] = v + floor
        for position in hidden:
            seen[position].add(sum(table[i][j] for i, j in _members(position, nrows, ncols)))
    return {position for position, values in seen.items() if len(values) == 1}
