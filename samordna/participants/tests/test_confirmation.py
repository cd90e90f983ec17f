"""Irreversible registrations ask first, in the page: a felregistrering and a follow-up not reached or declined
are saved only after the second submit with `_confirmed=1` (issue "The everyday experience" item 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.participants.models import Enrollment, FollowUp
from samordna.participants.tests.helpers import code, enroll

pytestmark = pytest.mark.django_db


def _edit_data(enrollment: Enrollment, **changes: Any) -> dict[str, Any]:
    data = {
        "start_date": enrollment.start_date.isoformat(),
        "end_date": "2024-05-31",
        "end_reason": code("end_reason", "8").pk,
        "support_before": [code("support", "sjukpenning").pk],
    }
    return {**data, **changes}


def test_felregistrering_asks_first_and_removes_only_when_confirmed(cast: Any, client_for: Any) -> None:
    enrollment = enroll(cast.a.intervention, code_="FR-001", support_before=[code("support", "sjukpenning")])
    client = client_for(Role.REGISTRAR)
    url = reverse(
        "participants:register-out",
        kwargs={"association": cast.a.association.slug, "intervention": cast.a.intervention.pk, "pk": enrollment.pk},
    )
    data = {"end_date": "2024-05-31", "end_reason": code("end_reason", "8").pk}
    asked = client.post(url, data)
    assert asked.status_code == 200 and "Det går inte att ångra" in asked.content.decode()
    assert 'name="_confirmed"' in asked.content.decode()
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
    done = client.post(url, {**data, "_confirmed": "1"})
    assert done.status_code == 302
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()


def test_not_reached_asks_first_and_done_does_not(cast: Any, client_for: Any) -> None:
    enrollment = enroll(cast.a.intervention, end_date=dt.date(2024, 3, 31), end_reason=code("end_reason", "1"))
    follow_up = enrollment.follow_ups.get(months_after_end=3)
    client = client_for(Role.REGISTRAR)
    url = reverse(
        "participants:follow-up",
        kwargs={"association": cast.a.association.slug, "intervention": cast.a.intervention.pk, "pk": follow_up.pk},
    )
    asked = client.post(url, {"status": "not_reached"})
    assert asked.status_code == 200 and "ej nådd" in asked.content.decode()
    assert FollowUp.objects.get(pk=follow_up.pk).status == "pending"
    assert client.post(url, {"status": "not_reached", "_confirmed": "1"}).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).status == "not_reached"
    refused = client.post(url, {"status": "done"})  # done without its outcome: refused, not asked
    assert refused.status_code == 400 and "utfall" in refused.content.decode()
    saved = client.post(url, {"status": "done", "occupation": code("occupation", "arbete").pk})
    assert saved.status_code == 302 and FollowUp.objects.get(pk=follow_up.pk).status == "done"
