"""An archived member (one that has left the förbund) is not offered as remitterande part of a new enrollment; an
enrollment that already names it keeps it (forms and API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.organisations.testing import leave
from samordna.participants.forms import EnrollmentEditForm, RegisterInForm, enrollment_initial
from samordna.participants.models import Enrollment
from samordna.participants.tests.helpers import enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

BASE = "/api/v1/associations/alfa/enrollments/"


def test_new_enrollment_form_leaves_out_an_archived_member(cast: Cast) -> None:
    fk = leave(cast.a.fk)
    form = RegisterInForm(association=cast.a.association)
    assert fk not in set(form.fields["referred_by"].queryset)
    assert cast.a.region in set(form.fields["referred_by"].queryset)
    bound = RegisterInForm({"referred_by": str(fk.pk)}, association=cast.a.association)
    assert not bound.is_valid()
    assert "En medlem som har lämnat förbundet kan inte väljas för en ny rad." in bound.errors["referred_by"][0]


def test_an_enrollment_referred_by_an_archived_member_keeps_it(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, referred_by=cast.a.fk)
    fk = leave(cast.a.fk)
    form = EnrollmentEditForm(initial=enrollment_initial(enrollment), association=cast.a.association, ended=False)
    assert fk in set(form.fields["referred_by"].queryset)
    other = enroll(cast.a.intervention, referred_by=cast.a.region, code_="")
    form = EnrollmentEditForm(initial=enrollment_initial(other), association=cast.a.association, ended=False)
    assert fk not in set(form.fields["referred_by"].queryset)


def test_api_refuses_an_archived_member_for_a_new_enrollment_and_keeps_it_on_an_old_one(
    cast: Cast, client_for: Any
) -> None:
    enrollment = enroll(cast.a.intervention, referred_by=cast.a.fk)
    leave(cast.a.fk)
    api = client_for(Role.REGISTRAR)
    payload = {"participant": "", "gender": "man", "birth_year": 1988, "municipality": "1980",
               "intervention": "1063", "start_date": "2024-03-01", "referred_by": "fk"}  # fmt: skip
    response = api.post(BASE, payload, content_type="application/json")
    assert response.status_code == 400
    assert "Ingen nuvarande medlem i förbundet har koden fk." in response.json()["referred_by"][0]
    assert list(Enrollment.objects.all()) == [enrollment]
    response = api.patch(f"{BASE}{enrollment.pk}/", {"referred_by": "fk", "start_date": "2024-01-11"},
                         content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    enrollment.refresh_from_db()
    assert enrollment.referred_by == cast.a.fk and enrollment.start_date == dt.date(2024, 1, 11)
