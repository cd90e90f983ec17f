"""The surveys API: read only, questionnaires with versions, rounds without answers for those who do not manage them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samordna.surveys.models import Response
from samordna.surveys.tests.helpers import answer, make_round
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_questionnaires_and_rounds_read_only(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    survey_round = make_round(cast.a)
    answer(survey_round, 4)
    slug = cast.a.association.slug
    admin = client_for("admin")
    body = admin.get(reverse("questionnaire-list", kwargs={"association": slug})).json()
    (questionnaire,) = body["results"]
    assert questionnaire["code"] == "rmgt-nytta"
    assert questionnaire["versions"][0]["locked"] is True
    assert [q["code"] for q in questionnaire["versions"][0]["questions"]] == ["roll", "nytta", "ovrigt"]
    rounds = admin.get(reverse("survey-round-list", kwargs={"association": slug})).json()["results"]
    assert rounds[0]["code"] == "r1" and rounds[0]["answers"] == 1 and rounds[0]["intervention"] == "2001"
    viewer_rounds = client_for("viewer").get(reverse("survey-round-list", kwargs={"association": slug})).json()
    assert viewer_rounds["results"][0]["answers"] is None
    url = reverse("survey-round-list", kwargs={"association": slug})
    assert admin.post(url, {"code": "x"}, content_type="application/json").status_code in (403, 405)
    detail = reverse("survey-round-detail", kwargs={"association": slug, "pk": survey_round.pk})
    assert admin.patch(detail, {"is_open": False}, content_type="application/json").status_code in (403, 405)
    assert "token" not in admin.get(detail).json()
    assert Response.objects.count() == 1
