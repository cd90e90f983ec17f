"""The participant code rule (issue #11 item 7): form, API and import refuse the same codes, and nothing is written.

A code changes only through `participant_change_code` (page and API action), audited without the codes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from samordna.core.models import AuditEntry
from samordna.core.validators import participant_code_problem
from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment, Participant
from samordna.participants.tests.test_api import BASE, new_enrollment
from samordna.participants.tests.test_import import csv_bytes
from samordna.participants.tests.test_views import register_in_data, url
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

BAD_CODES: dict[str, str] = {
    **nasty.PERSONNUMMER,
    "phone": "070-1234567",
    "phone_plain": "0701234567",
    "name": "AnnaSvensson",
    "eight_digits": "X12345678",
    "birth_date": "19800101-1234",
    "bad_luhn_10": "8001011230",
    "too_short": "A1",
    "space": "K7M 4QX",
}


def written() -> tuple[int, int, int]:
    """Participants, enrollments and audit rows about them."""
    return (
        Participant.objects.count(),
        Enrollment.objects.count(),
        AuditEntry.objects.filter(object_type__startswith="participants.").count(),
    )


def test_every_bad_code_has_a_reason() -> None:
    for value in BAD_CODES.values():
        assert participant_code_problem(value), value


@pytest.mark.parametrize("kind", sorted(BAD_CODES))
def test_registration_form_refuses_bad_code(kind: str, cast: Cast, client_for: Clients) -> None:
    value = BAD_CODES[kind]
    response = client_for("registrar").post(
        url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code=value)
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["code"])
    assert participant_code_problem(value.strip()) in errors
    assert written() == (0, 0, 0)


@pytest.mark.parametrize("kind", sorted(BAD_CODES))
def test_api_post_refuses_bad_code(kind: str, cast: Cast, client_for: Clients) -> None:
    value = BAD_CODES[kind]
    response = client_for("registrar").post(
        f"{BASE}/enrollments/", new_enrollment(participant=value), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["participant"] == [participant_code_problem(value.strip())]
    assert written() == (0, 0, 0)


@pytest.mark.parametrize("kind", sorted(BAD_CODES))
def test_import_refuses_bad_code_naming_row_and_column(kind: str, cast: Cast) -> None:
    value = BAD_CODES[kind]
    line = f"{value},1063,kvinna,1990,1980,2024-05-01,,,,,,,,"
    result = run_import(association=cast.a.association, source=csv_bytes([line]))
    assert not result.ok
    problems = [p for p in result.problems if p.column == "participant"]
    assert problems and problems[0].row == 2, [str(p) for p in result.problems]
    assert any(word in problems[0].message for word in ("Koden", "personnummer")), problems[0].message
    assert value not in str(problems[0])  # a refused code is never echoed (it may be a personnummer)
    assert written() == (0, 0, 0)


def test_own_good_code_is_accepted_everywhere(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    page = registrar.post(
        url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code="SAM-7Q1")
    )
    assert page.status_code == 302
    api = registrar.post(f"{BASE}/enrollments/", new_enrollment(participant="SAM-8Q2"), content_type="application/json")
    assert api.status_code == 201 and api.json()["participant"] == "SAM-8Q2"
    line = "SAM-9Q3,1063,kvinna,1990,1980,2024-05-01,,,,,,,,"
    assert run_import(association=cast.a.association, source=csv_bytes([line])).ok
    assert set(Participant.objects.values_list("code", flat=True)) == {"SAM-7Q1", "SAM-8Q2", "SAM-9Q3"}


def test_generated_codes_pass_the_rule(cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    for year in range(1960, 1990):
        response = api.post(f"{BASE}/enrollments/", new_enrollment(birth_year=year), content_type="application/json")
        assert response.status_code == 201, response.content
    codes = list(Participant.objects.values_list("code", flat=True))
    assert len(codes) == 30 and all(participant_code_problem(c) is None for c in codes)


@pytest.mark.parametrize("value", ["19800101-1234", "070-1234567", "AnnaSvensson", "NEW-123"])
def test_api_patch_never_changes_the_code(value: str, cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    created = api.post(f"{BASE}/enrollments/", new_enrollment(), content_type="application/json").json()
    before = AuditEntry.objects.count()
    for method in (api.patch, api.put):
        body = {"participant": value} if method == api.patch else {**new_enrollment(participant=value)}
        response = method(f"{BASE}/enrollments/{created['id']}/", body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert "Byt kod" in response.json()["participant"][0]
    assert Participant.objects.get().code == created["participant"]
    assert AuditEntry.objects.count() == before


def test_api_patch_with_the_same_code_is_fine(cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    created = api.post(f"{BASE}/enrollments/", new_enrollment(), content_type="application/json").json()
    response = api.patch(
        f"{BASE}/enrollments/{created['id']}/",
        {"participant": created["participant"], "gender": "kvinna"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Participant.objects.get().gender == "kvinna"


def _audit_text(rows: object) -> str:
    return json.dumps(
        [[r.object_repr, r.object_id, r.changes] for r in rows],  # type: ignore[attr-defined]
        ensure_ascii=False,
    )


def test_change_code_page(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code="OLD-111"))
    enrollment = Enrollment.objects.get()
    target = url("change-code", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk)
    detail = registrar.get(url("detail", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk))
    assert target in detail.content.decode()
    assert registrar.get(target).status_code == 200
    for value in ("19800101-1234", "AnnaSvensson", "OLD-111"):
        refused = registrar.post(target, {"code": value})
        assert refused.status_code == 400
        assert refused.context["form"].errors["code"]
    assert Participant.objects.get().code == "OLD-111"
    since = AuditEntry.objects.count()
    done = registrar.post(target, {"code": "NEW-222"})
    assert done.status_code == 302
    assert Participant.objects.get().code == "NEW-222"
    rows = AuditEntry.objects.order_by("id")[since:]
    assert len(rows) == 1
    row = rows[0]
    assert row.action == "update" and row.object_type == "participants.participant"
    assert row.changes == {"fields": ["code"]} and row.actor == cast.user("registrar")
    text = _audit_text(rows)
    assert "OLD-111" not in text and "NEW-222" not in text


def test_change_code_taken_code_refused(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    for code in ("ONE-111", "TWO-222"):
        registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code=code))
    enrollment = Enrollment.objects.get(participant__code="ONE-111")
    response = registrar.post(
        url("change-code", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk), {"code": "TWO-222"}
    )
    assert response.status_code == 400
    assert "används redan" in " ".join(response.context["form"].errors["code"])
    assert Participant.objects.filter(code="ONE-111").exists()


def test_change_code_page_access(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code="ACC-123"))
    enrollment = Enrollment.objects.get()
    target = url("change-code", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk)
    for role in ("admin", "intervention_manager", "viewer"):
        assert client_for(role).post(target, {"code": "X-9"}).status_code == 403
    assert client_for("admin_b").post(target, {"code": "X-9"}).status_code == 404
    assert client_for("outsider").post(target, {"code": "X-9"}).status_code == 404
    other_insats = url("change-code", cast, intervention=cast.a.other_intervention.pk, pk=enrollment.pk)
    assert registrar.post(other_insats, {"code": "X-9"}).status_code == 404
    assert Participant.objects.get().code == "ACC-123"


def test_change_code_refused_when_other_insatser_know_the_participant(cast: Cast, client_for: Clients) -> None:
    from samordna.participants import services

    registrar = client_for("registrar")
    registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code="TWO-333"))
    participant = Participant.objects.get()
    services.enrollment_create(
        acting_user=None,
        participant=participant,
        intervention=cast.a.other_intervention,
        start_date=participant.enrollments.get().start_date,
    )
    mine = participant.enrollments.get(intervention=cast.a.intervention)
    response = registrar.post(
        url("change-code", cast, intervention=cast.a.intervention.pk, pk=mine.pk), {"code": "NEW-333"}
    )
    assert response.status_code == 400
    assert "deltagaransvarig" in " ".join(response.context["form"].errors["code"])
    assert Participant.objects.get().code == "TWO-333"


def test_change_code_api_action(cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    created = api.post(f"{BASE}/enrollments/", new_enrollment(), content_type="application/json").json()
    action = f"{BASE}/enrollments/{created['id']}/change-code/"
    for value in ("19800101-1234", "070-1234567", "AnnaSvensson"):
        refused = api.post(action, {"code": value}, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["code"] == [participant_code_problem(value)]
    assert Participant.objects.get().code == created["participant"]
    done = api.post(action, {"code": "API-777"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["participant"] == "API-777" and Participant.objects.get().code == "API-777"
    assert client_for("admin").post(action, {"code": "API-888"}, content_type="application/json").status_code == 403
    assert client_for("admin_b").post(action, {"code": "API-888"}, content_type="application/json").status_code == 404
    text = _audit_text(AuditEntry.objects.filter(changes={"fields": ["code"]}))
    assert "API-777" not in text and created["participant"] not in text


def test_a_code_saved_before_the_rule_can_be_changed(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    registrar.post(url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(code="LEG-123"))
    Participant.objects.update(code="AnnaSvensson")  # as stored before the rule existed
    enrollment = Enrollment.objects.get()
    detail = registrar.get(url("detail", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk))
    assert detail.status_code == 200
    response = registrar.post(
        url("change-code", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk), {"code": "NEW-124"}
    )
    assert response.status_code == 302
    assert Participant.objects.get().code == "NEW-124"
