"""Shared helpers of the surveys tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.surveys import services
from samordna.surveys.models import Channel, Question, Response, SurveyRound
from samordna.testing.cast import Tenant


def make_round(tenant: Tenant, code: str = "r1", **fields: Any) -> SurveyRound:
    """A round of the RMGT template on the tenant's structural insats, open from 2020 to 2035."""
    questionnaire = services.template_install(acting_user=None, association=tenant.association)
    values: dict[str, Any] = {
        "questionnaire": questionnaire,
        "intervention": tenant.structural,
        "starts_on": dt.date(2020, 1, 1),
        "ends_on": dt.date(2035, 12, 31),
    }
    values.update(fields)
    return services.round_create(acting_user=None, association=tenant.association, code=code, **values)


def question(survey_round: SurveyRound, code: str) -> Question:
    """The round's question with `code`."""
    return survey_round.version.questions.get(code=code)


def answer(survey_round: SurveyRound, nytta: int, roll: int = 0, text: str = "", **kwargs: Any) -> Response:
    """Submit one response to a round of the RMGT template."""
    answers: dict[int, Any] = {question(survey_round, "nytta").pk: nytta, question(survey_round, "roll").pk: roll}
    if text:
        answers[question(survey_round, "ovrigt").pk] = text
    kwargs.setdefault("channel", Channel.LINK)
    return services.response_submit(survey_round=survey_round, answers=answers, **kwargs)
