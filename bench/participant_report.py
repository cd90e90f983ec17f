"""Benchmark: the participants report on a synthetic national data set (issue #12 item 4).

Builds 80 förbund × 7,000 enrollments (560,000) with participants, support before and follow-ups by bulk
insert into a database of its own, then times, in a fresh process, the full participants report
(build_participant_report) for one förbund and for all förbund together, with and without distinct persons,
and prints the medians against the targets and the peak memory (Python allocations of each report in a run
of its own under tracemalloc, and the timing process's maximum resident set size).

After the build, PostgreSQL's tables are analyzed, as its autovacuum does in production. SQLite's are not:
Django never runs ANALYZE there, so a Samordna SQLite database has no planner statistics; --analyze adds
them (SQLite then walks indexes for the national report, see docs/participant-report.md).

    SQLite (a file of its own, rebuilt with --fresh):
        .venv/bin/python bench/participant_report.py --fresh
    PostgreSQL (the database is dropped and created again with --fresh):
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pstats \
            .venv/bin/python bench/participant_report.py --fresh

Targets: one förbund < 50 ms, all förbund < 1.5 s, peak memory < 300 MB, on both databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "bench_pstats.sqlite3"
PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
FIRST_START, LAST_START = dt.date(2014, 1, 1), dt.date(2024, 12, 31)
SLUG = "bench-{:02d}"
TARGETS = {"report, one förbund": 50.0, "report, all förbund": 1500.0}  # medians, ms
MEMORY_TARGET_MB = 300


def setup(database_url: str) -> None:
    """Configure Django for the benchmark database (DEBUG off: no query log)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()


def recreate(database_url: str) -> None:
    """An empty database: delete the SQLite file, or drop and create the PostgreSQL database."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(database_url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain executemany: several times faster than bulk_create for millions of rows."""
    from django.db import connection

    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for chunk in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[chunk : chunk + 5000])


def build(
    forbund: int,
    per: int,
    *,
    analyze: bool,
    seed: int = 2026,
    teams: tuple[int, int] = (3, 8),
    first: dt.date = FIRST_START,
    last: dt.date = LAST_START,
    into: str | None = None,
) -> None:
    """Migrate and bulk-insert the synthetic national data set (rows straight into the tables): `forbund`
    förbund of `per` enrollments each in `teams` (fewest, most) insatser, starting between `first` and `last`
    (bench/release_publication.py builds one förbund of its own with it). With `into` (a slug), the one förbund
    is that existing one, e.g. a demo förbund with its budget and ledger (bench/load_test.py)."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from samordna.core.models import Association, CodeListEntry, Municipality
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Enrollment, FollowUp, Participant
    from samordna.participants.support_mask import mask_of, support_bits

    call_command("migrate", verbosity=0)
    bits = support_bits()  # the mask is written with the links, as the services and the importer do
    rng = random.Random(seed)
    sqlite = connection.vendor == "sqlite"
    key = (lambda u: u.hex) if sqlite else (lambda u: u)
    day = connection.ops.adapt_datefield_value
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    codes: dict[str, list[int]] = {}
    reason_weights: list[int] = []
    for entry in CodeListEntry.objects.order_by("list", "sort_order"):
        if entry.list == "end_reason" and entry.code == "8":
            continue
        codes.setdefault(entry.list, []).append(entry.pk)
        if entry.list == "end_reason":
            reason_weights.append({"1": 30, "2": 25, "3": 20, "4": 3, "5": 4, "6": 2, "7": 6, "9": 10}[entry.code])
    kommuner = list(Municipality.objects.values_list("pk", flat=True))
    span = (last - first).days
    started = time.perf_counter()
    for number in range(forbund):
        with transaction.atomic():
            association = (
                Association.objects.get(slug=into)
                if into
                else Association.objects.create(slug=SLUG.format(number), name=f"Bänkförbund {number}")
            )
            team_ids = [
                i.pk
                for i in Intervention.objects.bulk_create(
                    [
                        Intervention(
                            association=association,
                            code=f"{1000 + t}",
                            name=f"Samordningsteam {t}",
                            orientation="individinriktad",
                            category="individinsatser",
                            start=dt.date(2010, 1, 1),
                        )
                        for t in range(rng.randint(*teams))
                    ]
                )
            ]
            home = rng.sample(kommuner, rng.randint(2, 8))
            people: list[tuple[Any, ...]] = []
            rows: list[tuple[Any, ...]] = []
            supports: list[tuple[Any, ...]] = []
            follow_ups: list[tuple[Any, ...]] = []
            a = association.pk
            while len(rows) < per:
                person = uuid.uuid4()
                people.append(
                    (
                        key(person),
                        a,
                        f"B{number:02d}-{len(people):05d}",
                        rng.choices(("kvinna", "man", "annat"), (60, 39, 1))[0],
                        rng.randint(1950, 2004),
                        rng.choice(home),
                        now,
                    )
                )
                start = first + dt.timedelta(days=rng.randrange(span))
                for _ in range(1 if rng.random() < 0.9 else 2):
                    if len(rows) >= per:
                        break
                    end = start + dt.timedelta(days=rng.randint(20, 900))
                    ended = end <= last
                    enrollment = key(uuid.uuid4())
                    years = Decimal(rng.randint(0, 150)) / 10 if rng.random() < 0.9 else None
                    chosen = rng.sample(codes["support"], rng.choice((1, 1, 1, 2)))
                    supports.extend((enrollment, support) for support in chosen)
                    rows.append(
                        (
                            enrollment,
                            a,
                            key(person),
                            rng.choice(team_ids),
                            day(start),
                            rng.choice(codes["education"]) if rng.random() < 0.95 else None,
                            str(years) if sqlite and years is not None else years,
                            day(end) if ended else None,
                            rng.choices(codes["end_reason"], reason_weights)[0] if ended else None,
                            rng.choice(codes["occupation"]) if ended and rng.random() < 0.8 else None,
                            now,
                            now,
                            mask_of(chosen, bits),
                        )
                    )
                    if ended:
                        for months in (3, 6, 12):
                            due = end + dt.timedelta(days=30 * months)
                            done = due <= last and rng.random() < 0.7
                            follow_ups.append(
                                (
                                    key(uuid.uuid4()),
                                    a,
                                    enrollment,
                                    rows[-1][3],
                                    months,
                                    day(due),
                                    "done" if done else "pending",
                                    day(due) if done else None,
                                    rng.choice(codes["occupation"]) if done else None,
                                )
                            )
                    start = end + dt.timedelta(days=rng.randint(30, 400))
            _insert(
                Participant._meta.db_table,
                ("id", "association_id", "code", "gender", "birth_year", "municipality_id", "created_at"),
                people,
            )
            _insert(
                Enrollment._meta.db_table,
                (
                    "id",
                    "association_id",
                    "participant_id",
                    "intervention_id",
                    "start_date",
                    "education_id",
                    "years_in_support_before",
                    "end_date",
                    "end_reason_id",
                    "occupation_after_id",
                    "created_at",
                    "updated_at",
                    "support_before_mask",
                ),
                rows,
            )
            _insert(Enrollment.support_before.through._meta.db_table, ("enrollment_id", "codelistentry_id"), supports)
            _insert(
                FollowUp._meta.db_table,
                (
                    "id",
                    "association_id",
                    "enrollment_id",
                    "intervention_id",
                    "months_after_end",
                    "due_date",
                    "status",
                    "done_on",
                    "occupation_id",
                ),
                follow_ups,
            )
        if number % 10 == 9:
            print(f"  {number + 1} förbund inserted ({time.perf_counter() - started:.0f} s)", flush=True)
    if analyze or not sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


CPU: dict[str, float] = {}


def interleaved(runs: dict[str, Any], repeat: int) -> dict[str, float]:
    """Median wall times in ms of several functions run in turn, `repeat` rounds (after one warm-up round):
    in a round each runs once, so a slow spell of the machine falls on all of them alike. Median CPU
    times go to CPU."""
    for fn in runs.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
    CPU.update({name: statistics.median(values) for name, values in cpu.items()})
    return {name: statistics.median(values) for name, values in times.items()}


def measure(repeat: int) -> None:
    """Time the reports (one förbund, all förbund; with and without persons) and print the figures.

    Timing runs without tracemalloc (it slows every Python allocation); the memory figures come from a
    separate run of each report under tracemalloc.
    """
    from django.db import connection

    from samordna.core.models import Association
    from samordna.participants.models import Enrollment, FollowUp
    from samordna.participants.statistics import build_participant_report

    one = Association.objects.get(slug=SLUG.format(0))
    print(
        f"{connection.vendor}: {Association.objects.count()} förbund, {Enrollment.objects.count()} enrollments, "
        f"{FollowUp.objects.count()} follow-ups; period {PERIOD[0]}–{PERIOD[1]}"
    )
    date_from, date_to = PERIOD

    def report(association: Any, persons: bool = False) -> dict[str, Any]:
        return build_participant_report(
            association=association, date_from=date_from, date_to=date_to, count_persons=persons
        )

    print(
        f"  rows in the period: one förbund {report(one)['totals']['participants']['all']}, "
        f"all förbund {report(None)['totals']['participants']['all']}"
    )
    runs = {
        "report, one förbund": lambda: report(one),
        "report, all förbund": lambda: report(None),
        "report + persons, one": lambda: report(one, True),
        "report + persons, all": lambda: report(None, True),
    }
    print(f"  load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    results = interleaved(runs, repeat)
    for name, value in results.items():
        target = f"  (target < {TARGETS[name]:.0f} ms)" if name in TARGETS else ""
        print(
            f"  {name:<22} {value:9.1f} ms wall, {CPU[name]:9.1f} ms CPU of this process (medians of {repeat}){target}"
        )
    peaks = []
    for fn in runs.values():
        tracemalloc.start()
        fn()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  peak memory: Python allocations {max(peaks) / 2**20:.1f} MB (largest of the four reports); "
        f"process max RSS {maxrss:.0f} MB (target < {MEMORY_TARGET_MB} MB)"
    )
    met = all(results[name] < limit for name, limit in TARGETS.items()) and maxrss < MEMORY_TARGET_MB
    print("  targets (one < 50 ms, all < 1.5 s, memory < 300 MB): " + ("met" if met else "NOT met"))


def main() -> None:
    """Build (when asked or missing) in this process, measure in a fresh one."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="recreate the database and the data set")
    parser.add_argument("--forbund", type=int, default=80)
    parser.add_argument("--per", type=int, default=7000, help="enrollments per förbund")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--analyze", action="store_true", help="also ANALYZE a SQLite database after the build")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    )
    if args.measure_only:
        setup(database_url)
        measure(args.repeat)
        return
    if args.fresh:
        recreate(database_url)
    setup(database_url)
    from django.db.utils import OperationalError, ProgrammingError

    from samordna.participants.models import Enrollment

    try:
        present = Enrollment.objects.count()
    except (OperationalError, ProgrammingError):
        present = 0
    if present == 0:
        print(f"Building {args.forbund} × {args.per} enrollments …", flush=True)
        started = time.perf_counter()
        build(args.forbund, args.per, analyze=args.analyze)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, __file__, "--measure-only", "--repeat", str(args.repeat)], env=env, check=True)


if __name__ == "__main__":
    main()
