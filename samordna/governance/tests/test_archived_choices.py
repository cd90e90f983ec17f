"""An archived member (one that has left the förbund) cannot apply in a new application; an application that
already names it as applicant stays editable (pages and API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.governance import application_services as services
from samordna.governance.models import Application
from samordna.organisations.models import Member
from samordna.organisations.testing import ARCHIVED_REFUSED, leave
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

REFUSED = ARCHIVED_REFUSED
API = "/api/v1/associations/alfa/applications/"


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"applications:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def form_data(applicants: list[Member], **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "Rehabkoordinatorer", "applicants": [str(m.pk) for m in applicants],
                            "contact_name": "Riitta Högberg", "received_on": "2024-09-26",
                            "orientation": "strukturovergripande", "start_year": "2025", "end_year": "2025",
                            "amounts": "2025: 500 000"}  # fmt: skip
    data.update(overrides)
    return data


def application_of(cast: Cast, applicants: list[Member]) -> Application:
    return services.application_create(acting_user=None, association=cast.a.association, applicants=applicants,
                                       amounts={2025: 500_000}, name="Rehabkoordinatorer",
                                       received_on=dt.date(2024, 9, 26), orientation="strukturovergripande",
                                       start_year=2025, end_year=2025)  # fmt: skip


def test_new_application_leaves_out_an_archived_member_and_refuses_it(cast: Cast, client_for: Any) -> None:
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "create")).context["form"].fields["applicants"].queryset)
    assert fk not in choices and cast.a.region in choices
    response = admin.post(url(cast, "create"), form_data([fk, cast.a.region]))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Application.objects.exists()


def test_an_application_of_an_archived_member_stays_editable(cast: Cast, client_for: Any) -> None:
    application = application_of(cast, [cast.a.fk, cast.a.region])
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "edit", pk=application.pk)).context["form"].fields["applicants"].queryset)
    assert fk in choices
    response = admin.post(url(cast, "edit", pk=application.pk), form_data([fk, cast.a.region], name="Ändrad"))
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.name == "Ändrad" and set(application.applicants.all()) == {fk, cast.a.region}


def test_api_refuses_an_archived_applicant_for_a_new_application(cast: Cast, client_for: Any) -> None:
    application = application_of(cast, [cast.a.fk])
    leave(cast.a.fk)
    api = client_for(Role.ADMIN)
    payload = {"name": "RMGT", "applicants": ["fk", "region"], "orientation": "strukturovergripande",
               "start_year": 2025, "end_year": 2025, "amounts": {"2025": 1000}}  # fmt: skip
    response = api.post(API, payload, content_type="application/json")
    assert response.status_code == 400
    assert "Ingen nuvarande medlem i förbundet har koden fk." in response.json()["applicants"][0]
    assert list(Application.objects.all()) == [application]
    response = api.patch(f"{API}{application.pk}/", {"applicants": ["fk"], "name": "Ändrad"}, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["applicants"] == ["fk"]
