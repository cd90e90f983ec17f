"""Benchmark: the goals report (issue "Verksamhetsplan": a förbund with 60 goals and 120 computed indicators over
50 000 enrollments, under 300 ms on both databases, with a query count that does not grow with the number of
indicators of the same kind).

Builds one synthetic förbund (the generator of bench/participant_report.py: 20 insatser, enrollments starting
2019–2025 with end reasons, occupation after and follow-ups at 3, 6 and 12 months), a plan for 2024 with 6 goal
areas of 10 goals, each goal linked to 1–3 insatser and with two computed indicators (ended shares by end reason
and by occupation, follow-up shares, reduced support, participants and participants against the volume
targets, in turn), and times `goals_report` for 2024 (median of --repeat runs) and counts its queries with half
and with all of the indicators.

    .venv/bin/python bench/goals_report.py            (SQLite, var/bench_goals.sqlite3, rebuilt)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_goals .venv/bin/python bench/goals_report.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import participant_report  # noqa: E402  (the synthetic data generator)

DEFAULT_SQLITE = ROOT / "var" / "bench_goals.sqlite3"
TARGET_MS = 300.0
KINDS = (
    ("ended_share", "percent", {"end_reasons": ["1", "2"]}),
    ("ended_share", "percent", {"occupation_after": ["arbete", "arbete_subventionerat", "studier"]}),
    ("followup_share", "percent", {"months": 12, "occupation": ["arbete", "arbete_subventionerat"]}),
    ("followup_share", "percent", {"months": 3, "occupation": ["studier"]}),
    ("support_reduced", "percent", {"months": 6}),
    ("participants", "count", {}),
    ("participants", "percent", {"of_target": True}),
)


def _plan(association, rng: random.Random) -> list:  # type: ignore[no-untyped-def]
    from samordna.interventions import services as intervention_services
    from samordna.interventions.models import Intervention
    from samordna.planning import services

    insatser = list(Intervention.objects.filter(association=association))
    for insats in insatser:
        intervention_services.volume_target_set(
            acting_user=None, intervention=insats, year=2024, unit="deltagare", value=rng.randint(80, 400)
        )
    plan = services.plan_create(
        acting_user=None, association=association, code="vp-2024", title="VP 2024", from_year=2024, to_year=2024
    )
    indicators = []
    n = 0
    for a in range(6):
        area = services.area_create(acting_user=None, plan=plan, code=str(a + 1), name=f"Målområde {a + 1}")
        for g in range(10):
            goal = services.goal_create(
                acting_user=None,
                plan=plan,
                area=area,
                code=f"{a + 1}:{g + 1}",
                text=f"Mål {a + 1}:{g + 1}",
                interventions=rng.sample(insatser, rng.randint(1, 3)),
            )
            for i in range(2):
                kind, unit, params = KINDS[n % len(KINDS)]
                n += 1
                indicators.append(
                    services.indicator_create(
                        acting_user=None,
                        goal=goal,
                        code=f"{goal.code}-{i}",
                        name=f"Mått {n}",
                        target=25,
                        unit=unit,
                        source_kind=kind,
                        params=params,
                    )
                )
    return indicators


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    participant_report.recreate(database_url)
    participant_report.setup(database_url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.core.models import Association
    from samordna.planning.models import Indicator
    from samordna.planning.report import goals_report

    began = time.perf_counter()
    participant_report.build(
        1, args.enrollments, analyze=True, teams=(20, 20), first=dt.date(2019, 1, 1), last=dt.date(2025, 12, 31)
    )
    association = Association.objects.get()
    indicators = _plan(association, random.Random(2026))
    print(
        f"{args.enrollments} enrollments in 20 insatser, 60 goals, {len(indicators)} computed indicators "
        f"built in {time.perf_counter() - began:.0f} s ({connection.vendor})"
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            goals_report(association=association, year=2024)
        return len(captured)

    all_queries = queries()
    goals_report(association=association, year=2024)  # warm
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        goals_report(association=association, year=2024)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    Indicator.objects.filter(pk__in=[i.pk for i in indicators[1::2]]).delete()
    half_queries = queries()
    verdict = "met" if median < TARGET_MS and half_queries == all_queries else "NOT met"
    print(
        f"goals report 2024: median {median:.0f} ms (min {min(times):.0f}, max {max(times):.0f}) over "
        f"{args.repeat} runs; {all_queries} queries with {len(indicators)} indicators, {half_queries} with "
        f"{len(indicators) - len(indicators[1::2])} (target < {TARGET_MS:.0f} ms and a fixed count: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
