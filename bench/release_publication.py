"""Benchmark: releasing a förbund's yearly publication through the service, as the page and the command do
(issue "Published figures that survive differencing": under 30 s for a förbund with 40 insatser, 30 000
enrollments and 20 earlier releases).

Builds one synthetic förbund in a database of its own (the generator of bench/participant_report.py: 40
insatser, 30 000 enrollments starting 2019–2025 with end reasons, occupation, education, kommun and support
before), releases the year and the three tertials of 2020–2024 in turn (20 earlier releases, each audited
against those before it) with `release_publication`, and then times the release of 2025. Prints each release's
time and its audit summary (counts audited, hidden, complements, solves).

    .venv/bin/python bench/release_publication.py            (SQLite, var/bench_release.sqlite3, rebuilt)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_release .venv/bin/python bench/release_publication.py

Options: --enrollments, --insatser, --earlier (how many of the 20 earlier releases to make first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_release.sqlite3"
TARGET_SECONDS = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=30_000)
    parser.add_argument("--insatser", type=int, default=40)
    parser.add_argument("--earlier", type=int, default=20, help="earlier releases before the timed one (max 20)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    participant_report.recreate(database_url)
    participant_report.setup(database_url)

    from samordna.core.audit import NonUserActor
    from samordna.core.models import Association
    from samordna.publications.services import release_publication
    from samordna.reporting.periods import FixedPeriod

    started = time.perf_counter()
    participant_report.build(
        1,
        args.enrollments,
        analyze=False,
        teams=(args.insatser, args.insatser),
        first=dt.date(2019, 1, 1),
        last=dt.date(2025, 12, 31),
    )
    association = Association.objects.get()
    print(f"{args.enrollments} enrollments in {args.insatser} insatser built in {time.perf_counter() - started:.0f} s")
    actor = NonUserActor(label="bench")
    periods = [
        period
        for year in range(2020, 2025)
        for period in (FixedPeriod.whole_year(year), *(FixedPeriod.tertial(year, n) for n in (1, 2, 3)))
    ][: args.earlier]
    earlier_seconds = []
    for period in periods:
        began = time.perf_counter()
        publication = release_publication(association=association, period=period, acting_user=actor)
        earlier_seconds.append(time.perf_counter() - began)
        print(
            f"  earlier release {period.slug}: {earlier_seconds[-1]:.1f} s, {_summary(publication.audit)}", flush=True
        )
    began = time.perf_counter()
    publication = release_publication(association=association, period=FixedPeriod.whole_year(2025), acting_user=actor)
    seconds = time.perf_counter() - began
    verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
    print(f"release 2025 after {len(periods)} earlier: {seconds:.1f} s (target < {TARGET_SECONDS:.0f} s: {verdict})")
    print(f"  {_summary(publication.audit)}")
    if earlier_seconds:
        print(f"earlier releases: {sum(earlier_seconds):.0f} s in all, slowest {max(earlier_seconds):.1f} s")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


def _summary(audit: dict) -> str:
    return (
        f"{audit['audited_counts']} counts audited, {audit['hidden_counts']} hidden, "
        f"{audit['complements']} complements, {audit['solves']} solves, {audit['exposed']} exposed"
    )


if __name__ == "__main__":
    sys.exit(main())
