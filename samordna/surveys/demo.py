"""Demo survey (for `samordna demo`): the RMGT "upplevd nytta" questionnaire of seed 001 and one round on the
Rådgivande myndighetsgemensamt team (insats 1080) of Samordningsförbundet Västmanland, with 20 synthetic answers.

The answers are made up (a fixed seed), typed in as paper forms dated within the round. The round ran in the
first half of last year and is over, so its results are published (a round still taking answers shows none).
A round that exists already is left as it is, so running again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from samordna.core.models import Association
from samordna.interventions.models import Intervention
from samordna.surveys import services
from samordna.surveys.models import Channel, SurveyRound

DEMO_ASSOCIATION = "vastmanland"
RMGT_INTERVENTION = "1080"
ROUND_CODE = "rmgt-demo"
ANSWERS = 20
SEED = 1080


def load(*, acting_user: Any = None) -> dict[str, int]:
    """Install the template and a round with synthetic answers, unless the round exists."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None or SurveyRound.objects.filter(association=association, code=ROUND_CODE).exists():
        return {}
    questionnaire = services.template_install(acting_user=acting_user, association=association)
    intervention = Intervention.objects.filter(association=association, code=RMGT_INTERVENTION).first()
    year = timezone.localdate().year - 1
    survey_round = services.round_create(
        acting_user=acting_user,
        association=association,
        code=ROUND_CODE,
        questionnaire=questionnaire,
        intervention=intervention,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 6, 30),
    )
    questions = {q.code: q for q in survey_round.version.questions.all()}
    rng = random.Random(SEED)
    for index in range(ANSWERS):
        answers: dict[int, Any] = {
            questions["roll"].pk: 0 if index % 3 else 1,
            questions["nytta"].pk: rng.choices([2, 3, 4, 5], weights=[1, 2, 5, 6])[0],
        }
        services.response_submit(
            survey_round=survey_round,
            answers=answers,
            channel=Channel.PAPER,
            acting_user=acting_user,
            answered_on=dt.date(year, 1 + index % 6, 1 + index),
        )
    return {"survey_rounds": 1, "survey_answers": ANSWERS}
