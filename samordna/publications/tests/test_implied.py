"""Counts nobody published but anyone can subtract: the year minus two of its tertials is the third.

Released in the order a förbund might (the year first, then two tertials), the third tertial's ended counts
per end reason follow by subtraction. The attacker is independent of the release code: atoms are the
enrollments ended in each month of 2024 with each reason; every printed end-reason count and ended total
of the releases is a constraint; for each small true count of the third tertial it solves two integer
programs. Suppressed one release at a time, some are pinned; released through the audit, none is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import highspy
import numpy as np
import pytest

from samordna.participants.statistics import build_participant_report
from samordna.participants.statistics.publish import publish
from samordna.publications.tests.test_release import _integer_model, _ranges, release
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests.builders import enroll, person
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
ORDER = ("2024", "2024-t1", "2024-t2")
#: Enrollments ended in each tertial of 2024, per end reason: large in the first two, small in the third.
ENDED = {"1": (8, 7, 2), "2": (6, 6, 1), "3": (9, 5, 0), "5": (5, 6, 3)}


def populate(cast: Cast) -> None:
    """Enrollments started in 2023 and ended in 2024 as ENDED says, plus some still open."""
    tenant = cast.a
    for reason, counts in ENDED.items():
        for tertial, count in enumerate(counts):
            for number in range(count):
                end = dt.date(2024, 1 + 4 * tertial + number % 4, 10)
                who = person(tenant, gender=("kvinna", "man")[number % 2])
                enroll(tenant, dt.date(2023, 3, 1), end, who=who, intervention=tenant.intervention, reason=reason)
    for number in range(12):
        enroll(tenant, dt.date(2023, 5, 1), who=person(tenant, gender=("kvinna", "man")[number % 2]))


def attack(reports: dict[str, dict[str, Any]], floor: int, truth: dict[str, int], k: int) -> list[tuple[Any, ...]]:
    """Ranges of the third tertial's small ended-by-reason counts (and its ended total) from the reports."""
    reasons = sorted({r["code"] for report in reports.values() for r in report["end_reasons"]} | set(truth) - {"*"})
    atoms = [(r, m) for r in reasons for m in range(1, 13)]
    index = {a: i for i, a in enumerate(atoms)}
    highs = _integer_model(len(atoms))
    for slug, report in reports.items():
        lo, hi = FixedPeriod.parse(slug).months
        for row in report["end_reasons"]:
            columns = np.array([index[(row["code"], m)] for m in range(lo, hi + 1)], dtype=np.int32)
            low, high = (floor, highspy.kHighsInf) if row["count"] is None else (row["count"],) * 2
            highs.addRow(low, high, len(columns), columns, np.ones(len(columns)))
        ended = report["totals"]["ended"]["all"]
        columns = np.array([index[(r, m)] for r in reasons for m in range(lo, hi + 1)], dtype=np.int32)
        low, high = (floor, highspy.kHighsInf) if ended is None else (ended, ended)
        highs.addRow(low, high, len(columns), columns, np.ones(len(columns)))
    targets = []
    for code, true in truth.items():
        chosen = reasons if code == "*" else [code]
        columns = np.array([index[(r, m)] for r in chosen for m in range(9, 13)], dtype=np.int32)
        if 1 <= true < k:
            targets.append((code, columns, true))
    return _ranges(highs, len(atoms), targets)


def test_the_third_tertial_cannot_be_subtracted_from_the_year_and_two_tertials(cast: Cast) -> None:
    populate(cast)
    association = cast.a.association
    k = association.suppression_threshold
    third = FixedPeriod.tertial(2024, 3)
    internal = build_participant_report(association=association, date_from=third.date_from, date_to=third.date_to)
    truth = {r["code"]: r["count"] for r in internal["end_reasons"]} | {"*": internal["totals"]["ended"]["all"]}
    assert any(1 <= v < k for v in truth.values()), "the data should have small counts in the third tertial"

    def pinned(ranges: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [r for r in ranges if not (r[2] <= 0 or r[3] - r[2] >= k)]

    alone = {}
    for slug in ORDER:
        period = FixedPeriod.parse(slug)
        report = build_participant_report(association=association, date_from=period.date_from, date_to=period.date_to)
        alone[slug] = publish(report, k)
    assert pinned(attack(alone, 1, truth, k)), "suppressed one release at a time, the subtraction works"

    published = [release(cast, slug) for slug in ORDER]
    floor = min(p.floor for p in published)
    reports = {p.period: p.report(None) for p in published}
    assert pinned(attack(reports, floor, truth, k)) == []
    assert all("implied_counts" in p.audit for p in published)
    assert published[-1].audit["implied_counts"] > 0
    assert dt.date(2024, 9, 1) == third.date_from
