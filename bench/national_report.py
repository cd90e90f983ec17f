"""Benchmark: the participants report as PDF, for one förbund and for every förbund (#19 item 4).

One förbund: the internal participants report of the first förbund for 2024 as the Deltagarstatistik page
renders it in the request (participants_report + render(…, "pdf")), in a fresh process: the first file (the
cost of the first download after a start) and the median of 10 more. Target: under 500 ms.

Every förbund: the operator's national report, made the way the worker makes it. Uses the national data set
of bench/participant_report.py (80 förbund × 7,000 enrollments; build it first with
`bench/participant_report.py --fresh`, or pass --build). In a fresh process for each format it starts the job
(core.jobs.start_job, the database queue) and runs it as `samordna db_worker` does (core.jobs.run), then prints
the wall time of the job, the peak resident memory of the process and the file's size.

    .venv/bin/python bench/national_report.py [--format pdf] [--build]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pstats .venv/bin/python bench/national_report.py

Targets: the PDF under 5 s and 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the national data set and its database)

TARGET_S, TARGET_MB = 5.0, 300
ONE_TARGET_MS = 500.0


def measure_one() -> None:
    """The participants PDF of one förbund (the page's internal file): the first and the median of 10 more."""
    participant_report.setup(os.environ["DATABASE_URL"])
    from samordna.core.models import Association
    from samordna.participants.statistics.document import participants_report
    from samordna.reporting.renderers import render

    association = Association.objects.order_by("pk").first()
    assert association is not None, "build the data set first (--build)"

    def once() -> tuple[float, int]:
        began = time.perf_counter()
        report = participants_report(
            association=association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31), publish=False
        )
        size = len(render(report, "pdf"))
        return (time.perf_counter() - began) * 1000, size

    first, size = once()
    median = statistics.median(once()[0] for _ in range(10))
    verdict = "met" if first < ONE_TARGET_MS and median < ONE_TARGET_MS else "NOT met"
    print(
        f"  participants report, one förbund, PDF: first {first:6.0f} ms, then median {median:4.0f} ms of 10, "
        f"{size / 1024:4.0f} KB  (target < {ONE_TARGET_MS:.0f} ms: {verdict})",
        flush=True,
    )


def measure(fmt: str) -> None:
    """Start and run one national job in this process; print time, peak memory and size."""
    os.environ["JOBS_IN_REQUEST"] = "false"  # the database queue, as in production
    participant_report.setup(os.environ["DATABASE_URL"])
    from samordna.core import jobs
    from samordna.core.models import Job, User

    operator, _ = User.objects.get_or_create(username="bench-operator", defaults={"is_staff": True})
    Job.objects.filter(user=operator).delete()
    job = jobs.start_job(
        acting_user=operator,
        association=None,
        kind="reports.national-participants",
        label="bench",
        params={"year": 2024, "format": fmt},
    )
    started = time.perf_counter()
    jobs.run(str(job.pk))
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert job.status == Job.Status.DONE, job.error
    ok = seconds < TARGET_S and peak < TARGET_MB
    print(
        f"  national participants report, {fmt.upper():4} {seconds:6.2f} s, peak {peak:5.0f} MB, "
        f"{job.file.size / 1024:6.0f} KB  (target < {TARGET_S:.0f} s and < {TARGET_MB} MB: "
        f"{'met' if ok else 'NOT met'})",
        flush=True,
    )
    job.file.delete(save=False)
    job.delete()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", action="append", choices=["pdf", "docx", "xlsx", "csv", "json"])
    parser.add_argument("--build", action="store_true", help="build the national data set first (minutes)")
    parser.add_argument("--measure-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{participant_report.DEFAULT_SQLITE}"
    os.environ["DATABASE_URL"] = database_url
    if args.measure_only == "one":
        measure_one()
        return 0
    if args.measure_only:
        measure(args.measure_only)
        return 0
    if args.build or (database_url.startswith("sqlite") and not participant_report.DEFAULT_SQLITE.exists()):
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "participant_report.py"), "--fresh", "--repeat", "1"], check=True
        )
    print(f"{database_url.split(':', 1)[0]}: participants report of one förbund for 2024, in a fresh process")
    subprocess.run([sys.executable, __file__, "--measure-only", "one"], check=True)
    print(f"{database_url.split(':', 1)[0]}: national report of every förbund for 2024, one fresh process each")
    for fmt in args.format or ["pdf", "xlsx"]:
        subprocess.run([sys.executable, __file__, "--measure-only", fmt], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
