"""Survey pages: building a questionnaire, rounds, paper entry, codes, results per role with suppression."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samordna.surveys import services
from samordna.surveys.models import Question, Questionnaire, Response, SurveyRound
from samordna.surveys.tests.helpers import answer, make_round, question
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def _url(cast: Cast, name: str, **kwargs: object) -> str:
    return reverse(f"surveys:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def test_admin_builds_a_questionnaire(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("admin")
    response = client.post(
        _url(cast, "create"), {"code": "nojd", "name": "Nöjdhet", "respondent_group": "personal", "intro": ""}
    )
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(code="nojd")
    response = client.post(
        _url(cast, "question-add", pk=questionnaire.pk),
        {"code": "val", "position": 1, "kind": "one_choice", "text": "Vilken?", "choices": "A\nB"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bad = client.post(
        _url(cast, "question-add", pk=questionnaire.pk),
        {"code": "skala", "position": 2, "kind": "scale10", "text": "Hur?", "choices": ""},
    )
    assert bad.status_code == 400 and "båda ändarna" in bad.content.decode()
    assert client.get(questionnaire.get_absolute_url()).status_code == 200
    client.post(_url(cast, "template"))
    assert Questionnaire.objects.filter(code="rmgt-nytta", association=cast.a.association).exists()


def test_editing_an_answered_question_makes_a_new_version(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    survey_round = make_round(cast.a)
    answer(survey_round, 4)
    old = question(survey_round, "nytta")
    client = client_for("admin")
    page = client.get(_url(cast, "question-edit", pk=old.pk))
    assert "låst" in page.content.decode()
    data = {
        "code": "nytta",
        "position": 2,
        "kind": "scale5",
        "text": "Ny text?",
        "low_label": "Inte alls",
        "high_label": "Mycket",
        "choices": "",
        "required": "on",
    }
    assert client.post(_url(cast, "question-edit", pk=old.pk), data).status_code == 302
    old.refresh_from_db()
    assert old.text != "Ny text?"
    assert Question.objects.filter(text="Ny text?", version__number=2).exists()
    body = client.get(old.version.questionnaire.get_absolute_url()).content.decode()
    assert "Version 2" in body and "Låst: har svar" in body


def test_manager_creates_a_round_for_their_own_insats(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    from samordna.testing.objects import sample_event

    sample_event(cast, cast.a)  # assigns the insatsansvariga to the structural insats
    make_round(cast.a, code="first")  # installs the template
    questionnaire = Questionnaire.objects.get(association=cast.a.association, code="rmgt-nytta")
    client = client_for("intervention_manager")
    data = {
        "questionnaire": questionnaire.pk,
        "code": "mgr-1",
        "starts_on": "2025-01-01",
        "ends_on": "2025-06-30",
        "mode": "link",
        "max_responses": 100,
        "is_open": "on",
    }
    refused = client.post(_url(cast, "round-create"), data)
    assert refused.status_code == 200 and not SurveyRound.objects.filter(code="mgr-1").exists()
    response = client.post(_url(cast, "round-create"), {**data, "intervention": cast.a.structural.pk})
    assert response.status_code == 302
    survey_round = SurveyRound.objects.get(code="mgr-1")
    page = client.get(survey_round.get_absolute_url()).content.decode()
    assert survey_round.public_path() in page and "data:image/svg+xml;base64," in page


def test_paper_entry_and_codes_page(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    survey_round = make_round(cast.a, mode="codes")
    client = client_for("admin")
    paper = _url(cast, "round-paper", pk=survey_round.pk)
    data = {f"q{question(survey_round, 'nytta').pk}": "3", f"q{question(survey_round, 'roll').pk}": "1"}
    assert client.post(paper, data).status_code == 302
    assert Response.objects.get(round=survey_round).channel == "paper"
    codes = _url(cast, "round-codes", pk=survey_round.pk)
    assert client.post(codes, {"count": 4}).status_code == 302
    page = client.get(codes).content.decode()
    assert page.count('class="slip"') == 4
    assert client.post(codes, {"count": 0}).status_code == 400


def test_results_per_role_and_suppression(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    survey_round = make_round(cast.a)
    for value in (5, 4, 4):
        answer(survey_round, value, text="Hemligt svar")
    url = survey_round.get_absolute_url()
    assert "fortfarande emot svar" in client_for("viewer").get(url).content.decode()
    services.round_update(acting_user=None, survey_round=survey_round, is_open=False)
    admin = client_for("admin").get(url).content.decode()
    assert "Hemligt svar" in admin and "Intern version" in admin
    viewer = client_for("viewer").get(url).content.decode()
    assert "Hemligt svar" not in viewer and "färre än 5 svar" in viewer
    assert "<svg" not in viewer  # no distribution chart of a small round
    as_published = client_for("admin").get(url, {"publicerad": "1"}).content.decode()
    assert "Hemligt svar" not in as_published and "färre än 5 svar" in as_published
    for value in (3, 2):
        answer(survey_round, value, channel="paper")
    viewer = client_for("viewer").get(url).content.decode()
    assert "Omgången har färre än" not in viewer and "<svg" in viewer and "Hemligt svar" not in viewer
    assert "Grupper med färre än 5 svar visas inte" in viewer  # 4 + 1 answers by role: both groups hidden
    detail = client_for("viewer").get(survey_round.version.questionnaire.get_absolute_url())
    assert detail.status_code == 200


def test_survey_pages_and_the_public_form_are_never_cached(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    survey_round = make_round(cast.a)
    answer(survey_round, 4, text="Fritext")
    response = client_for("admin").get(survey_round.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    public = Client().get(reverse("survey-public", kwargs={"token": survey_round.token}))
    assert "no-store" in public["Cache-Control"] or "no-cache" in public["Cache-Control"]


def test_manager_manages_only_rounds_of_their_own_insatser(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    own = make_round(cast.a, code="own")  # on the structural insats: the manager is not assigned to it here
    other = make_round(cast.a, code="other", intervention=cast.a.other_intervention)
    client = client_for("intervention_manager")
    for survey_round in (own, other):
        assert client.get(_url(cast, "round-edit", pk=survey_round.pk)).status_code == 404
        assert client.get(_url(cast, "round-paper", pk=survey_round.pk)).status_code == 404
    assert client_for("viewer").get(_url(cast, "round-edit", pk=own.pk)).status_code == 403
    assert client_for("admin").get(_url(cast, "round-edit", pk=other.pk)).status_code == 200
