"""Benchmark: protecting a förbund's yearly release against its 20 earlier releases (issue "Published figures
that survive differencing": under 30 s for 40 insatser, 30 000 enrollments and 20 earlier releases).

Synthetic microdata: 30 000 enrollments in 40 insatser, three genders, starting and ending between 2019 and
2025. Earlier releases: the year and its three tertials for 2020–2024 (20 releases); the new release is 2025.
Each release publishes, for all insatser together and for each insats, participants during the period, new and
ended, by gender with an "all" column. Counts 1–4 are hidden (k = 5); `protect` adds complements until no
hidden figure is narrower than 5 for a reader who has every release.

Atoms are the coarsest classes of enrollments the figures can tell apart (insats, gender, and which periods
an enrollment counts in as during, new and ended), so identical columns never reach the solver.

    .venv/bin/python bench/release_audit.py [--enrollments 30000] [--insatser 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samordna.reporting.differencing import Figure, protect  # noqa: E402

K = 5
GENDERS = ("kvinna", "man", "annat")
TERTIALS = ((1, 4), (5, 8), (9, 12))


def periods(year: int) -> list[tuple[str, dt.date, dt.date]]:
    """The year and its tertials."""
    found = [(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    for first, last in TERTIALS:
        end = dt.date(year + (last == 12), 1 if last == 12 else last + 1, 1) - dt.timedelta(days=1)
        found.append((f"{year}T{first // 4 + 1}", dt.date(year, first, 1), end))
    return found


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


def build(rows, releases):
    """Atoms (signature → count) and the figures of every release as sums of atoms."""
    flat = [p for release in releases for p in release[1]]

    def signature(row):
        insats, gender, start, end = row
        marks = []
        for _name, lo, hi in flat:
            during = start <= hi and (end is None or end >= lo)
            marks.append((during, lo <= start <= hi, end is not None and lo <= end <= hi))
        return insats, gender, tuple(marks)

    atoms = Counter(signature(row) for row in rows)
    figures = []
    measures = ("during", "new", "ended")
    insatser = sorted({a[0] for a in atoms})
    for number, (release, release_periods) in enumerate(releases):
        fixed = number < len(releases) - 1
        for name, _lo, _hi in release_periods:
            p = next(i for i, q in enumerate(flat) if q[0] == name)
            for m, measure in enumerate(measures):
                for insats in [None, *insatser]:
                    for gender in [None, *GENDERS]:
                        chosen = frozenset(
                            a
                            for a in atoms
                            if a[2][p][m] and (insats is None or a[0] == insats) and (gender is None or a[1] == gender)
                        )
                        value = sum(atoms[a] for a in chosen)
                        key = (release, name, measure, insats, gender)
                        figures.append(Figure(key, chosen, value, hidden=1 <= value < K, fixed=fixed))
    return atoms, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=30_000)
    parser.add_argument("--insatser", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = enrollments(args.enrollments, args.insatser, rng)
    releases = []
    for year in range(2020, 2025):
        for period in periods(year):
            releases.append((period[0], [period]))
    releases.append(("2025", [periods(2025)[0]]))
    started = time.perf_counter()
    atoms, figures = build(rows, releases)
    built = time.perf_counter() - started
    hidden = sum(f.hidden for f in figures)
    print(f"{args.enrollments} enrollments, {args.insatser} insatser, {len(releases) - 1} earlier releases")
    print(f"atoms: {len(atoms)}, figures: {len(figures)} ({hidden} hidden before the audit), built in {built:.1f} s")
    # Earlier releases were protected when they were made: protect them in turn first, as Samordna would have.
    released: list[Figure] = []
    by_release: dict[str, list[Figure]] = {}
    for f in figures:
        by_release.setdefault(f.key[0], []).append(f)
    names = [r[0] for r in releases]
    timings = []
    for name in names:
        new = [Figure(f.key, f.atoms, f.value, hidden=f.hidden) for f in by_release[name]]
        started = time.perf_counter()
        result = protect(released + new, truth=dict(atoms), min_width=K)
        timings.append(time.perf_counter() - started)
        extra = set(result.newly_hidden)
        released += [Figure(f.key, f.atoms, f.value, hidden=f.hidden or f.key in extra, fixed=True) for f in new]
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
