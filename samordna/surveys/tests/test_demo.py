"""The demo survey: the RMGT questionnaire and a round with 20 answers on Västmanland; run twice, no change."""

from __future__ import annotations

import pytest

from samordna.core.models import Association, AuditEntry
from samordna.demo.steps import DemoContext, run_steps
from samordna.surveys import demo, selectors
from samordna.surveys.models import Response, SurveyRound

pytestmark = pytest.mark.django_db


def test_demo_round_with_twenty_answers_and_run_twice_changes_nothing() -> None:
    run_steps(
        DemoContext(log=lambda _text: None),
        [
            "samordna.demo.steps.load_organisations",
            "samordna.demo.steps.create_users",
            "samordna.activities.demo.load",
            "samordna.surveys.demo.load",
        ],
    )
    association = Association.objects.get(slug="vastmanland")
    survey_round = SurveyRound.objects.get(association=association, code=demo.ROUND_CODE)
    assert survey_round.intervention is not None and survey_round.intervention.code == "1080"
    results = selectors.round_results(survey_round, published=True)
    assert results.responses == 20 and not results.suppressed
    counts = (Response.objects.count(), AuditEntry.objects.count())
    assert demo.load() == {}
    assert (Response.objects.count(), AuditEntry.objects.count()) == counts
