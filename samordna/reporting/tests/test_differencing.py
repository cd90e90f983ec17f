"""The differencing audit: worked examples, and a brute-force attacker against random release sequences."""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.reporting.differencing import Figure, audit, protect


def table_figures(
    release: str, counts: dict[tuple[str, str], int], hidden: set[tuple[str, str]], *, fixed: bool
) -> list[Figure]:
    """A table insats × gender with row, column and grand totals; cells (insats, gender) are atoms."""
    rows = sorted({r for r, _ in counts})
    columns = sorted({c for _, c in counts})
    figures = [
        Figure((release, r, c), frozenset({(r, c)}), counts[r, c], hidden=(r, c) in hidden, fixed=fixed)
        for r in rows
        for c in columns
    ]
    for r in rows:
        atoms = frozenset((r, c) for c in columns)
        figures.append(Figure((release, r, "all"), atoms, sum(counts[a] for a in atoms), fixed=fixed))
    for c in columns:
        atoms = frozenset((r, c) for r in rows)
        figures.append(Figure((release, "all", c), atoms, sum(counts[a] for a in atoms), fixed=fixed))
    figures.append(Figure((release, "all", "all"), frozenset(counts), sum(counts.values()), fixed=fixed))
    return figures


# The worked example of the disclosure-control note (§6.1): A-W = 3 is primary.
COUNTS = {("A", "W"): 3, ("A", "M"): 9, ("B", "W"): 7, ("B", "M"): 6, ("C", "W"): 8, ("C", "M"): 10}
BLOCK_AB = {("A", "W"), ("A", "M"), ("B", "W"), ("B", "M")}
BLOCK_AC = {("A", "W"), ("A", "M"), ("C", "W"), ("C", "M")}


def test_each_report_alone_protects_the_small_cell() -> None:
    for block in (BLOCK_AB, BLOCK_AC):
        result = audit(table_figures("r", COUNTS, block, fixed=False), truth=COUNTS, min_width=5)
        assert result.passed
        assert result.ranges["r", "A", "W"].width >= 5


def test_two_reports_with_different_complements_pin_the_small_cell() -> None:
    figures = table_figures("r1", COUNTS, BLOCK_AB, fixed=True) + table_figures("r2", COUNTS, BLOCK_AC, fixed=True)
    result = audit(figures, truth=COUNTS, min_width=5)
    assert result.ranges["r2", "A", "W"].low == 3
    assert result.ranges["r2", "A", "W"].high == 3
    assert ("r2", "A", "W") in result.exposed


def test_protect_hides_in_the_new_release_until_nothing_is_pinned() -> None:
    figures = table_figures("r1", COUNTS, BLOCK_AB, fixed=True) + table_figures("r2", COUNTS, BLOCK_AC, fixed=False)
    result = protect(figures, truth=COUNTS, min_width=5)
    assert result.passed, result
    assert result.newly_hidden, "the second release must hide more than its own table needed"
    assert all(key[0] == "r2" for key in result.newly_hidden), "earlier releases are never changed"
    small = {(f.key) for f in figures if 1 <= f.value < 5}
    assert all(r.width >= 5 for key, r in result.ranges.items() if key in small)


def test_a_count_published_before_is_published_again_and_a_hidden_one_stays_hidden() -> None:
    first = table_figures("r1", COUNTS, BLOCK_AB, fixed=True)
    second = table_figures("r2", COUNTS, set(), fixed=False)
    result = protect(first + second, truth=COUNTS, min_width=5)
    assert result.passed
    for r, c in BLOCK_AB:
        assert ("r2", r, c) in result.newly_hidden


def test_an_unbounded_hidden_figure_is_protected() -> None:
    figures = [Figure("x", frozenset({"a"}), 2, hidden=True), Figure("y", frozenset({"b"}), 7)]
    result = audit(figures, truth={"a": 2, "b": 7}, min_width=5)
    assert result.passed
    # The range proven: the atoms are boxed far above every true count (see "The box" in differencing.py).
    assert result.ranges["x"].high >= 2 * 7 + 5


def test_the_integer_range_is_used_where_the_linear_one_is_wider() -> None:
    """Three atoms, each pair summed: the LP allows halves, integers do not (not totally unimodular)."""
    truth = {"a": 1, "b": 1, "c": 1}
    figures = [
        Figure("ab", frozenset({"a", "b"}), 2),
        Figure("bc", frozenset({"b", "c"}), 2),
        Figure("ac", frozenset({"a", "c"}), 2),
        Figure("a", frozenset({"a"}), 1, hidden=True),
    ]
    result = audit(figures, truth=truth, min_width=2)
    assert (result.ranges["a"].low, result.ranges["a"].high) == (1, 1)
    assert result.exposed == ["a"]


# --- The brute-force attacker -------------------------------------------------------------------------------


def brute_force_ranges(figures: list[Figure], bound: int | dict[Hashable, int]) -> dict[Hashable, tuple[int, int]]:
    """Every integer table on the atoms (0..bound each, or each atom's own bound) that agrees with the published
    figures and has every hidden figure at or above its floor: the smallest and largest value of each hidden
    figure among them."""
    atoms = sorted({a for f in figures for a in f.atoms}, key=repr)
    zero = {a for f in figures if not f.hidden and f.value == 0 for a in f.atoms}  # a published 0 pins its atoms
    limit = bound if isinstance(bound, dict) else dict.fromkeys(atoms, bound)
    choices = [range(1) if a in zero else range(limit[a] + 1) for a in atoms]
    grid = np.array(list(itertools.product(*choices)), dtype=np.int32).reshape(-1, len(atoms))
    index = {a: i for i, a in enumerate(atoms)}
    matrix = np.zeros((len(figures), len(atoms)), dtype=np.int32)
    for row, figure in enumerate(figures):
        for atom in figure.atoms:
            matrix[row, index[atom]] = 1
    sums = grid @ matrix.T
    feasible = np.ones(len(grid), dtype=bool)
    for row, figure in enumerate(figures):
        feasible &= (sums[:, row] >= figure.floor) if figure.hidden else (sums[:, row] == figure.value)
    assert feasible.any(), "the true table must be feasible"
    return {
        f.key: (int(sums[feasible, row].min()), int(sums[feasible, row].max()))
        for row, f in enumerate(figures)
        if f.hidden
    }


INSATSER = ("A", "B", "C")
GENDERS = ("W", "M")


def release_figures(number: int, shape: str, truth: dict[tuple[str, str], int], k: int) -> list[Figure]:
    """A release as the rules allow it: all insatser (insats × gender with totals) or exactly one insats
    (its women, men and total). Small counts (1..k-1) are hidden; nothing else yet."""
    if shape == "all":
        rows, columns = INSATSER, GENDERS
        shapes = [((r, c),) for r in rows for c in columns]
        shapes += [tuple((r, c) for c in columns) for r in rows]
        shapes += [tuple((r, c) for r in rows) for c in columns]
        shapes += [tuple(truth)]
    else:
        shapes = [((shape, "W"),), ((shape, "M"),), ((shape, "W"), (shape, "M"))]
    figures = []
    for index, atoms in enumerate(shapes):
        value = sum(truth[a] for a in atoms)
        figures.append(Figure((number, index), frozenset(atoms), value, hidden=1 <= value <= k - 1))
    return figures


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=6, max_size=6),
    st.lists(st.sampled_from(["all", *INSATSER]), min_size=1, max_size=4),
)
def test_no_hidden_figure_is_pinned_for_a_brute_force_attacker(counts: list[int], shapes: list[str]) -> None:
    """Random microdata, a random sequence of releases protected one after the other; then an attacker who
    tries every small integer table finds no hidden figure narrower than k."""
    k = 3
    truth = dict(zip([(r, c) for r in INSATSER for c in GENDERS], counts, strict=True))
    released: list[Figure] = []
    for number, shape in enumerate(shapes):
        result = protect(released + release_figures(number, shape, truth, k), truth=truth, min_width=k)
        assert result.exposed == [], result
        hidden = set(result.newly_hidden)
        released += [
            Figure(f.key, f.atoms, f.value, hidden=f.hidden or f.key in hidden, fixed=True, floor=result.floor)
            for f in release_figures(number, shape, truth, k)
        ]
        assert all(key[0] == number for key in hidden - {f.key for f in released if f.key[0] < number})
    bound = max(counts) + k + 2  # wide enough that an unbounded figure shows a range of at least k
    small = {f.key for f in released if 1 <= f.value <= k - 1}
    for key, (low, high) in brute_force_ranges(released, bound).items():
        if key in small:
            assert high - low >= k, (key, low, high, truth, shapes)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=5, max_size=5), st.integers(3, 4))
def test_pair_sums_need_integers_and_the_attacker_finds_nothing_narrow(counts: list[int], k: int) -> None:
    """Five atoms with every pair and the total published unless small: odd cycles of pairs make the LP
    fractional, so the audit's integer ranges come from rounding LP solutions (or a MIP), not from the LP."""
    atoms = "abcde"
    truth = dict(zip(atoms, counts, strict=True))
    shapes = [frozenset(pair) for pair in itertools.combinations(atoms, 2)] + [frozenset(atoms)]
    figures = []
    for shape in shapes:
        value = sum(truth[a] for a in shape)
        figures.append(Figure("".join(sorted(shape)), shape, value, hidden=1 <= value <= k - 1))
    result = protect(figures, truth=truth, min_width=k)
    assert result.exposed == [], result
    hidden = set(result.newly_hidden) | {f.key for f in figures if f.hidden}
    released = [f.with_status(hidden=f.key in hidden, floor=result.floor) for f in figures]
    # No atom exceeds a published sum it is in; one in none is cut at a height that still shows a range of k.
    bounds = {
        a: min((f.value for f in released if not f.hidden and a in f.atoms), default=sum(counts) + 2 * k) for a in atoms
    }
    for key, (low, high) in brute_force_ranges(released, bounds).items():
        value = next(f.value for f in released if f.key == key)
        if 1 <= value <= k - 1:
            assert high - low >= k or low <= 0, (key, low, high, truth)


def test_rounding_an_lp_solution_gives_a_checked_integer_solution_or_nothing() -> None:
    """Three atoms with each pair at most 5 (facts): the LP pushes a+b+c to 7.5 with halves; rounding finds 7."""
    from samordna.reporting.differencing import Fact, _box, _Model

    figures = [Figure("abc", frozenset("abc"), 3, hidden=True)]
    facts = [Fact(frozenset(pair), high=5) for pair in ("ab", "bc", "ac")]
    model = _Model(figures, 1, facts, box=_box({"a": 1, "b": 1, "c": 1}, 5))
    value, solution = model.optimise(0, maximise=True, integral=False)
    assert value == 7.5 and solution is not None
    found = model.round_near(solution, 0, at_least=7)
    assert found is not None
    assert np.allclose(found, np.round(found)) and found.sum() == 7
    assert all(found[model.column[x]] + found[model.column[y]] <= 5 for x, y in ("ab", "bc", "ac"))
    assert model.round_near(solution, 0, at_least=8) is None
