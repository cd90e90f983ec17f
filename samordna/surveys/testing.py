"""Sample survey objects for the URL-walking access tests (samordna/testing/objects.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.surveys import services
from samordna.surveys.models import Question, Questionnaire, SurveyRound


def sample_questionnaire(tenant: Any) -> Questionnaire:
    """The tenant's RMGT template questionnaire."""
    return services.template_install(acting_user=None, association=tenant.association)


def sample_question(tenant: Any) -> Question:
    """The scale question of the tenant's template questionnaire."""
    return services.current_version(sample_questionnaire(tenant)).questions.get(code="nytta")


def sample_round(tenant: Any) -> SurveyRound:
    """An open round of the template on the tenant's structural insats, with one answer (the caller assigns the
    insatsansvariga to that insats, as `objects.sample_event` does)."""
    survey_round = SurveyRound.objects.filter(association=tenant.association, code="enkat-1").first()
    if survey_round is not None:
        return survey_round
    survey_round = services.round_create(
        acting_user=None,
        association=tenant.association,
        code="enkat-1",
        questionnaire=sample_questionnaire(tenant),
        intervention=tenant.structural,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2035, 12, 31),
    )
    nytta = survey_round.version.questions.get(code="nytta")
    roll = survey_round.version.questions.get(code="roll")
    services.response_submit(survey_round=survey_round, answers={nytta.pk: 4, roll.pk: 0}, channel="link")
    return survey_round
