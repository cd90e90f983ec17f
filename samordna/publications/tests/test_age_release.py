"""Age bands across years: the same people move between bands from one year to the next, and nothing hidden
can be worked out from that.

The attacker here is independent of the release code: it reads the printed participants, new and ended
totals and the age bands (by gender) of the yearly releases of 2024 and 2025, and models the enrollments
by birth year, gender and one of eight patterns (started before 2024 or in 2024 or in 2025, crossed with
when it ended), which is all those figures can tell apart. For each hidden small age-band count it solves
two integer programs for its smallest and largest value.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import highspy
import numpy as np
import pytest

from samordna.participants.statistics import build_participant_report
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, OUTSIDE_BAND, parse_bands
from samordna.participants.statistics.publish import publish
from samordna.publications.services import release_publication
from samordna.publications.tests.test_release import _integer_model, _ranges
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests.builders import enroll, person
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
YEARS = (2024, 2025)
BORN = range(1940, 2011)
GENDERS = {"women": "kvinna", "men": "man", "other": "annat"}
# Patterns: (active in 2024, active in 2025, new in 2024, new in 2025, ended in 2024, ended in 2025)
PATTERNS = {
    "before, ended 2024": (1, 0, 0, 0, 1, 0),
    "before, ended 2025": (1, 1, 0, 0, 0, 1),
    "before, open": (1, 1, 0, 0, 0, 0),
    "2024, ended 2024": (1, 0, 1, 0, 1, 0),
    "2024, ended 2025": (1, 1, 1, 0, 0, 1),
    "2024, open": (1, 1, 1, 0, 0, 0),
    "2025, ended 2025": (0, 1, 0, 1, 0, 1),
    "2025, open": (0, 1, 0, 1, 0, 0),
}
MEASURE = {"participants": 0, "new": 2, "ended": 4}  # offset of the year's flag in a pattern


def populate(cast: Cast, n: int, seed: int) -> None:
    """Enrollments 2023–2025 with birth years that cross the band edges between the two years."""
    rng = random.Random(seed)
    tenant = cast.a
    for _ in range(n):
        gender = rng.choices(list(GENDERS.values()), (50, 44, 6))[0]
        born = rng.choice([1960, 1973, 1974, 1993, 1994, 2005, 2006, *range(1955, 2008, 3)])
        start = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(950))
        end = None if rng.random() < 0.35 else start + dt.timedelta(days=rng.randrange(20, 400))
        if end is not None and end > dt.date(2025, 12, 31):
            end = None
        enroll(tenant, start, end, who=person(tenant, gender=gender, birth_year=born), intervention=tenant.intervention)


def _age_band(age: int) -> str:
    for band in parse_bands(DEFAULT_AGE_BANDS):
        if band.low <= age and (band.high is None or age <= band.high):
            return band.label
    return OUTSIDE_BAND


def attack(reports: dict[int, dict[str, Any]], floor: int, k: int) -> list[tuple[Any, ...]]:
    """(cell, true value, smallest, largest) of every hidden small age-band count of the printed reports."""
    atoms = [(born, g, p) for born in BORN for g in GENDERS.values() for p in PATTERNS]
    index = {a: i for i, a in enumerate(atoms)}
    highs = _integer_model(len(atoms))

    def columns(year: int, flag: int, genders: list[str], band: str | None) -> np.ndarray:
        offset = YEARS.index(year)
        return np.array(
            [
                index[(born, g, p)]
                for born in BORN
                for g in genders
                for p, flags in PATTERNS.items()
                if flags[flag + offset] and (band is None or _age_band(year - born) == band)
            ],
            dtype=np.int32,
        )

    def genders(column: str) -> list[str]:
        return list(GENDERS.values()) if column == "all" else [GENDERS[column]]

    hidden = []
    for year, report in reports.items():
        for measure, flag in MEASURE.items():
            for column, printed in report["totals"][measure].items():
                chosen = columns(year, flag, genders(column), None)
                low, high = (floor, highspy.kHighsInf) if printed is None else (printed, printed)
                highs.addRow(low, high, len(chosen), chosen, np.ones(len(chosen)))
        internal = build_participant_report(
            association=report["_association"], date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31)
        )
        truth = {row["band"]: row for row in internal["age_bands"]}
        for row in report["age_bands"]:
            for column in ("all", *GENDERS):
                chosen = columns(year, 0, genders(column), row["band"])
                printed = row[column]
                low, high = (floor, highspy.kHighsInf) if printed is None else (printed, printed)
                highs.addRow(low, high, len(chosen), chosen, np.ones(len(chosen)))
                true = truth[row["band"]][column]
                if printed is None and 1 <= true < k:
                    hidden.append(((year, row["band"], column), chosen, true))
    return _ranges(highs, len(atoms), hidden)


def pinned(ranges: list[tuple[Any, ...]], k: int) -> list[tuple[Any, ...]]:
    """The hidden counts narrower than k (and not possibly 0)."""
    return [r for r in ranges if not (r[2] <= 0 or r[3] - r[2] >= k)]


def test_no_hidden_age_band_count_can_be_narrowed_across_years(cast: Cast) -> None:
    populate(cast, n=160, seed=11)
    association = cast.a.association
    k = association.suppression_threshold

    # Each year suppressed on its own (no audit across releases): the attacker pins hidden age counts.
    alone = {}
    for year in YEARS:
        period = FixedPeriod.whole_year(year)
        internal = build_participant_report(association=association, date_from=period.date_from, date_to=period.date_to)
        alone[year] = {**publish(internal, k), "_association": association}
    assert pinned(attack(alone, 1, k), k), "the fixture must make the attack work on years suppressed alone"

    released = {}
    floor = 1
    for year in YEARS:
        publication = release_publication(
            association=association, period=FixedPeriod.whole_year(year), acting_user=None
        )
        assert "age_bands" in publication.audit["covers"]
        released[year] = {**publication.report(None), "_association": association}
        floor = min(floor, publication.floor)
    ranges = attack(released, floor, k)
    assert ranges, "the releases should hide small age counts"
    assert pinned(ranges, k) == []
