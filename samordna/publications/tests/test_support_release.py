"""Support before, per insats: "all insatser minus the other insats" gives no hidden support count away.

Attack 1 of the issue applied to the support-before table: each enrollment is counted once, so for every
support code the all-insatser count of a gender is the sum of the insatser's counts. Published side by side
and each suppressed on its own, a small hidden count of one insats is the all-insatser count minus the other
insats's. The attacker here is independent of the release code: for each code, integer unknowns per insats
and gender, every printed count of that code's row in every report of the release as a constraint, and for
each hidden small count its smallest and largest value (two integer programs).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pytest

from samordna.core.models import CodeListEntry
from samordna.participants.statistics import build_participant_report
from samordna.participants.statistics.publish import publish
from samordna.participants.support_mask import mask_of
from samordna.publications.services import release_publication
from samordna.publications.tests.test_release import _integer_model, _ranges
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests.builders import enroll, person
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
YEAR = 2024
GENDERS = {"women": "kvinna", "men": "man", "other": "annat"}
CODES = ("forsorjningsstod", "sjukpenning")


def populate(cast: Cast, n: int, seed: int) -> None:
    """Enrollments in A's two insatser during the year, most with a common support code, a few with a rare one."""
    rng = random.Random(seed)
    tenant = cast.a
    entries = {e.code: e for e in CodeListEntry.objects.filter(list="support", code__in=CODES)}
    for _ in range(n):
        gender = rng.choices(list(GENDERS.values()), (50, 44, 6))[0]
        start = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(300))
        insats = rng.choice([tenant.intervention, tenant.other_intervention])
        enrollment = enroll(tenant, start, None, who=person(tenant, gender=gender), intervention=insats)
        chosen = [entries["forsorjningsstod"]] if rng.random() < 0.8 else []
        if rng.random() < 0.12:
            chosen.append(entries["sjukpenning"])
        enrollment.support_before.set(chosen)
        enrollment.support_before_mask = mask_of(chosen)
        enrollment.save(update_fields=["support_before_mask"])


def attack(reports: dict[str | None, dict[str, Any]], floor: int, k: int) -> list[tuple[Any, ...]]:
    """(cell, true value, smallest, largest) of every hidden small support count of the printed reports."""
    insatser = sorted(code for code in reports if code is not None)
    found = []
    for code in CODES:
        atoms = [(insats, g) for insats in insatser for g in GENDERS]
        index = {a: i for i, a in enumerate(atoms)}
        highs = _integer_model(len(atoms))
        hidden = []
        for scope, report in reports.items():
            row = next((r for r in report["support_before"] if r["code"] == code), None)
            truth = report["_truth"].get(code)
            if row is None:
                continue
            for column in ("all", *GENDERS):
                chosen = np.array(
                    [
                        index[(insats, g)]
                        for insats in ([scope] if scope else insatser)
                        for g in GENDERS
                        if column in ("all", g)
                    ],
                    dtype=np.int32,
                )
                printed = row[column]
                low, high = (floor, np.inf) if printed is None else (printed, printed)
                highs.addRow(low, high, len(chosen), chosen, np.ones(len(chosen)))
                if printed is None and truth is not None and 1 <= truth[column] < k:
                    hidden.append(((code, scope, column), chosen, truth[column]))
        found += _ranges(highs, len(atoms), hidden)
    return found


def pinned(ranges: list[tuple[Any, ...]], k: int) -> list[tuple[Any, ...]]:
    return [r for r in ranges if not (r[2] <= 0 or r[3] - r[2] >= k)]


def _with_truth(report: dict[str, Any], internal: dict[str, Any]) -> dict[str, Any]:
    return {**report, "_truth": {row["code"]: row for row in internal["support_before"]}}


def test_no_hidden_support_count_of_an_insats_is_the_difference_of_two_reports(cast: Cast) -> None:
    populate(cast, n=90, seed=5)
    association = cast.a.association
    k = association.suppression_threshold
    period = FixedPeriod.whole_year(YEAR)

    def internal(codes: list[str] | None) -> dict[str, Any]:
        return build_participant_report(
            association=association, date_from=period.date_from, date_to=period.date_to, interventions=codes
        )

    everything = internal(None)
    codes = [row["code"] for row in everything["interventions"]]
    scopes: dict[str | None, dict[str, Any]] = {None: everything, **{c: internal([c]) for c in codes}}

    # Each report suppressed on its own: the attacker pins a small count of one insats.
    alone = {scope: _with_truth(publish(report, k), report) for scope, report in scopes.items()}
    assert pinned(attack(alone, 1, k), k), "the fixture must make the attack work on reports suppressed alone"

    publication = release_publication(association=association, period=period, acting_user=None)
    assert "support_before" in publication.audit["covers"]
    released = {scope: _with_truth(publication.report(scope), report) for scope, report in scopes.items()}
    ranges = attack(released, publication.floor, k)
    assert ranges, "the release should hide small support counts"
    assert pinned(ranges, k) == []
