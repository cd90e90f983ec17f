"""Insats services: the orientation lock, assignments ending with the insats, access loss, audit rows, the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.interventions import services
from samordna.interventions.models import Intervention, InterventionAssignment, Staffing, Status, VolumeTarget
from samordna.participants.models import AnonymousCount
from samordna.testing.cast import Cast, membership

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
LOCKED = "Kan inte ändras när deltagare eller antal redan är registrerade."


def new_rows(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("id")[before:])


def detail_url(intervention: Intervention) -> str:
    return reverse("interventions:detail", kwargs={"association": intervention.association.slug, "pk": intervention.pk})


def list_url(cast: Cast) -> str:
    return reverse("interventions:list", kwargs={"association": cast.a.association.slug})


# --- orientation and follow-up method lock ---------------------------------------------------------------


def test_orientation_can_change_before_any_follow_up_data(cast: Cast) -> None:
    intervention = cast.a.other_intervention
    services.intervention_update(
        acting_user=cast.user(Role.ADMIN),
        intervention=intervention,
        orientation="strukturovergripande",
        follow_up_method="antal",
    )
    intervention.refresh_from_db()
    assert (intervention.orientation, intervention.follow_up_method) == ("strukturovergripande", "antal")


def test_orientation_and_method_are_locked_once_counts_exist(cast: Cast) -> None:
    intervention = cast.a.structural
    AnonymousCount.objects.create(intervention=intervention, year=2024, women=6, men=4)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.intervention_update(
            acting_user=cast.user(Role.ADMIN),
            intervention=intervention,
            orientation="individinriktad",
            follow_up_method="individuell",
        )
    assert caught.value.message_dict == {"orientation": [LOCKED], "follow_up_method": [LOCKED]}
    intervention.refresh_from_db()
    assert (intervention.orientation, intervention.follow_up_method) == ("strukturovergripande", "antal")
    assert new_rows(before) == []

    # Other fields, and the locked ones given their current value, still save.
    services.intervention_update(
        acting_user=cast.user(Role.ADMIN),
        intervention=intervention,
        orientation="strukturovergripande",
        name="Utbildningsdagar 2026",
    )
    intervention.refresh_from_db()
    assert intervention.name == "Utbildningsdagar 2026"


def test_the_edit_form_shows_the_lock(cast: Cast, client_for: Any) -> None:
    intervention = cast.a.structural
    AnonymousCount.objects.create(intervention=intervention, year=2024, women=6)
    url = reverse("interventions:edit", kwargs={"association": "alfa", "pk": intervention.pk})
    client = client_for(Role.ADMIN)
    page = client.get(url).content.decode()
    assert "Låst: deltagare eller antal är redan registrerade." in page
    data = {
        "code": intervention.code,
        "name": "Nytt namn",
        "orientation": "individinriktad",
        "category": intervention.category,
        "follow_up_method": "individuell",
        "start": "2020-01-01",
        "status": intervention.status,
    }
    response = client.post(url, data)
    assert response.status_code == 302  # disabled fields keep their stored values
    intervention.refresh_from_db()
    assert (intervention.name, intervention.orientation) == ("Nytt namn", "strukturovergripande")


def test_structural_insats_cannot_use_individual_follow_up(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(
            acting_user=None,
            association=cast.a.association,
            code="3001",
            name="Nätverk",
            orientation="strukturovergripande",
            category="struktur",
            follow_up_method="individuell",
            start=TODAY,
        )
    assert "En strukturövergripande insats följs upp med antal, inte individuellt." in caught.value.messages
    assert not Intervention.objects.filter(code="3001").exists()


# --- assignments end with the insats; access ends with them ----------------------------------------------


def test_assignments_end_when_the_insats_ends(cast: Cast) -> None:
    intervention = cast.a.intervention
    # registrar, intervention_manager, and manager_registrar in both roles
    assert intervention.assignments.filter(ends_on__isnull=True).count() == 4
    before = AuditEntry.objects.count()
    services.intervention_update(
        acting_user=cast.user(Role.ADMIN), intervention=intervention, end=YESTERDAY, status=Status.ENDED
    )
    assert set(intervention.assignments.values_list("ends_on", flat=True)) == {YESTERDAY}
    rows = new_rows(before)
    assert [r.object_type for r in rows] == [
        "interventions.intervention",
        *["interventions.interventionassignment"] * 4,
    ]
    assert all(r.association == cast.a.association and r.actor == cast.user(Role.ADMIN) for r in rows)


def test_ending_by_status_alone_ends_assignments_today(cast: Cast) -> None:
    services.intervention_update(acting_user=None, intervention=cast.a.intervention, status=Status.ENDED)
    assert set(cast.a.intervention.assignments.values_list("ends_on", flat=True)) == {TODAY}


def test_assignments_follow_a_planned_end_that_moves(cast: Cast) -> None:
    intervention = cast.a.intervention
    planned, extended = TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=200)
    services.intervention_update(acting_user=None, intervention=intervention, end=planned)
    registrar = InterventionAssignment.objects.get(
        intervention=intervention, membership__role=Role.REGISTRAR, membership__user=cast.user(Role.REGISTRAR)
    )
    manager = InterventionAssignment.objects.get(
        intervention=intervention,
        membership__role=Role.INTERVENTION_MANAGER,
        membership__user=cast.user(Role.INTERVENTION_MANAGER),
    )
    services.assignment_end(acting_user=None, assignment=manager, on=TODAY + dt.timedelta(days=10))
    services.intervention_update(acting_user=None, intervention=intervention, end=extended)
    registrar.refresh_from_db()
    manager.refresh_from_db()
    assert registrar.ends_on == extended
    assert manager.ends_on == TODAY + dt.timedelta(days=10)  # ended on its own date, not with the insats


def test_no_new_assignment_to_an_ended_insats(cast: Cast) -> None:
    services.intervention_update(acting_user=None, intervention=cast.a.other_intervention, end=YESTERDAY)
    with pytest.raises(ValidationError) as caught:
        services.assignment_add(
            acting_user=None,
            intervention=cast.a.other_intervention,
            membership=membership(cast.user(Role.REGISTRAR), cast.a.association, Role.REGISTRAR),
        )
    assert caught.value.message_dict == {"membership": ["Insatsen har avslutats."]}


def test_assignment_only_for_insats_roles_in_the_same_forbund(cast: Cast) -> None:
    viewer = membership(cast.user(Role.VIEWER), cast.a.association, Role.VIEWER)
    with pytest.raises(ValidationError) as caught:
        services.assignment_add(acting_user=None, intervention=cast.a.other_intervention, membership=viewer)
    assert "Bara insatsansvariga och deltagaransvariga" in caught.value.messages[0]
    registrar = membership(cast.user(Role.REGISTRAR), cast.a.association, Role.REGISTRAR)
    with pytest.raises(ValidationError):
        services.assignment_add(acting_user=None, intervention=cast.b.intervention, membership=registrar)


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.INTERVENTION_MANAGER])
def test_staff_lose_access_when_their_assignment_ends(cast: Cast, client_for: Any, role: str) -> None:
    client = client_for(role)
    intervention = cast.a.intervention
    assert client.get(detail_url(intervention)).status_code == 200
    assert intervention.name in client.get(list_url(cast)).content.decode()

    assignment = InterventionAssignment.objects.get(
        intervention=intervention, membership__role=role, membership__user=cast.user(role)
    )
    services.assignment_end(acting_user=cast.user(Role.ADMIN), assignment=assignment, on=TODAY)
    assert client.get(detail_url(intervention)).status_code == 200  # the last day still counts

    services.assignment_end(acting_user=cast.user(Role.ADMIN), assignment=assignment, on=YESTERDAY)
    assert client.get(detail_url(intervention)).status_code == 404
    assert intervention.name not in client.get(list_url(cast)).content.decode()
    # Admins still see it.
    assert client_for(Role.ADMIN).get(detail_url(intervention)).status_code == 200


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.INTERVENTION_MANAGER])
def test_staff_lose_access_when_the_insats_ends(cast: Cast, client_for: Any, role: str) -> None:
    client = client_for(role)
    intervention = cast.a.intervention
    services.intervention_update(acting_user=cast.user(Role.ADMIN), intervention=intervention, end=YESTERDAY)
    assert client.get(detail_url(intervention)).status_code == 404
    assert intervention.name not in client.get(list_url(cast)).content.decode()
    api = client.get(f"/api/v1/associations/alfa/interventions/{intervention.pk}/")
    assert api.status_code == 404


def test_staff_never_see_insatser_they_are_not_assigned_to(cast: Cast, client_for: Any) -> None:
    for role in (Role.REGISTRAR, Role.INTERVENTION_MANAGER):
        assert client_for(role).get(detail_url(cast.a.other_intervention)).status_code == 404


# --- audit rows ------------------------------------------------------------------------------------------


def test_intervention_create_and_update_write_one_row_each(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    intervention = services.intervention_create(
        acting_user=actor,
        association=cast.a.association,
        code="5005",
        name="Unga vuxna",
        orientation="individinriktad",
        category="individinsatser",
        start=dt.date(2026, 1, 1),
        run_by=[cast.a.kommun, cast.a.fk],
    )
    [created] = new_rows(before)
    assert (created.action, created.actor, created.association) == ("create", actor, cast.a.association)
    assert (created.object_type, created.object_id) == ("interventions.intervention", str(intervention.pk))
    assert created.changes["code"] == "5005" and created.changes["start"] == "2026-01-01"
    assert sorted(created.changes["run_by"]) == sorted([cast.a.kommun.pk, cast.a.fk.pk])

    before = AuditEntry.objects.count()
    services.intervention_update(
        acting_user=actor, intervention=intervention, name="Unga vuxna 2.0", run_by=[cast.a.kommun]
    )
    [updated] = new_rows(before)
    assert updated.action == "update"
    assert updated.changes == {
        "name": ["Unga vuxna", "Unga vuxna 2.0"],
        "run_by": [sorted([cast.a.kommun.pk, cast.a.fk.pk]), [cast.a.kommun.pk]],
    }

    before = AuditEntry.objects.count()
    services.intervention_update(
        acting_user=actor, intervention=intervention, name="Unga vuxna 2.0", run_by=[cast.a.kommun]
    )
    assert new_rows(before) == []


def test_refused_write_leaves_nothing_behind(cast: Cast) -> None:
    before = (AuditEntry.objects.count(), Intervention.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(
            acting_user=None,
            association=cast.a.association,
            code="1063",
            name="Dubblett",
            orientation="individinriktad",
            category="individinsatser",
            start=TODAY,
        )
    assert "Det finns redan en insats med den koden." in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        services.intervention_create(
            acting_user=None,
            association=cast.a.association,
            code="5006",
            name="B-medlem",
            orientation="individinriktad",
            category="individinsatser",
            start=TODAY,
            run_by=[cast.b.kommun],
        )
    assert caught.value.message_dict == {"run_by": ["Medlemmen tillhör inte förbundet."]}
    assert (AuditEntry.objects.count(), Intervention.objects.count()) == before


def test_staffing_and_volume_services_write_audit_rows(cast: Cast) -> None:
    actor = cast.user(Role.INTERVENTION_MANAGER)
    intervention = cast.a.intervention
    before = AuditEntry.objects.count()
    services.staffing_replace(
        acting_user=actor,
        intervention=intervention,
        rows=[{"member": cast.a.kommun, "role": "Arbetskonsulent", "fte": Decimal("1.5")}],
    )
    [created] = new_rows(before)
    assert (created.action, created.object_type, created.association) == (
        "create",
        "interventions.staffing",
        cast.a.association,
    )
    assert Decimal(created.changes["fte"]) == Decimal("1.5") and created.changes["role"] == "Arbetskonsulent"

    before = AuditEntry.objects.count()
    services.staffing_replace(acting_user=actor, intervention=intervention, rows=[])
    [deleted] = new_rows(before)
    assert (deleted.action, deleted.actor, deleted.object_id) == ("delete", actor, created.object_id)
    assert not Staffing.objects.filter(intervention=intervention).exists()

    before = AuditEntry.objects.count()
    target = services.volume_target_set(
        acting_user=actor, intervention=intervention, year=2026, unit="deltagare", value=35
    )
    services.volume_target_set(acting_user=actor, intervention=intervention, year=2026, unit="deltagare", value=40)
    services.volume_target_set(acting_user=actor, intervention=intervention, year=2026, unit="deltagare", value=40)
    rows = new_rows(before)
    assert [(r.action, r.changes.get("value")) for r in rows] == [("create", 35), ("update", [35, 40])]
    assert all(r.association == cast.a.association for r in rows)

    before = AuditEntry.objects.count()
    services.volume_target_delete(acting_user=actor, target=target)
    [removed] = new_rows(before)
    assert (removed.action, removed.object_type) == ("delete", "interventions.volumetarget")
    assert not VolumeTarget.objects.filter(intervention=intervention).exists()


def test_assignment_services_write_audit_rows(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    registrar = membership(cast.user(Role.REGISTRAR), cast.a.association, Role.REGISTRAR)
    before = AuditEntry.objects.count()
    assignment = services.assignment_add(
        acting_user=actor, intervention=cast.a.other_intervention, membership=registrar
    )
    services.assignment_end(acting_user=actor, assignment=assignment, on=TODAY)
    created, ended = new_rows(before)
    assert (created.action, created.object_type, created.association) == (
        "create",
        "interventions.interventionassignment",
        cast.a.association,
    )
    assert (ended.action, ended.changes) == ("update", {"ends_on": [None, TODAY.isoformat()]})


# --- API -------------------------------------------------------------------------------------------------


def api_for(cast: Cast, name: str) -> APIClient:
    """An API client authenticated with a token, as scripts use it."""
    client = APIClient()
    token = Token.objects.create(user=cast.user(name))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


API = "/api/v1/associations/alfa/interventions/"


def test_admin_creates_and_updates_an_insats_through_the_api(cast: Cast) -> None:
    client = api_for(cast, Role.ADMIN)
    before = AuditEntry.objects.count()
    response = client.post(
        API,
        {
            "code": "6001",
            "name": "Vägen ut",
            "orientation": "individinriktad",
            "category": "individinsatser",
            "start": "2026-02-01",
            "run_by": ["region", "fk"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "6001" and sorted(body["run_by"]) == ["fk", "region"]
    [created] = new_rows(before)
    assert (created.action, created.actor, created.object_id) == ("create", cast.user(Role.ADMIN), str(body["id"]))

    before = AuditEntry.objects.count()
    response = client.patch(f"{API}{body['id']}/", {"name": "Vägen ut 2"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Vägen ut 2"
    [updated] = new_rows(before)
    assert updated.changes == {"name": ["Vägen ut", "Vägen ut 2"]}


def test_api_validation_errors_are_400_in_swedish(cast: Cast) -> None:
    client = api_for(cast, Role.ADMIN)
    before = AuditEntry.objects.count()
    missing = client.post(API, {"name": "Utan kod"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == ["Det här fältet är obligatoriskt."]

    duplicate = client.post(
        API,
        {
            "code": "1063",
            "name": "Dubblett",
            "orientation": "individinriktad",
            "category": "individinsatser",
            "start": "2026-01-01",
        },
        format="json",
    )
    assert duplicate.status_code == 400
    assert "Det finns redan en insats med den koden." in str(duplicate.json())

    backwards = client.patch(f"{API}{cast.a.other_intervention.pk}/", {"end": "2019-01-01"}, format="json")
    assert backwards.status_code == 400
    assert "Slutdatum kan inte ligga före startdatum." in str(backwards.json())

    foreign = client.post(
        API,
        {
            "code": "6002",
            "name": "B",
            "orientation": "individinriktad",
            "category": "individinsatser",
            "start": "2026-01-01",
            "run_by": [cast.b.kommun.code + "x"],
        },
        format="json",
    )
    assert foreign.status_code == 400
    assert AuditEntry.objects.count() == before


def test_api_lock_is_a_400_with_the_swedish_message(cast: Cast) -> None:
    AnonymousCount.objects.create(intervention=cast.a.structural, year=2024, women=5)
    response = api_for(cast, Role.ADMIN).patch(
        f"{API}{cast.a.structural.pk}/", {"orientation": "individinriktad"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"orientation": [LOCKED]}


def test_intervention_manager_patches_own_insats_only(cast: Cast) -> None:
    client = api_for(cast, Role.INTERVENTION_MANAGER)
    own = client.patch(f"{API}{cast.a.intervention.pk}/", {"target_group": "Unga 19–29 år"}, format="json")
    assert own.status_code == 200, own.content
    cast.a.intervention.refresh_from_db()
    assert cast.a.intervention.target_group == "Unga 19–29 år"
    assert AuditEntry.objects.filter(actor=cast.user(Role.INTERVENTION_MANAGER), action="update").count() == 1

    other = client.patch(f"{API}{cast.a.other_intervention.pk}/", {"name": "Kapat"}, format="json")
    assert other.status_code == 404
    assert (
        client.post(
            API,
            {
                "code": "6100",
                "name": "Egen",
                "orientation": "individinriktad",
                "category": "individinsatser",
                "start": "2026-01-01",
            },
            format="json",
        ).status_code
        == 403
    )
    assert client.delete(f"{API}{cast.a.intervention.pk}/").status_code == 403
    cast.a.other_intervention.refresh_from_db()
    assert cast.a.other_intervention.name == "Annat team"


@pytest.mark.parametrize("name", [Role.VIEWER, Role.REGISTRAR])
def test_readers_get_403_on_writes(cast: Cast, name: str) -> None:
    client = api_for(cast, name)
    pk = cast.a.intervention.pk
    assert client.get(f"{API}{pk}/").status_code == 200
    assert client.patch(f"{API}{pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.put(f"{API}{pk}/", {"name": "X"}, format="json").status_code == 403
    assert client.post(API, {"code": "9"}, format="json").status_code == 403
    cast.a.intervention.refresh_from_db()
    assert cast.a.intervention.name == "Samordningsteam"


def test_api_needs_a_valid_token(cast: Cast) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token fel")
    assert client.get(API).status_code == 401
    assert api_for(cast, "admin_b").get(API).status_code == 404
