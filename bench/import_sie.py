"""Benchmark: generate a SIE 4E file with 200 000 #TRANS rows and import it on SQLite and on PostgreSQL.

Each database is fresh (a new SQLite file; a new PostgreSQL database, dropped afterwards) and migrated
first; the import itself runs in its own process so its time and peak memory (max RSS) are its own.
Target: under 20 s and 300 MB each.

    .venv/bin/python bench/import_sie.py [--rows 200000] [--postgres postgres://postgres@127.0.0.1:5432/]

Without a reachable PostgreSQL server the PostgreSQL run is reported as not run (the script still
exits 0 unless a run that did happen missed its target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 20.0
TARGET_MB = 300.0


def generate(path: Path, rows: int, seed: int = 2024) -> None:
    """A SIE 4E file: vouchers of two rows (cost on a cost centre, bank), spread over 2024."""
    rng = random.Random(seed)
    centres = [str(1000 + i) for i in range(40)]
    accounts = ["4610", "5010", "5410", "6110", "6550", "7010", "3511", "8410"]
    start = dt.date(2024, 1, 1)
    with path.open("w", encoding="cp437", newline="\n") as out:
        out.write('#FLAGGA 0\n#PROGRAM "Samordna bench" 1.0\n#FORMAT PC8\n#GEN 20250115\n#SIETYP 4\n')
        out.write('#FNAMN "Samordningsförbundet Bänk"\n#RAR 0 20240101 20241231\n#DIM 1 "Kostnadsställe"\n')
        for account in accounts + ["1930"]:
            out.write(f'#KONTO {account} "Konto {account}"\n')
        for centre in centres:
            out.write(f'#OBJEKT 1 "{centre}" "Kostnadsställe {centre}"\n')
        for number in range(1, rows // 2 + 1):
            date = (start + dt.timedelta(days=rng.randrange(366))).strftime("%Y%m%d")
            account = rng.choice(accounts)
            amount = rng.randrange(100, 5_000_000) / 100
            out.write(f'#VER A {number} {date} "Verifikation {number}"\n{{\n')
            out.write(f'#TRANS {account} {{1 "{rng.choice(centres)}"}} {amount:.2f} {date} "Rad"\n')
            out.write(f"#TRANS 1930 {{}} {-amount:.2f}\n}}\n")


def worker(database_url: str, path: str) -> None:
    """Migrate, create an association, import the file; print seconds and peak RSS of this process."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from samordna.core.models import Association
    from samordna.finance.ledger_services import ledger_import
    from samordna.finance.models import LedgerEntry

    association, _ = Association.objects.get_or_create(slug="bench", defaults={"name": "Bänk"})
    data = Path(path).read_bytes()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    imported = ledger_import(acting_user=None, association=association, data=data, filename=Path(path).name)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stored = LedgerEntry.objects.filter(association=association).count()
    print(f"RESULT {seconds:.2f} {peak_mb:.1f} {imported.source_rows} {stored} {cpu:.2f}")


def run(label: str, database_url: str, path: Path) -> bool | None:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", database_url, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if result.returncode or line is None:
        print(f"{label}: misslyckades\n{result.stderr[-2000:]}")
        return False
    _, seconds, peak, records, stored, cpu = line.split()
    ok = float(seconds) < TARGET_SECONDS and float(peak) < TARGET_MB
    print(
        f"{label:<11} import {float(seconds):6.2f} s ({float(cpu):.2f} s CPU i processen), "
        f"topp {float(peak):6.1f} MB minne ({records} SIE-poster → {stored} summerade rader) "
        f"{'OK' if ok else 'ÖVER MÅLET'}"
    )
    return ok


def postgres(base: str, path: Path) -> bool | None:
    try:
        import psycopg
    except ImportError:
        print("PostgreSQL: psycopg saknas; körs inte")
        return None
    name = f"samordna_bench_{uuid.uuid4().hex[:8]}"
    admin_url = base.rstrip("/") + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"PostgreSQL: ingen server på {base} ({str(error).strip()[:80]}); körs inte")
        return None
    try:
        return run("PostgreSQL", base.rstrip("/") + "/" + name, path)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
    )
    parser.add_argument("--worker", nargs=2, metavar=("DATABASE_URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.se"
        started = time.perf_counter()
        generate(path, args.rows)
        print(
            f"SIE 4E med {args.rows} #TRANS-rader ({path.stat().st_size / 1e6:.1f} MB) skapad på "
            f"{time.perf_counter() - started:.1f} s"
        )
        results = [run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", path), postgres(args.postgres, path)]
    print(
        f"Mål: under {TARGET_SECONDS:.0f} s och {TARGET_MB:.0f} MB per databas. Belastning (1 min): "
        f"{os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor."
    )
    return 1 if any(r is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
