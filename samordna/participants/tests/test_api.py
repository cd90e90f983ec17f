"""API for enrollments and follow-ups: the same rules and access as the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from samordna.core.models import AccessLogEntry, AuditEntry
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.helpers import enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
BASE = "/api/v1/associations/alfa"


def new_enrollment(**overrides: object) -> dict[str, object]:
    data = {
        "participant": "",
        "gender": "man",
        "birth_year": 1988,
        "municipality": "1980",
        "intervention": "1063",
        "start_date": "2024-03-01",
        "support_before": ["forsorjningsstod", "aktivitetsstod"],
        "education": "gymnasium",
        "referred_by": "fk",
    }
    data.update(overrides)
    return data


def test_create_end_and_record_follow_up(cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    response = api.post(f"{BASE}/enrollments/", new_enrollment(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["participant"]) == 7 and sorted(body["support_before"]) == ["aktivitetsstod", "forsorjningsstod"]
    response = api.patch(
        f"{BASE}/enrollments/{body['id']}/",
        {"end_date": "2024-09-30", "end_reason": "2"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [f["months_after_end"] for f in response.json()["follow_ups"]] == [3, 6, 12]
    follow_up = FollowUp.objects.get(months_after_end=3)
    response = api.patch(
        f"{BASE}/follow-ups/{follow_up.pk}/",
        {"status": "done", "occupation": "studier"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["done_on"]
    due = api.get(f"{BASE}/follow-ups/", {"due": "1"}).json()
    assert str(follow_up.pk) not in {row["id"] for row in due["results"]}
    assert AccessLogEntry.objects.filter(what="api.follow_up_list").exists()


def test_rules_refused_with_field_messages(cast: Cast, client_for: Clients) -> None:
    api = client_for("registrar")
    response = api.post(f"{BASE}/enrollments/", new_enrollment(birth_year=1940), content_type="application/json")
    assert response.status_code == 400 and "15–70" in response.json()["birth_year"][0]
    response = api.post(f"{BASE}/enrollments/", new_enrollment(intervention="1064"), content_type="application/json")
    assert response.status_code == 400 and "intervention" in response.json()
    response = api.post(f"{BASE}/enrollments/", new_enrollment(end_reason="1"), content_type="application/json")
    assert response.status_code == 400 and "end_reason" in response.json()
    assert not Participant.objects.exists()


def test_other_insats_invisible_and_other_roles_refused(cast: Cast, client_for: Clients) -> None:
    mine = enroll(cast.a.intervention)
    other = enroll(cast.a.other_intervention)
    api = client_for("registrar")
    listed = {row["id"] for row in api.get(f"{BASE}/enrollments/").json()["results"]}
    assert listed == {str(mine.pk)}
    assert api.get(f"{BASE}/enrollments/{other.pk}/").status_code == 404
    assert (
        api.patch(
            f"{BASE}/enrollments/{other.pk}/",
            {"end_date": "2024-05-01", "end_reason": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    for role in ("admin", "viewer", "intervention_manager", "admin_viewer"):
        assert client_for(role).get(f"{BASE}/enrollments/").status_code == 403
        assert client_for(role).get(f"{BASE}/enrollments/{mine.pk}/").status_code == 403
    assert client_for("admin_b").get(f"{BASE}/enrollments/").status_code == 404


def test_delete_is_felregistrering_and_audited(cast: Cast, client_for: Clients) -> None:
    enrollment = enroll(cast.a.intervention)
    assert client_for("registrar").delete(f"{BASE}/enrollments/{enrollment.pk}/").status_code == 204
    assert not Enrollment.objects.exists() and not Participant.objects.exists()
    assert AuditEntry.objects.filter(object_type="participants.enrollment", action="delete").exists()
