"""Benchmark: generate a 100,000-row participants file and import it into a fresh SQLite and PostgreSQL database.

    .venv/bin/python bench/import_participants.py [--rows 100000] [--only sqlite|postgres]
        [--database-url postgres://postgres@127.0.0.1:5432/participants_bench]

Each database is created and migrated from scratch in its own process (the PostgreSQL database named in the
URL is dropped and created again, so give it a name of its own), then the file is imported once (timed) and
again (must change nothing). Prints rows/s, seconds and peak memory (max RSS of the worker process,
and tracemalloc's peak of Python allocations during the import when --tracemalloc is given).
Target: under 30 s and under 400 MB for each database.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_PG = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/participants_bench")
INTERVENTIONS = [str(1000 + i) for i in range(20)]
KOMMUNER = ["1980", "1982", "1981", "1961", "1962", "1904", "1907", "0180", "1480", "1280"]
SUPPORT = [
    "forsorjningsstod",
    "sjukpenning",
    "aktivitetsersattning",
    "sjukersattning",
    "aktivitetsstod",
    "arbetsloshetsersattning",
    "etableringsersattning",
    "lon",
    "ingen",
    "annan",
]
EDUCATION = [
    "grundskola",
    "gymnasium",
    "hogskola_1",
    "hogskola_3",
    "hogskola_mer",
    "annan_eftergymnasial",
    "uppgift_saknas",
]
OCCUPATION = [
    "arbete",
    "arbete_subventionerat",
    "eget_foretag",
    "studier",
    "arbetssokande",
    "rehabilitering",
    "ingen",
    "annan",
]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """A valid file: two enrollments per participant (in different insatser), 60 % ended."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "participant",
                "intervention",
                "gender",
                "birth_year",
                "municipality",
                "start_date",
                "end_date",
                "end_reason",
                "education",
                "support_before",
                "years_in_support_before",
                "occupation_after",
                "support_after",
                "referred_by",
            ]
        )
        person: tuple[str, int, str] = ("", 0, "")
        for index in range(rows):
            if index % 2 == 0:
                person = (rng.choice(["kvinna", "man", "annat"]), rng.randint(1960, 2000), rng.choice(KOMMUNER))
            gender, birth_year, kommun = person
            start = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            ended = rng.random() < 0.6
            end = start + dt.timedelta(days=rng.randrange(60, 900)) if ended else None
            writer.writerow(
                [
                    f"B-{index // 2:06d}",
                    INTERVENTIONS[(index // 2 + index % 2) % len(INTERVENTIONS)],
                    gender,
                    birth_year,
                    kommun,
                    start.isoformat(),
                    end.isoformat() if end else "",
                    rng.choice("12345679") if ended else "",
                    rng.choice(EDUCATION),
                    "|".join(rng.sample(SUPPORT, rng.randint(1, 2))),
                    f"{rng.uniform(0, 12):.1f}",
                    rng.choice(OCCUPATION) if ended else "",
                    rng.choice(SUPPORT) if ended else "",
                    rng.choice(["fk", "af", "region"]),
                ]
            )


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark database named in `url`."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def worker(database_url: str, file: Path, trace: bool) -> None:
    """Migrate, set up a förbund with 20 insatser, import the file twice; print JSON figures."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # production-like: no SQL query log
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from samordna.core import services as core_services
    from samordna.interventions import services as intervention_services
    from samordna.organisations import services as org_services
    from samordna.participants.importer import run_import

    association = core_services.association_create(acting_user=None, slug="bench", name="Bench")
    for code, kind in (("fk", "forsakringskassan"), ("af", "arbetsformedlingen"), ("region", "region")):
        org_services.member_create(acting_user=None, association=association, code=code, name=code, kind=kind)
    for code in INTERVENTIONS:
        intervention_services.intervention_create(
            acting_user=None,
            association=association,
            code=code,
            name=f"Team {code}",
            orientation="individinriktad",
            category="individinsatser",
            start=dt.date(2020, 1, 1),
        )
    if trace:
        import tracemalloc

        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = run_import(association=association, source=str(file), filename=file.name)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    traced = 0
    if trace:
        import tracemalloc

        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if not result.ok:
        print(json.dumps({"error": [str(p) for p in result.problems[:10]]}))
        sys.exit(1)
    started = time.perf_counter()
    again = run_import(association=association, source=str(file), filename=file.name)
    second = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "rows": result.counts["rows"],
                "counts": result.counts,
                "second_import_seconds": second,
                "second_unchanged": again.counts.get("enrollments_unchanged"),
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "tracemalloc_peak_mb": traced / 1024 / 1024,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--database-url", default=DEFAULT_PG, help="PostgreSQL URL (the database is recreated).")
    parser.add_argument("--tracemalloc", action="store_true", help="Also measure Python allocations (slower).")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, Path(args.file), args.tracemalloc)
        return 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "participants.csv"
        generate(file, args.rows)
        print(f"{args.rows} rader, {file.stat().st_size / 1e6:.1f} MB CSV")
        targets = []
        if args.only in (None, "sqlite"):
            targets.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3"))
        if args.only in (None, "postgres"):
            fresh_postgres(args.database_url)
            targets.append(("PostgreSQL", args.database_url))
        for label, url in targets:
            command = [sys.executable, __file__, "--worker", url, "--file", str(file)]
            if args.tracemalloc:
                command.append("--tracemalloc")
            proc = subprocess.run(command, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(f"{label}: FEL\n{proc.stdout}{proc.stderr[-3000:]}")
                failures += 1
                continue
            figures = json.loads(proc.stdout.strip().splitlines()[-1])
            ok = figures["seconds"] < 30 and figures["max_rss_mb"] < 400
            print(
                f"{label}: {figures['rows']} rader på {figures['seconds']:.1f} s = "
                f"{figures['rows'] / figures['seconds']:,.0f} rader/s "
                f"(CPU i importprocessen {figures['cpu_seconds']:.1f} s, "
                f"belastning {os.getloadavg()[0]:.1f}); topp-RSS {figures['max_rss_mb']:.0f} MB"
                + (f", tracemalloc-topp {figures['tracemalloc_peak_mb']:.0f} MB" if args.tracemalloc else "")
                + f"; andra importen {figures['second_import_seconds']:.1f} s "
                f"({figures['second_unchanged']} oförändrade) {'OK' if ok else 'ÖVER MÅLET'}"
            )
            print(f"  {figures['counts']}")
            failures += 0 if ok else 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
