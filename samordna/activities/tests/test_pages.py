"""The activity pages: list filters, the attendance grid, delete behind a confirmation, the insatsansvarig's reach."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.activities import selectors
from samordna.activities.models import Attendance, Event
from samordna.activities.tests.helpers import make_event
from samordna.core.choices import Role
from samordna.core.models import AuditEntry, Membership
from samordna.interventions import services as intervention_services
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"activities:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def assign_manager_to_structural(cast: Cast) -> None:
    for membership in Membership.objects.filter(association=cast.a.association, role=Role.INTERVENTION_MANAGER):
        intervention_services.assignment_add(
            acting_user=None, intervention=cast.a.structural, membership=membership, starts_on=dt.date(2020, 1, 1)
        )


def test_list_filters_by_year_kind_and_insats_and_shows_totals(cast: Cast, client_for: Any) -> None:
    first = make_event(cast.a, "U1", date=dt.date(2024, 3, 1), title="Grundkurs")
    make_event(cast.a, "K1", date=dt.date(2024, 5, 1), kind="konferens", intervention=None, title="Konferensen")
    make_event(cast.a, "U0", date=dt.date(2023, 5, 1), title="Förra årets kurs")
    make_event(cast.b, "U9", date=dt.date(2024, 3, 1), title="Betas kurs")
    Attendance.objects.create(event=first, member=cast.a.kommun, role="chef", count=4)
    Attendance.objects.create(event=first, member=None, role="annan", count=3)
    admin = client_for(Role.ADMIN)
    body = admin.get(url(cast, "list")).content.decode()
    assert "Grundkurs" in body and "Konferensen" in body and "Förra årets kurs" in body and "Betas kurs" not in body
    body = admin.get(url(cast, "list") + "?year=2024&kind=utbildning").content.decode()
    assert "Grundkurs" in body and "Konferensen" not in body and "Förra årets kurs" not in body
    assert '<td class="num">7</td>' in body
    body = admin.get(url(cast, "list") + f"?intervention={cast.a.structural.pk}&order=-date").content.decode()
    assert body.index("Grundkurs") < body.index("Förra årets kurs") and "Konferensen" not in body
    assert admin.get(url(cast, "list") + "?year=abc&kind=<script>").status_code == 200


def test_attendance_grid_saves_the_members_rows_and_others(cast: Cast, client_for: Any) -> None:
    event = make_event(cast.a)
    admin = client_for(Role.ADMIN)
    page = admin.get(url(cast, "attendance", pk=event.pk)).content.decode()
    for member in (cast.a.fk, cast.a.region, cast.a.kommun):
        assert member.name in page
    assert "Övriga" in page
    data = {
        f"m{cast.a.kommun.pk}_chef": "2",
        f"m{cast.a.kommun.pk}_medarbetare": "10",
        f"m{cast.a.fk.pk}_annan": "",
        "o_annan": "3",
    }
    response = admin.post(url(cast, "attendance", pk=event.pk), data)
    assert response.status_code == 302
    assert selectors.event_grid(event) == {
        (cast.a.kommun.pk, "chef"): 2,
        (cast.a.kommun.pk, "medarbetare"): 10,
        (None, "annan"): 3,
    }
    detail = admin.get(event.get_absolute_url()).content.decode()
    assert '<td class="num">15</td>' in detail


@pytest.mark.parametrize(("value", "message"), [("-1", "negativt"), ("2.5", "heltal"), ("två", "heltal")])
def test_attendance_grid_refuses_negative_and_broken_counts(
    cast: Cast, client_for: Any, value: str, message: str
) -> None:
    event = make_event(cast.a)
    before = AuditEntry.objects.count()
    response = client_for(Role.ADMIN).post(
        url(cast, "attendance", pk=event.pk), {f"m{cast.a.kommun.pk}_chef": value, "o_chef": "1"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attendance.objects.exists() and AuditEntry.objects.count() == before


def test_delete_asks_first_then_deletes(cast: Cast, client_for: Any) -> None:
    event = make_event(cast.a)
    Attendance.objects.create(event=event, member=None, role="chef", count=1)
    admin = client_for(Role.ADMIN)
    page = admin.get(url(cast, "delete", pk=event.pk))
    assert page.status_code == 200 and "Vill du ta bort" in page.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()
    assert admin.post(url(cast, "delete", pk=event.pk)).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists() and not Attendance.objects.exists()


def test_create_and_edit_through_the_form(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    data = {
        "code": "U5",
        "title": "Inspirationsdag",
        "kind": "seminarium",
        "date": "2024-04-25",
        "end_date": "2024-04-24",
        "days": "2,5",
        "intervention": cast.a.structural.pk,
        "organisers": "",
        "responses": "20",
        "satisfied": "18",
    }
    response = admin.post(url(cast, "create"), data)
    assert response.status_code == 200 and "Slutdatum kan inte ligga före datum." in response.content.decode()
    response = admin.post(url(cast, "create"), {**data, "end_date": ""})
    assert response.status_code == 302
    event = Event.objects.get(code="U5")
    assert str(event.days) == "2.50" and event.satisfied_share == 90
    response = admin.post(url(cast, "edit", pk=event.pk), {**data, "end_date": "", "title": "Ny titel"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Ny titel"
    response = admin.post(url(cast, "create"), {**data, "code": "U6", "intervention": cast.a.intervention.pk})
    assert response.status_code == 200 and not Event.objects.filter(code="U6").exists()


def test_the_insatsansvarig_manages_the_events_of_their_insatser_only(cast: Cast, client_for: Any) -> None:
    own = make_event(cast.a, "EGEN")
    loose = make_event(cast.a, "FRI", intervention=None)
    for name in ("intervention_manager", "manager_registrar"):
        manager = client_for(name)
        # Not assigned to the structural insats yet: its events are hidden, those of no insats read only.
        assert manager.get(url(cast, "detail", pk=own.pk)).status_code == 404
        assert manager.get(url(cast, "detail", pk=loose.pk)).status_code == 200
        assert manager.get(url(cast, "edit", pk=loose.pk)).status_code == 404
        assert manager.get(url(cast, "attendance", pk=loose.pk)).status_code == 404
    assign_manager_to_structural(cast)
    for name in ("intervention_manager", "manager_registrar"):
        manager = client_for(name)
        assert manager.get(url(cast, "detail", pk=own.pk)).status_code == 200
        assert manager.get(url(cast, "attendance", pk=own.pk)).status_code == 200
        response = manager.post(url(cast, "attendance", pk=own.pk), {"o_chef": "2"})
        assert response.status_code == 302
        assert manager.get(url(cast, "import")).status_code == 403
        assert manager.get(url(cast, "report")).status_code == 403
        form = manager.get(url(cast, "create")).content.decode()
        assert cast.a.structural.name in form and cast.a.intervention.name not in form
    assert Attendance.objects.get(event=own).count == 2


def test_registrar_and_viewer(cast: Cast, client_for: Any) -> None:
    event = make_event(cast.a)
    registrar = client_for(Role.REGISTRAR)
    for name in ("list", "create", "import", "report"):
        assert registrar.get(url(cast, name)).status_code == 403, name
    assert registrar.get(url(cast, "detail", pk=event.pk)).status_code == 403
    viewer = client_for(Role.VIEWER)
    assert viewer.get(url(cast, "detail", pk=event.pk)).status_code == 200
    assert viewer.get(url(cast, "edit", pk=event.pk)).status_code == 403
    assert viewer.post(url(cast, "delete", pk=event.pk)).status_code == 403
    assert viewer.post(url(cast, "attendance", pk=event.pk), {"o_chef": "2"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists() and not Attendance.objects.exists()


def test_another_forbunds_event_is_404(cast: Cast, client_for: Any) -> None:
    other = make_event(cast.b)
    admin = client_for(Role.ADMIN)
    for name in ("detail", "edit", "delete", "attendance"):
        assert admin.get(url(cast, name, pk=other.pk)).status_code == 404, name
    assert admin.post(url(cast, "delete", pk=other.pk)).status_code == 404
    assert Event.objects.filter(pk=other.pk).exists()
