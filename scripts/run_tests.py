"""Run the whole suite once per database: SQLite always, then every URL in TEST_DATABASE_URLS.

TEST_DATABASE_URLS is a space- or comma-separated list of DATABASE_URLs (for example
postgres://postgres@127.0.0.1:5432/test). Without it the PostgreSQL pass is not run, and this
says so plainly. A pass that collects no tests fails (pytest's exit 5 is not a success).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile


def run_pass(label: str, database_url: str, extra: list[str]) -> int:
    env = dict(os.environ, DATABASE_URL=database_url)
    print(f"\n=== Testkörning mot {label} ({database_url}) ===", flush=True)
    result = subprocess.run([sys.executable, "-m", "pytest", *extra], env=env, check=False)
    if result.returncode == 5:
        print(f"FEL: inga tester kördes mot {label}.", flush=True)
        return 1
    return result.returncode


def main() -> int:
    extra = sys.argv[1:]
    if not any(a.startswith(("-n", "--numprocesses", "-p no:xdist")) for a in extra) and (os.cpu_count() or 1) > 1:
        extra = ["-n", str(min(os.cpu_count() or 1, 4)), *extra]
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if run_pass("SQLite", f"sqlite:///{tmp}/test.sqlite3", extra):
            failures.append("SQLite")
    urls = [u for u in re.split(r"[\s,]+", os.environ.get("TEST_DATABASE_URLS", "")) if u]
    if not urls:
        print(
            "\nOBS: PostgreSQL-passet kördes INTE (TEST_DATABASE_URLS är inte satt). "
            "Exempel: TEST_DATABASE_URLS=postgres://postgres@127.0.0.1:5432/test make test",
            flush=True,
        )
    for url in urls:
        label = "PostgreSQL" if url.startswith(("postgres", "postgresql")) else url.split(":", 1)[0]
        if run_pass(label, url, extra):
            failures.append(label)
    if failures:
        print(f"\nMISSLYCKADES: {', '.join(failures)}", flush=True)
        return 1
    print(f"\nAlla testkörningar gick igenom ({1 + len(urls)} databaser).", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
