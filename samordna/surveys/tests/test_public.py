"""The anonymous public form: no login, Swedish and plain, CSRF on, and every abuse case answered with a plain
Swedish page and nothing saved; nothing about the person stored, nor put in the session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from samordna.core.models import AuditEntry
from samordna.surveys import selectors, services
from samordna.surveys.forms import HONEYPOT
from samordna.surveys.models import Response
from samordna.surveys.tests.helpers import make_round, question
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def _data(survey_round, nytta: int = 4, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {f"q{question(survey_round, 'nytta').pk}": str(nytta), f"q{question(survey_round, 'roll').pk}": "0"}
    data.update(extra)
    return data


def test_answers_without_login_and_nothing_about_who(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    client = Client(HTTP_USER_AGENT="Testwebbläsare/1.0", REMOTE_ADDR="203.0.113.7")
    url = reverse("survey-public", kwargs={"token": survey_round.token})
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Enkäten är anonym") < body.index("<h1>")  # the first line says it is anonymous
    assert 'lang="sv"' in body and 'name="viewport"' in body
    assert "Skriv inte namn" in body  # the free-text warning
    assert cast.a.association.name not in body.split("<main", 1)[1].split("<h1>")[0]
    response = client.post(url, _data(survey_round, 5, **{f"q{question(survey_round, 'ovrigt').pk}": "Bra"}))
    assert response.status_code == 302 and response["Location"] == reverse("survey-thanks")
    assert Client().get(response["Location"]).status_code == 200
    assert Response.objects.filter(round=survey_round).count() == 1
    stored = " ".join(str(row.changes) + row.object_repr for row in AuditEntry.objects.all())
    assert "203.0.113.7" not in stored and "Testwebbläsare" not in stored
    assert Session.objects.count() == 0  # nothing in a session either


def test_csrf_is_checked(cast: Cast) -> None:
    survey_round = make_round(cast.a)
    client = Client(enforce_csrf_checks=True)
    url = reverse("survey-public", kwargs={"token": survey_round.token})
    assert client.post(url, _data(survey_round)).status_code == 403
    client.get(url)
    token = client.cookies["csrftoken"].value
    assert client.post(url, {**_data(survey_round), "csrfmiddlewaretoken": token}).status_code == 302
    assert Response.objects.count() == 1


def _refused(client: Client, url: str, data: dict[str, str], status: int, words: str) -> None:
    before = Response.objects.count()
    response = client.post(url, data)
    assert response.status_code == status
    assert words in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert Response.objects.count() == before


def test_abuse_cases_save_nothing(cast: Cast) -> None:
    survey_round = make_round(cast.a, max_responses=1)
    url = reverse("survey-public", kwargs={"token": survey_round.token})
    client = Client()
    _refused(client, url, _data(survey_round, **{HONEYPOT: "http://spam.example"}), 400, "kunde inte tas emot")
    big = _data(survey_round, **{f"q{question(survey_round, 'ovrigt').pk}": "x" * 20_000})
    _refused(client, url, big, 413, "för långt")
    _refused(client, url, _data(survey_round, 9), 400, "Välj")
    assert client.post(url, _data(survey_round)).status_code == 302
    _refused(client, url, _data(survey_round), 409, "så många svar")  # over the limit
    assert "så många svar" in client.get(url).content.decode()
    services.round_update(acting_user=None, survey_round=survey_round, is_open=False, max_responses=10)
    _refused(client, url, _data(survey_round), 409, "stängd")
    assert "stängd" in client.get(url).content.decode()
    ended = make_round(cast.a, code="r-old", ends_on=dt.date(2020, 2, 1))
    _refused(client, reverse("survey-public", kwargs={"token": ended.token}), _data(ended), 409, "stängd")
    assert client.get(reverse("survey-public", kwargs={"token": "x" * 22})).status_code == 404
    assert client.get(reverse("survey-public", kwargs={"token": "ö"})).status_code == 404


def test_single_use_code_on_the_public_form(cast: Cast) -> None:
    survey_round = make_round(cast.a, mode="codes")
    services.codes_generate(acting_user=None, survey_round=survey_round, count=2)
    code = selectors.unused_codes(survey_round)[0]
    url = reverse("survey-public", kwargs={"token": survey_round.token})
    client = Client()
    assert "Din kod" in client.get(url).content.decode()
    _refused(client, url, _data(survey_round, code="FEL12345"), 409, "Koden")
    assert client.post(url, _data(survey_round, code=code)).status_code == 302
    _refused(client, url, _data(survey_round, code=code), 409, "redan använts")


def test_a_paper_round_has_no_public_form(cast: Cast) -> None:
    survey_round = make_round(cast.a, mode="paper")
    url = reverse("survey-public", kwargs={"token": survey_round.token})
    assert Client().get(url).status_code == 404


def test_the_public_form_exposes_nothing_else(cast: Cast) -> None:
    """Anonymous visitors still get the login page for every page of a förbund (test_access walks them all)."""
    survey_round = make_round(cast.a)
    client = Client()
    client.get(reverse("survey-public", kwargs={"token": survey_round.token}))
    detail = reverse("surveys:round-detail", kwargs={"association": cast.a.association.slug, "pk": survey_round.pk})
    assert client.get(detail).status_code == 302
