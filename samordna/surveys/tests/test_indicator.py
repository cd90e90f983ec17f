"""The planning indicator kind `survey_share` reads the answers through the surveys' selector."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samordna.planning import services as plan_services
from samordna.planning.indicators import NO_DATA, known_without_counting, measure
from samordna.planning.testing import sample_goal
from samordna.surveys.tests.helpers import answer, make_round
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_survey_share_of_the_rmgt_question(cast: Cast) -> None:
    survey_round = make_round(cast.a, starts_on=dt.date(2024, 3, 1))
    for value in (5, 5, 4, 3, 2, 4):
        answer(survey_round, value)
    goal = sample_goal(cast.a)
    indicator = plan_services.indicator_create(
        acting_user=None,
        goal=goal,
        code="nytta",
        name="Upplevd nytta",
        target=100,
        source_kind="survey_share",
        params={"survey": "rmgt-nytta", "question": "nytta", "at_least": 4},
    )
    got = measure([indicator], association=cast.a.association, year=2024)[indicator.pk]
    assert (got.numerator, got.denominator) == (4, 6) and got.value == Decimal(4) / Decimal(6)
    assert measure([indicator], association=cast.a.association, year=2025)[indicator.pk].reason == NO_DATA
    known = known_without_counting([indicator], association=cast.a.association, year=2024, linked={})
    assert known[indicator.pk].denominator == 6


def test_several_years_at_once_agree_with_each_year(cast: Cast) -> None:
    from samordna.planning.indicators import measure_years

    for code, year, values in (("a", 2023, (5, 1)), ("b", 2024, (4, 4, 2))):
        survey_round = make_round(cast.a, code=code, starts_on=dt.date(year, 2, 1))
        for value in values:
            answer(survey_round, value)
    indicator = plan_services.indicator_create(
        acting_user=None,
        goal=sample_goal(cast.a),
        code="nytta",
        name="Upplevd nytta",
        target=100,
        source_kind="survey_share",
        params={"survey": "rmgt-nytta", "question": "nytta", "at_least": 4},
    )
    years = measure_years([indicator], association=cast.a.association, years=[2022, 2023, 2024])[indicator.pk]
    for year in (2022, 2023, 2024):
        alone = measure([indicator], association=cast.a.association, year=year)[indicator.pk]
        assert (years[year].numerator, years[year].denominator, years[year].value) == (
            alone.numerator,
            alone.denominator,
            alone.value,
        )
    assert (years[2024].numerator, years[2024].denominator) == (2, 3)
