"""Benchmark: the årsredovisning as DOCX and as PDF for a large förbund (issue #16: under 10 s each, peak memory
under 400 MB).

Builds one synthetic förbund (bench/participant_report.py's generator: 40 insatser, 30 000 enrollments starting
2020–2024 with end reasons and follow-ups), a board of 20 seats, a budget of 40 lines for 2024 (cost centres),
the 2024 participant publication (released through the service, so the document has published statistics),
and a SIE file of 200 000 #TRANS rows for 2024 (vouchers of two rows, cost or income on a cost centre against
the bank) with the opening balances and 2023's closing balances and result, imported through `ledger_import`.
Then each format is made in its own process (`samordna report arsredovisning --year 2024 --format …`: the
document is assembled from the data and rendered), so its time and peak memory (max RSS) are its own.

    .venv/bin/python bench/annual_report.py            (SQLite, var/bench_annual.sqlite3, rebuilt)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_annual .venv/bin/python bench/annual_report.py
    .venv/bin/python bench/annual_report.py --reuse    (measure again on the database already built)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_annual.sqlite3"
TARGET_SECONDS = 10.0
TARGET_MB = 400.0
CENTRES = [str(2000 + i) for i in range(40)]
COSTS = ["4610", "5010", "5410", "6110", "6550", "7010"]


def sie(path: Path, rows: int, seed: int = 2024) -> None:
    """The 2024 SIE 4E file (see the module docstring)."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    with path.open("w", encoding="cp437", newline="\n") as out:
        out.write('#FLAGGA 0\n#PROGRAM "Samordna bench" 1.0\n#FORMAT PC8\n#GEN 20250115\n#SIETYP 4\n')
        out.write('#FNAMN "Samordningsforbundet Bank"\n#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n')
        out.write('#DIM 1 "Kostnadsstalle"\n')
        for account in [*COSTS, "3511", "8410", "1930", "1510", "2010", "2440"]:
            out.write(f'#KONTO {account} "Konto {account}"\n')
        for centre in CENTRES:
            out.write(f'#OBJEKT 1 "{centre}" "Kostnadsstalle {centre}"\n')
        before = {"1930": 5_500_000, "1510": 500_000, "2010": -5_600_000, "2440": -400_000}
        closing = {"1930": 6_000_000, "1510": 500_000, "2010": -5_600_000, "2440": -400_000}  # + result -500 000
        opening = {"1930": 6_000_000, "1510": 500_000, "2010": -6_100_000, "2440": -400_000}
        for kind, year, amounts in (("IB", -1, before), ("UB", -1, closing), ("IB", 0, opening)):
            out.writelines(f"#{kind} {year} {account} {amount:.2f}\n" for account, amount in amounts.items())
        out.write("#RES -1 3511 -18000000.00\n#RES -1 4610 17500000.00\n")
        for number in range(1, rows // 2 + 1):
            date = (start + dt.timedelta(days=rng.randrange(366))).strftime("%Y%m%d")
            income = number % 10 == 0
            account = "3511" if income else rng.choice(COSTS)
            amount = (rng.randrange(100_000, 2_000_000) if income else rng.randrange(100, 38_000)) / 100
            amount = -amount if income else amount
            out.write(f'#VER A {number} {date} "Verifikation {number}"\n{{\n')
            out.write(f'#TRANS {account} {{1 "{rng.choice(CENTRES)}"}} {amount:.2f} {date} "Rad"\n')
            out.write(f"#TRANS 1930 {{}} {-amount:.2f}\n}}\n")


def build(database_url: str, enrollments: int, rows: int) -> None:
    """The synthetic förbund and its 2024 (see the module docstring)."""
    participant_report.recreate(database_url)
    participant_report.setup(database_url)
    began = time.perf_counter()
    participant_report.build(
        1, enrollments, analyze=True, teams=(40, 40), first=dt.date(2020, 1, 1), last=dt.date(2024, 12, 31)
    )
    from samordna.core.models import Association, Municipality
    from samordna.finance import services as finance_services
    from samordna.finance.ledger_services import ledger_import
    from samordna.organisations import services as org_services
    from samordna.publications.services import release_publication
    from samordna.reporting.periods import FixedPeriod

    association = Association.objects.get()
    for i, municipality in enumerate(Municipality.objects.order_by("code")[:10]):
        member = org_services.member_create(
            acting_user=None,
            association=association,
            code=municipality.code,
            name=municipality.name,
            kind="kommun",
            municipality=municipality,
        )
        for seat_type in ("ledamot", "ersattare"):
            org_services.board_seat_create(
                acting_user=None,
                association=association,
                person_name=f"{seat_type.title()} {i}",
                seat_type=seat_type,
                office="ordforande" if (i, seat_type) == (0, "ledamot") else "",
                appointed_by=member,
                term_start=dt.date(2023, 1, 1),
            )
    lines = [
        "year,line,name,category,intervention,version,amount,comment",
        "2024,1,Medlemsbidrag,medlemsintakter,,budget,19000000,",
    ]
    lines += [f"2024,{c},Kostnadsställe {c},individinsatser,,budget,-450000," for c in CENTRES]
    finance_services.budget_import(acting_user=None, association=association, data="\n".join(lines).encode())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank-2024.se"
        sie(path, rows)
        ledger_import(acting_user=None, association=association, data=path.read_bytes(), filename=path.name)
    release_publication(association=association, period=FixedPeriod.whole_year(2024), acting_user=None)
    print(f"built in {time.perf_counter() - began:.0f} s: {enrollments} enrollments, {rows} ledger rows")


def measure(database_url: str, fmt: str) -> tuple[float, float]:
    """(seconds, peak MB) of `samordna report arsredovisning --format fmt` in a process of its own."""
    code = (
        "import resource, sys, time\n"
        "sys.path.insert(0, 'bench')\n"
        "import participant_report\n"
        f"participant_report.setup({database_url!r})\n"
        "from django.core.management import call_command\n"
        "from samordna.core.models import Association\n"
        "slug = Association.objects.get().slug\n"
        "started = time.perf_counter()\n"
        f"call_command('report', 'arsredovisning', '--association', slug, '--year', '2024', '--format', {fmt!r},"
        " '-o', sys.argv[1])\n"
        "seconds = time.perf_counter() - started\n"
        "print('RESULT', round(seconds, 2), round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"arsredovisning.{fmt}"
        done = subprocess.run(
            [sys.executable, "-c", code, str(out)], cwd=ROOT, capture_output=True, text=True, check=True
        )
        size = out.stat().st_size
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT"))
    seconds, peak = (float(part) for part in line.split()[1:])
    print(f"  {fmt}: {seconds:.2f} s, peak {peak:.0f} MB, {size // 1024} kB")
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=30_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--reuse", action="store_true", help="measure on the database already built")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    if not args.reuse:
        build(database_url, args.enrollments, args.rows)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    ok = True
    for fmt in ("docx", "pdf"):
        seconds, peak = measure(database_url, fmt)
        ok = ok and seconds < TARGET_SECONDS and peak < TARGET_MB
    print(f"target < {TARGET_SECONDS:.0f} s and < {TARGET_MB:.0f} MB each: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
