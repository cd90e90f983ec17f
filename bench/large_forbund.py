"""Benchmark: the pages and API lists of one large förbund (issue #19 item 8, "linear costs").

Builds one synthetic förbund of 100,000 enrollments (bench/participant_report.py's generator: starts
2014–2024, follow-ups after every end) in a SQLite file of its own, or in the database of BENCH_DATABASE_URL /
DATABASE_URL; a database that already holds the förbund is reused (--fresh builds it again). Then, with
Django's test client, DEBUG off, and a logged-in deltagaransvarig assigned to every insats (an admin for
the report), it times the median of several requests of:

- the API enrollment list, first page and a late page (`?offset=`, the default ordering);
- the registrar's pages: the start page (`/f/<förbund>/`), the participant home (`deltagare/`), an insats's
  ended list (`?state=ended`) and follow-up-due list (`?state=due`), and the follow-ups due (`uppfoljningar/`);
- the participant report builder (`build_participant_report`) for the förbund and 2024.

    .venv/bin/python bench/large_forbund.py [--fresh] [--enrollments 100000] [--repeat 7]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_linear_bench .venv/bin/python bench/large_forbund.py

Target: every median < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_large_forbund.sqlite3"
TARGET_MS = 100.0
REGISTRAR, ADMIN = "bench-registrar", "bench-admin"


def ensure_data(enrollments: int) -> None:
    """Build the förbund and its two users unless the database already holds them."""
    from django.core.management import call_command
    from django.db.utils import OperationalError, ProgrammingError

    from samordna.core import services as core_services
    from samordna.core.choices import Role
    from samordna.core.models import Association
    from samordna.interventions import services as intervention_services
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Enrollment

    try:
        present = Enrollment.objects.count()
    except (OperationalError, ProgrammingError):
        present = 0
    if present:
        call_command("migrate", verbosity=0)  # the indexes of the code under test
        return
    print(f"Building one förbund of {enrollments} enrollments …", flush=True)
    started = time.perf_counter()
    participant_report.build(1, enrollments, analyze=False, teams=(6, 6))
    association = Association.objects.get()
    registrar = core_services.user_create(acting_user=None, username=REGISTRAR, password=None)
    admin = core_services.user_create(acting_user=None, username=ADMIN, password=None)
    core_services.membership_add(acting_user=None, association=association, user=admin, role=Role.ADMIN)
    membership = core_services.membership_add(
        acting_user=None, association=association, user=registrar, role=Role.REGISTRAR
    )
    for intervention in Intervention.objects.filter(association=association):
        intervention_services.assignment_add(
            acting_user=None, intervention=intervention, membership=membership, starts_on=dt.date(2010, 1, 1)
        )
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def analyze() -> None:
    """Planner statistics as production has them: PostgreSQL's autovacuum analyzes; SQLite is left as Django
    leaves it (no ANALYZE)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of `repeat` calls, after two warm-up calls."""
    for _ in range(2):
        fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def get(client: Any, url: str, params: dict[str, str] | None = None) -> Callable[[], Any]:
    """A request that must answer 200."""

    def request() -> Any:
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        return response

    return request


def measure(repeat: int) -> bool:
    """Time every page, API list and report; print each against the target; True when all are met."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from samordna.core.models import Association
    from samordna.interventions.models import Intervention
    from samordna.participants.models import Enrollment, FollowUp
    from samordna.participants.statistics import build_participant_report

    association = Association.objects.get()
    slug = association.slug
    users = get_user_model().objects
    registrar, admin = Client(), Client()
    registrar.force_login(users.get(username=REGISTRAR))
    admin.force_login(users.get(username=ADMIN))
    enrollments = Enrollment.objects.filter(association=association).count()
    insats = Intervention.objects.filter(association=association).order_by("code").first()
    assert insats is not None
    api = reverse("enrollment-list", kwargs={"association": slug})
    insats_list = reverse("participants:list", kwargs={"association": slug, "intervention": insats.pk})
    late = str(enrollments - 150)
    runs: dict[str, Callable[[], Any]] = {
        "API enrollments, first page": get(registrar, api),
        f"API enrollments, offset {late}": get(registrar, api, {"offset": late}),
        "start page (registrar)": get(registrar, reverse("core:dashboard", kwargs={"association": slug})),
        "participant home (registrar)": get(registrar, reverse("participants:home", kwargs={"association": slug})),
        "insats list, ended": get(registrar, insats_list, {"state": "ended"}),
        "insats list, follow-up due": get(registrar, insats_list, {"state": "due"}),
        "follow-ups due (uppfoljningar/)": get(registrar, reverse("participants:due", kwargs={"association": slug})),
        "participant report 2024": lambda: build_participant_report(
            association=association, date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31)
        ),
    }
    print(
        f"{connection.vendor}: one förbund, {enrollments} enrollments in "
        f"{Intervention.objects.filter(association=association).count()} insatser, "
        f"{FollowUp.objects.filter(association=association).count()} follow-ups; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; medians of {repeat}"
    )
    met = True
    for name, fn in runs.items():
        value = median_ms(fn, repeat)
        ok = value < TARGET_MS
        met &= ok
        print(f"  {name:<34} {value:8.1f} ms  (target < {TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'})", flush=True)
    print("  all targets " + ("met" if met else "NOT met"))
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="recreate the database and the data set")
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    database_url = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    )
    os.environ.update(HTTPS_ONLY="false", ALLOWED_HOSTS="testserver")
    if args.fresh or (database_url.startswith("sqlite") and not DEFAULT_SQLITE.exists()):
        participant_report.recreate(database_url)
    participant_report.setup(database_url)
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="samordna-bench-static-")  # hashed names, as in production
    call_command("collectstatic", interactive=False, verbosity=0)
    ensure_data(args.enrollments)
    analyze()
    measure(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
