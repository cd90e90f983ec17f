"""Benchmark: protecting a förbund's yearly release against its 20 earlier releases (issue "Published figures
that survive differencing": under 30 s for 40 insatser, 30 000 enrollments and 20 earlier releases).

Synthetic microdata: 30 000 enrollments in 40 insatser, three genders, starting and ending between 2019 and
2025. Earlier releases: the year and its three tertials for 2020–2024 (20 releases); the new release is 2025.
Each release publishes, for all insatser together and for each insats, participants during the period, new and
ended, by gender with an "all" column. As in the participants report, each such table is first suppressed on
its own (counts 1–4 hidden, k = 5, with complements so no row or column gives one back); then `protect` adds
complements until no hidden figure is narrower than 5 for a reader who has every release.

Atoms are, per insats and gender, the starts and the ends in each time segment cut by the releases' periods
(samordna/reporting/timeline.py), tied by "no more ended than started so far" facts.

    .venv/bin/python bench/release_audit.py [--enrollments 30000] [--insatser 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samordna.reporting.differencing import Figure, protect  # noqa: E402
from samordna.reporting.periods import FixedPeriod  # noqa: E402
from samordna.reporting.suppression import suppress_table  # noqa: E402
from samordna.reporting.timeline import Timeline, value  # noqa: E402

K = 5
GENDERS = ("kvinna", "man", "annat")
MEASURES = ("during", "new", "ended")


def enrollments(n: int, insatser: int, rng: random.Random) -> list[tuple[int, str, dt.date, dt.date | None]]:
    """(insats, gender, start, end) with starts 2019–2025 and stays of 1–30 months; a fifth still open."""
    rows = []
    for _ in range(n):
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
        end = None if rng.random() < 0.2 else start + dt.timedelta(days=rng.randrange(30, 900))
        if end and end > dt.date(2025, 12, 31):
            end = None
        rows.append((rng.randrange(insatser), rng.choices(GENDERS, (55, 43, 2))[0], start, end))
    return rows


def _suppressed(table: dict[tuple[int | None, str | None], Figure], insatser: int) -> set:
    """The cells the table's own suppression hides (as the participants report does before the audit): an
    insats × gender table with its totals, counts 1–4 hidden and complements so no row or column gives one back."""
    cells = [[table[i, g].value for g in GENDERS] for i in range(insatser)]
    result = suppress_table(cells, row_totals=True, col_totals=True, grand_total=True, k=K)
    hidden = set()
    for i in range(insatser):
        hidden |= {(i, g) for j, g in enumerate(GENDERS) if result.cells[i][j] is None}
        if result.row_totals[i] is None:
            hidden.add((i, None))
    hidden |= {(None, g) for j, g in enumerate(GENDERS) if result.column_totals[j] is None}
    if result.grand_total is None:
        hidden.add((None, None))
    return hidden


def build(rows, releases, insatser: int):
    """Atoms (atom → count), facts, and the figures of every release as sums of atoms."""
    timeline = Timeline.of(p for release in releases for p in release[1])
    classes = [(i, g) for i in range(insatser) for g in GENDERS]
    atoms = timeline.truth(((i, g), start, end, 1) for i, g, start, end in rows)
    figures = []
    for number, (release, release_periods) in enumerate(releases):
        fixed = number < len(releases) - 1
        for period in release_periods:
            for measure in MEASURES:
                table: dict[tuple[int | None, str | None], tuple[Figure, int]] = {}
                for insats in [None, *range(insatser)]:
                    for gender in [None, *GENDERS]:
                        chosen = [c for c in classes if insats in (None, c[0]) and gender in (None, c[1])]
                        terms = timeline.measure(measure, chosen, period)
                        key = (release, period.slug, measure, insats, gender)
                        table[insats, gender] = Figure(key, terms.atoms, value(terms, atoms), minus=terms.minus)
                hidden = _suppressed(table, insatser)
                figures += [f.with_status(hidden=key in hidden, fixed=fixed) for key, f in table.items()]
    return atoms, timeline.facts(classes), figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=30_000)
    parser.add_argument("--insatser", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stop-after", type=int, default=0, help="stop after this many earlier releases (quick runs)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = enrollments(args.enrollments, args.insatser, rng)
    releases = []
    for year in range(2020, 2025):
        for period in [FixedPeriod.whole_year(year), *(FixedPeriod.tertial(year, n) for n in (1, 2, 3))]:
            releases.append((period.slug, [period]))
    if args.stop_after:
        releases = releases[: args.stop_after]
    releases.append(("2025", [FixedPeriod.whole_year(2025)]))
    started = time.perf_counter()
    atoms, facts, figures = build(rows, releases, args.insatser)
    built = time.perf_counter() - started
    hidden = sum(f.hidden for f in figures)
    print(f"{args.enrollments} enrollments, {args.insatser} insatser, {len(releases) - 1} earlier releases")
    print(f"atoms: {len(atoms)} non-zero, facts: {len(facts)}, figures: {len(figures)}")
    print(f"{hidden} figures hidden before the audit, built in {built:.1f} s")
    # Earlier releases were protected when they were made: protect them in turn first, as Samordna would have.
    released: list[Figure] = []
    by_release: dict[str, list[Figure]] = {}
    for f in figures:
        by_release.setdefault(f.key[0], []).append(f)
    names = [r[0] for r in releases]
    timings = []
    for name in names:
        new = [f.with_status(hidden=f.hidden, fixed=False) for f in by_release[name]]
        started = time.perf_counter()
        result = protect(released + new, truth=dict(atoms), min_width=K, facts=facts)
        timings.append(time.perf_counter() - started)
        extra = set(result.newly_hidden)
        released += [f.with_status(hidden=f.hidden or f.key in extra, fixed=True, floor=result.floor) for f in new]
        if name != names[-1]:
            print(f"  earlier release {name}: {timings[-1]:.1f} s, {result.solves} solves", flush=True)
        if name == names[-1]:
            print(
                f"release {name}: {len(result.newly_hidden)} complements, {len(result.ranges)} hidden figures audited, "
                f"{result.solves} solves, exposed {len(result.exposed)}, {timings[-1]:.2f} s (target < 30 s)"
            )
    print(f"earlier releases, protected in turn: {sum(timings[:-1]):.1f} s in all, slowest {max(timings[:-1]):.2f} s")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
