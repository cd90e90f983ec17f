"""No oracle in the registration (issue #18, item 5): a known code of another insats reveals nothing.

A registrar of insats 1063 who enters the code of a participant registered only in insats 1064 must not learn
its gender, birth year or kommun: live (HTMX) validation never looks the code up, and a submitted mismatch gets
one neutral message whichever detail differs, in the form, the API and the importer. Mismatches are audited
without values and counted; after MISMATCH_LIMIT within MISMATCH_WINDOW, known codes are refused for that user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samordna.core.models import AuditEntry, Municipality
from samordna.participants import services
from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment, Participant
from samordna.participants.tests.helpers import code, enroll
from samordna.participants.tests.test_audit_privacy import assert_no_participant_value, log_texts, marks
from samordna.participants.tests.test_import import csv_bytes
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

# Registered in insats 1064 only (the registrar is assigned to 1063). Values nothing else in the cast holds.
SECRET = {"code": "QRV-5528", "gender": "annat", "birth_year": 1957, "municipality": "0180"}
# The probes of the issue: one detail differs, or all do.
PROBES = {
    "gender differs": {"gender": "man"},
    "birth year differs": {"birth_year": 1973},
    "kommun differs": {"municipality": "1980"},
    "all differ": {"gender": "man", "birth_year": 1973, "municipality": "1980"},
}
API = "/api/v1/associations/alfa/enrollments/"


def url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"participants:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


@pytest.fixture
def secret(cast: Cast) -> Participant:
    """The participant of the other insats (registered by the system, so no audit row names the registrar)."""
    enrollment = services.register_in(
        acting_user=None,
        intervention=cast.a.other_intervention,
        code=SECRET["code"],
        gender=SECRET["gender"],
        birth_year=SECRET["birth_year"],
        municipality=Municipality.objects.get(code=SECRET["municipality"]),
        start_date=dt.date(2024, 1, 10),
    )
    return enrollment.participant


def form_data(**details: Any) -> dict[str, str]:
    person = {**SECRET, **details}
    return {
        "code": person["code"],
        "gender": person["gender"],
        "birth_year": str(person["birth_year"]),
        "municipality": person["municipality"],
        "start_date": "2024-02-01",
    }


def neutral(body: bytes) -> str:
    """A page without what differs from request to request or echoes the user's own input.

    Removed: CSRF tokens, CSP nonces, which option is selected, and the values of the text inputs (code, birth
    year, start date), i.e. only what the user typed or chose. Everything the server says stays.
    """
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', text)
    text = re.sub(r'nonce="[^"]*"', "", text)
    text = re.sub(r"\s+selected\b", "", text)
    return re.sub(r'(<input[^>]*name="(?:code|birth_year|start_date)"[^>]*?) value="[^"]*"', r"\1", text)


def mismatch_rows() -> Any:
    return AuditEntry.objects.filter(object_type=services.MISMATCH_OBJECT_TYPE)


def test_a_submitted_probe_learns_nothing_whatever_differs(cast: Cast, client_for: Clients, secret: Any) -> None:
    registrar = client_for("registrar")
    target = url("register-in", cast, intervention=cast.a.intervention.pk)
    since = marks()
    pages = {}
    for name, details in PROBES.items():
        response = registrar.post(target, form_data(**details))
        assert response.status_code == 400, name
        form = response.context["form"]
        assert form.errors == {"code": [services.mismatch_message()]}, name
        pages[name] = neutral(response.content)
        assert pages[name].count(services.mismatch_message()) == 2  # the summary and the code field
    assert len(set(pages.values())) == 1, "the answer depends on which detail differs"
    # The probe's own values are echoed in its form, never the registered ones.
    echoed = registrar.post(target, form_data(**PROBES["all differ"])).content.decode()
    assert 'value="1957"' not in echoed and not re.search(r'value="0180"[^>]*selected', echoed)
    assert not re.search(r'value="annat"[^>]*selected', echoed)
    # Nothing was saved; every mismatch is one audit row (insats and user), with no value of either person.
    assert Enrollment.objects.filter(participant=secret).count() == 1
    rows = list(mismatch_rows().order_by("id"))
    assert len(rows) == len(PROBES) + 1
    assert {(r.actor_id, r.association_id, r.object_id, r.action) for r in rows} == {
        (cast.user("registrar").pk, cast.a.association.pk, str(cast.a.intervention.pk), "other")
    }
    texts = log_texts(since)
    assert_no_participant_value(texts, SECRET)
    for probe in PROBES.values():
        assert_no_participant_value(texts, {**SECRET, **probe, "code": ""})


def test_the_right_details_register_the_known_code(cast: Cast, client_for: Clients, secret: Any) -> None:
    registrar = client_for("registrar")
    response = registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrollment.objects.filter(participant=secret, intervention=cast.a.intervention).exists()
    assert not mismatch_rows().exists()


def test_blank_details_for_a_foreign_code_are_asked_for_as_for_a_new_one(
    cast: Cast, client_for: Clients, secret: Any
) -> None:
    """Leaving the details out must not register the code and show the registered ones on the next page."""
    registrar = client_for("registrar")
    target = url("register-in", cast, intervention=cast.a.intervention.pk)
    blank = {"gender": "", "birth_year": "", "municipality": ""}
    known = registrar.post(target, {**form_data(), **blank})
    new = registrar.post(target, {**form_data(code="QRV-5529"), **blank})
    assert known.status_code == new.status_code == 400
    assert known.context["form"].errors == new.context["form"].errors
    assert set(known.context["form"].errors) == {"gender", "birth_year", "municipality"}
    assert Enrollment.objects.filter(participant=secret).count() == 1 and not mismatch_rows().exists()


def test_own_participant_may_be_registered_again_by_code_alone(cast: Cast, client_for: Clients) -> None:
    """A participant the registrar already sees (an enrollment in their insats) needs no details repeated."""
    own = enroll(
        cast.a.intervention,
        code_="QRV-6001",
        end_date=dt.date(2024, 1, 20),
        end_reason=code("end_reason", "1"),
    )
    registrar = client_for("registrar")
    response = registrar.post(
        url("register-in", cast, intervention=cast.a.intervention.pk),
        {"code": "QRV-6001", "start_date": "2024-03-01"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert own.participant.enrollments.count() == 2


def test_live_validation_never_looks_the_code_up(cast: Cast, client_for: Clients, secret: Any) -> None:
    registrar = client_for("registrar")
    target = url("register-in", cast, intervention=cast.a.intervention.pk)
    since = marks()
    answers = {}
    for name, details in {**PROBES, "all match": {}, "unknown code": {"code": "QRV-5529"}}.items():
        response = registrar.post(target, {**form_data(**details), "_validate": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, name
        assert not response.context["form"].errors, (name, response.context["form"].errors)
        answers[name] = neutral(response.content)
    assert len(set(answers.values())) == 1, "live validation depends on the stored participant"
    # A birth year that the age rule refuses is judged on the typed year only, never the registered one.
    young = registrar.post(target, {**form_data(birth_year=2015), "_validate": "1"}, HTTP_HX_REQUEST="true")
    assert "9 år" in str(young.context["form"].errors["birth_year"])
    assert not mismatch_rows().exists() and marks()[0] == since[0]
    assert Enrollment.objects.filter(participant=secret).count() == 1


def test_the_form_has_no_oracle_in_its_live_validation_script(cast: Cast, client_for: Clients) -> None:
    """The page posts the whole form on change (as before); the code is not sent anywhere else on its own."""
    page = client_for("registrar").get(url("register-in", cast, intervention=cast.a.intervention.pk))
    html = page.content.decode()
    assert html.count("hx-post=") == 1 and 'hx-vals=\'{"_validate": "1"}\'' in html


def test_rate_limit_refuses_known_codes_then_lets_go(cast: Cast, client_for: Clients, secret: Any) -> None:
    registrar = client_for("registrar")
    target = url("register-in", cast, intervention=cast.a.intervention.pk)
    user = cast.user("registrar")
    for n in range(services.MISMATCH_LIMIT):
        response = registrar.post(target, form_data(birth_year=1970 + n))
        assert response.context["form"].errors == {"code": [services.mismatch_message()]}
    assert services.recent_mismatches(user=user, association=cast.a.association) == services.MISMATCH_LIMIT
    # Over the limit: even the right details are refused, with the limit message, and nothing more is counted.
    refused = registrar.post(target, form_data())
    assert refused.status_code == 400
    assert refused.context["form"].errors == {"code": [services.mismatch_limit_message()]}
    assert "administratör" in services.mismatch_limit_message()
    assert mismatch_rows().count() == services.MISMATCH_LIMIT
    assert not Enrollment.objects.filter(participant=secret, intervention=cast.a.intervention).exists()
    # A new code still registers; another user is not affected.
    assert registrar.post(target, form_data(code="QRV-7001")).status_code == 302
    assert services.recent_mismatches(user=cast.user("manager_registrar"), association=cast.a.association) == 0
    # The window: counted at a given time, and after the window the code may be tried again.
    later = timezone.now() + services.MISMATCH_WINDOW + dt.timedelta(seconds=1)
    assert services.recent_mismatches(user=user, association=cast.a.association, now=later) == 0
    assert 0 < services.mismatch_retry_after(user=user, association=cast.a.association) <= 3601
    mismatch_rows().update(at=timezone.now() - services.MISMATCH_WINDOW - dt.timedelta(seconds=1))
    assert services.mismatch_retry_after(user=user, association=cast.a.association) == 0
    assert registrar.post(target, form_data()).status_code == 302


def test_api_gives_the_neutral_message_and_429_over_the_limit(cast: Cast, client_for: Clients, secret: Any) -> None:
    api = client_for("registrar")
    since = marks()

    def body(**details: Any) -> dict[str, Any]:
        person = {**SECRET, **details}
        return {
            "participant": person["code"],
            "gender": person["gender"],
            "birth_year": person["birth_year"],
            "municipality": person["municipality"],
            "intervention": cast.a.intervention.code,
            "start_date": "2024-02-01",
        }

    answers = set()
    for details in PROBES.values():
        response = api.post(API, body(**details), content_type="application/json")
        assert response.status_code == 400
        answers.add(response.content)
    assert answers == {f'{{"participant":["{services.mismatch_message()}"]}}'.encode()}
    assert mismatch_rows().filter(changes={"source": "api"}).count() == len(PROBES)
    assert api.post(API, body(gender="kvinna"), content_type="application/json").status_code == 400
    limited = api.post(API, body(), content_type="application/json")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json() == {"detail": services.mismatch_limit_message()}
    assert not Enrollment.objects.filter(participant=secret, intervention=cast.a.intervention).exists()
    assert_no_participant_value(log_texts(since), SECRET)


def _import(cast: Cast, lines: list[str]) -> Any:
    return run_import(
        association=cast.a.association,
        source=csv_bytes(lines, header="participant,intervention,gender,birth_year,municipality,start_date"),
        acting_user=cast.user("registrar"),
        allowed_interventions={cast.a.intervention.pk},
    )


def _line(**details: Any) -> str:
    person = {**SECRET, **details}
    return f"{person['code']},1063,{person['gender']},{person['birth_year']},{person['municipality']},2024-02-01"


def test_importer_gives_the_neutral_message_and_counts(cast: Cast, secret: Any) -> None:
    since = marks()
    answers = set()
    for details in PROBES.values():
        result = _import(cast, [_line(**details)])
        answers.add(tuple((p.row, p.column, p.message) for p in result.problems))
    assert answers == {((2, "participant", services.mismatch_message()),)}
    assert mismatch_rows().filter(changes={"source": "import"}).count() == len(PROBES)
    assert Participant.objects.get(pk=secret.pk).birth_year == SECRET["birth_year"]  # never overwritten
    assert_no_participant_value(log_texts(since), SECRET)
    # The fifth mismatch is still answered; after it, even the right details are refused.
    result = _import(cast, [_line(code="QRV-8001"), _line(gender="kvinna"), _line(code="QRV-8002")])
    assert [(p.row, p.message) for p in result.problems] == [(3, services.mismatch_message())]
    result = _import(cast, [_line()])
    assert [(p.row, p.message) for p in result.problems] == [(2, services.mismatch_limit_message())]
    assert mismatch_rows().count() == services.MISMATCH_LIMIT


def test_importer_limit_within_one_file(cast: Cast) -> None:
    codes = [f"QRV-9{n:03d}" for n in range(services.MISMATCH_LIMIT + 2)]
    for each in codes:
        enroll(cast.a.other_intervention, code_=each, gender="annat", birth_year=1957)
    result = _import(cast, [_line(code=each, gender="man") for each in codes])
    messages = [p.message for p in result.problems]
    assert messages == [services.mismatch_message()] * services.MISMATCH_LIMIT + [services.mismatch_limit_message()] * 2
    assert mismatch_rows().count() == services.MISMATCH_LIMIT


def test_importer_still_updates_the_registrars_own_participants(cast: Cast) -> None:
    own = enroll(cast.a.intervention, code_="QRV-6002", gender="kvinna", birth_year=1990)
    line = "QRV-6002,1063,kvinna,1991,1980,2024-01-10"
    result = _import(cast, [line])
    assert result.ok, result.problems
    assert Participant.objects.get(pk=own.participant_id).birth_year == 1991 and not mismatch_rows().exists()
