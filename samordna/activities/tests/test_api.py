"""The events API: read for the activity readers, writes through the services for admins and own insatsansvarig."""

from __future__ import annotations

from typing import Any

import pytest

from samordna.activities.models import Attendance, Event
from samordna.activities.tests.helpers import make_event
from samordna.activities.tests.test_pages import assign_manager_to_structural
from samordna.core.choices import Role
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

BASE = "/api/v1/associations/alfa/events/"


def test_list_shows_attendance_by_member_code(cast: Cast, client_for: Any) -> None:
    event = make_event(cast.a)
    Attendance.objects.create(event=event, member=cast.a.kommun, role="chef", count=2)
    Attendance.objects.create(event=event, member=None, role="annan", count=5)
    make_event(cast.b)
    body = client_for(Role.VIEWER).get(BASE).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert len(rows) == 1
    assert rows[0]["intervention"] == "2001"
    assert rows[0]["attendance"] == {
        "total": 7,
        "by_member": {"1980": 2, "": 5},
        "by_role": {"chef": 2, "medarbetare": 0, "annan": 5},
    }
    assert client_for(Role.REGISTRAR).get(BASE).status_code == 403


def test_create_update_delete_and_refusals(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    data = {
        "code": "U1",
        "title": "Kurs",
        "kind": "utbildning",
        "date": "2024-02-01",
        "days": "1",
        "intervention": "2001",
    }
    response = admin.post(BASE, {**data, "end_date": "2024-01-01"}, content_type="application/json")
    assert response.status_code == 400 and "Slutdatum" in response.content.decode()
    response = admin.post(BASE, {**data, "intervention": "1063"}, content_type="application/json")
    assert response.status_code == 400
    response = admin.post(BASE, data, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = admin.patch(f"{BASE}{pk}/", {"title": "Ny"}, content_type="application/json")
    assert response.status_code == 200 and Event.objects.get(pk=pk).title == "Ny"
    assert client_for(Role.VIEWER).delete(f"{BASE}{pk}/").status_code == 403
    assert admin.delete(f"{BASE}{pk}/").status_code == 204
    assert not Event.objects.exists()


def test_the_insatsansvarig_writes_only_for_own_insatser(cast: Cast, client_for: Any) -> None:
    loose = make_event(cast.a, "FRI", intervention=None)
    manager = client_for(Role.INTERVENTION_MANAGER)
    data = {"code": "U1", "title": "Kurs", "kind": "utbildning", "date": "2024-02-01", "days": "1"}
    assert manager.post(BASE, {**data, "intervention": "2001"}, content_type="application/json").status_code == 400
    assert manager.post(BASE, data, content_type="application/json").status_code == 403
    assert manager.patch(f"{BASE}{loose.pk}/", {"title": "x"}, content_type="application/json").status_code == 404
    assign_manager_to_structural(cast)
    response = manager.post(BASE, {**data, "intervention": "2001"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Event.objects.filter(code="U1", intervention=cast.a.structural).exists()
