"""Benchmark: the Deltagarstatistik page (/f/<förbund>/rapporter/deltagare/) as an admin sees it (issue #19).

Builds one synthetic förbund whose enrollments all start in 2024 (so all of them are in the period), in a
SQLite file of its own (or the database in BENCH_DATABASE_URL / DATABASE_URL, dropped and created again),
collects the static files as production does (hashed names), then requests the page for 2024 with Django's
test client, DEBUG off, and prints the median of 20 timed requests (after two warm-up requests): once as a
person sees it who looks again (the report result from the cache, keyed by the förbund's data version), and once
each right after a write (the data version moved before each request, as every committed write moves it, so the
report is built anew: the first view after a registration or an import).

    .venv/bin/python bench/page_render.py [--enrollments 1650] [--insatser 6] [--repeat 20]

Target: median < 80 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_page_render.sqlite3"
TARGET_MS = 80.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=1650, help="~90 %% start in 2024")
    parser.add_argument("--insatser", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    database_url = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    )
    static_root = tempfile.mkdtemp(prefix="samordna-bench-static-")
    os.environ.update(HTTPS_ONLY="false", ALLOWED_HOSTS="testserver")
    participant_report.recreate(database_url)
    participant_report.setup(database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import F
    from django.test import Client
    from django.urls import reverse

    from samordna.core import services as core_services
    from samordna.core.choices import Role
    from samordna.core.models import Association
    from samordna.participants.models import Enrollment

    settings.STATIC_ROOT = static_root
    call_command("collectstatic", interactive=False, verbosity=0)
    participant_report.build(
        1,
        args.enrollments,
        analyze=False,
        teams=(args.insatser, args.insatser),
        first=dt.date(2024, 1, 1),
        last=dt.date(2024, 12, 31),
    )
    association = Association.objects.get()
    user = core_services.user_create(acting_user=None, username="bench-admin", password=None)
    core_services.membership_add(acting_user=None, association=association, user=user, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    url = reverse("reports:participants", kwargs={"association": association.slug})
    params = {"period": "year", "year": "2024"}
    for _ in range(2):
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
    in_period = Enrollment.objects.filter(start_date__lte=dt.date(2024, 12, 31)).count()
    print(f"Deltagarstatistik 2024, one förbund, {in_period} enrollments in {args.insatser} insatser ({connection()}):")
    for label, before in (("looked at again", None), ("after a write", association)):
        times = []
        for _ in range(args.repeat):
            if before is not None:  # what every committed write does (core.dataversion)
                Association.objects.filter(pk=before.pk).update(data_version=F("data_version") + 1)
            began = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        median = statistics.median(times)
        verdict = "met" if median < TARGET_MS else "NOT met"
        print(
            f"  {label:16} median {median:5.1f} ms of {args.repeat} requests (min {min(times):.1f}, "
            f"max {max(times):.1f}); target < {TARGET_MS:.0f} ms: {verdict}; "
            f"page {len(response.content) / 1024:.0f} KiB"
        )
    return 0


def connection() -> str:
    from django.db import connection as db

    return db.vendor


if __name__ == "__main__":
    sys.exit(main())
