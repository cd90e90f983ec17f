"""Member, population and board services: constraints, board seat rules, audit rows, the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samordna.core.choices import Role
from samordna.core.models import AuditEntry, Municipality
from samordna.organisations import services
from samordna.organisations.models import BoardSeat, Member, Population
from samordna.testing.cast import Cast

KOMMUNKOD = "En kommun måste ha en kommunkod; andra medlemmar har ingen."
CHAIR_TAKEN = "Någon annan har redan den funktionen i styrelsen under samma mandatperiod."
DEPUTY_CHAIR = "Bara en ledamot kan vara ordförande eller vice ordförande."


def new_rows(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("id")[before:])


# --- members: kind and kommunkod -------------------------------------------------------------------------


def test_kommun_member_needs_a_kommunkod(cast: Cast) -> None:
    before = (AuditEntry.objects.count(), Member.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.member_create(
            acting_user=None, association=cast.a.association, code="k", name="Kommunen", kind="kommun"
        )
    assert KOMMUNKOD in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        services.member_create(
            acting_user=None,
            association=cast.a.association,
            code="af2",
            name="Arbetsförmedlingen",
            kind="arbetsformedlingen",
            municipality=Municipality.objects.get(code="1984"),
        )
    assert KOMMUNKOD in caught.value.messages
    assert (AuditEntry.objects.count(), Member.objects.count()) == before


def test_kommunkod_rule_is_a_database_constraint(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(association=cast.a.association, code="k2", name="Utan kod", kind="kommun")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            association=cast.a.association,
            code="r2",
            name="Region med kod",
            kind="region",
            municipality=Municipality.objects.get(code="1984"),
        )


def test_changing_a_kommun_into_a_region_must_drop_the_kommunkod(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.member_update(acting_user=None, member=cast.a.kommun, kind="region")
    member = services.member_update(acting_user=None, member=cast.a.kommun, kind="region", municipality=None)
    assert Member.objects.get(pk=member.pk).municipality is None


def test_member_codes_are_unique_per_forbund_only(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.member_create(
            acting_user=None, association=cast.a.association, code="fk", name="FK igen", kind="forsakringskassan"
        )
    assert "Det finns redan en medlem med den koden." in caught.value.messages
    # B already has "fk" too: same code, other förbund.
    assert Member.objects.filter(code="fk").count() == 2


def test_member_services_write_one_audit_row_each(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    member = services.member_create(
        acting_user=actor,
        association=cast.a.association,
        code="1984",
        name="Arboga kommun",
        kind="kommun",
        municipality=Municipality.objects.get(code="1984"),
    )
    [created] = new_rows(before)
    assert (created.action, created.actor, created.association) == ("create", actor, cast.a.association)
    assert (created.object_type, created.object_id, created.object_repr) == (
        "organisations.member",
        str(member.pk),
        "Arboga kommun",
    )
    assert created.changes["municipality"] == "1984" and created.changes["kind"] == "kommun"

    before = AuditEntry.objects.count()
    services.member_update(acting_user=actor, member=member, name="Arboga", code="1984")
    [updated] = new_rows(before)
    assert updated.changes == {"name": ["Arboga kommun", "Arboga"]}

    before = AuditEntry.objects.count()
    services.member_update(acting_user=actor, member=member, name="Arboga")
    assert new_rows(before) == []


def test_population_set_creates_then_updates_with_audit(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    services.population_set(acting_user=actor, member=cast.a.kommun, year=2025, population=20500)
    services.population_set(acting_user=actor, member=cast.a.kommun, year=2025, population=20600)
    services.population_set(acting_user=actor, member=cast.a.kommun, year=2025, population=20600)
    created, updated = new_rows(before)
    assert (created.action, created.object_type, created.association) == (
        "create",
        "organisations.population",
        cast.a.association,
    )
    assert updated.changes == {"population": [20500, 20600]}
    assert Population.objects.get(member=cast.a.kommun, year=2025).population == 20600

    with pytest.raises(ValidationError) as caught:
        services.population_set(acting_user=actor, member=cast.a.region, year=2025, population=1)
    assert caught.value.message_dict == {"population": ["Folkmängd anges bara för kommuner."]}


# --- board seats -----------------------------------------------------------------------------------------


def seat(cast: Cast, **fields: Any) -> BoardSeat:
    values = {
        "person_name": "Bo Ledamot",
        "seat_type": "ledamot",
        "office": "",
        "appointed_by": cast.a.region,
        "term_start": dt.date(2023, 1, 1),
        **fields,
    }
    return services.board_seat_create(acting_user=cast.user(Role.ADMIN), association=cast.a.association, **values)


def test_only_one_current_chair(cast: Cast) -> None:
    assert BoardSeat.objects.filter(association=cast.a.association, office="ordforande").count() == 1
    with pytest.raises(ValidationError) as caught:
        seat(cast, office="ordforande")
    assert caught.value.message_dict == {"office": [CHAIR_TAKEN]}
    # Nor one whose term overlaps the current chair's from the future.
    with pytest.raises(ValidationError):
        seat(cast, office="ordforande", term_start=dt.date(2027, 1, 1))
    # A vice chair is another office.
    vice = seat(cast, office="vice_ordforande")
    assert vice.office == "vice_ordforande"
    # The chair of B does not count in A.
    assert BoardSeat.objects.filter(association=cast.b.association, office="ordforande").exists()


def test_a_new_chair_once_the_old_term_has_ended(cast: Cast) -> None:
    old = cast.a.board_seat
    services.board_seat_update(acting_user=None, seat=old, term_end=dt.date(2026, 12, 31))
    # A chair from a term that overlaps is still refused; one from the next term is allowed.
    with pytest.raises(ValidationError):
        seat(cast, office="ordforande", term_start=dt.date(2026, 6, 1))
    successor = seat(cast, office="ordforande", term_start=dt.date(2027, 1, 1))
    assert successor.pk is not None
    # The old chair cannot extend their term into the successor's.
    with pytest.raises(ValidationError) as caught:
        services.board_seat_update(acting_user=None, seat=old, term_end=None)
    assert caught.value.message_dict == {"office": [CHAIR_TAKEN]}
    # Saving the chair's own seat does not clash with itself.
    services.board_seat_update(acting_user=None, seat=successor, person_name="Cecilia Ordförande")


def test_an_ersattare_cannot_be_chair(cast: Cast) -> None:
    services.board_seat_update(acting_user=None, seat=cast.a.board_seat, term_end=dt.date(2024, 12, 31))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        seat(cast, seat_type="ersattare", office="ordforande", term_start=dt.date(2025, 1, 1))
    assert DEPUTY_CHAIR in caught.value.messages
    with pytest.raises(ValidationError):
        seat(cast, seat_type="ersattare", office="vice_ordforande")
    assert new_rows(before) == []
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardSeat.objects.create(
            association=cast.a.association,
            person_name="Direkt",
            seat_type="ersattare",
            office="vice_ordforande",
            appointed_by=cast.a.region,
            term_start=dt.date(2025, 1, 1),
        )


def test_board_seat_term_order_and_forbund(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        seat(cast, term_start=dt.date(2025, 1, 1), term_end=dt.date(2024, 1, 1))
    assert "Mandatperioden kan inte sluta innan den börjar." in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        seat(cast, appointed_by=cast.b.region)
    assert caught.value.message_dict == {"appointed_by": ["Medlemmen tillhör inte förbundet."]}


def test_board_seat_services_write_one_audit_row_each(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    created_seat = seat(cast, person_name="Eva Ersättare", seat_type="ersattare")
    [created] = new_rows(before)
    assert (created.action, created.actor, created.object_type) == ("create", actor, "organisations.boardseat")
    assert created.changes["person_name"] == "Eva Ersättare"

    before = AuditEntry.objects.count()
    services.board_seat_update(acting_user=actor, seat=created_seat, term_end=dt.date(2026, 12, 31))
    services.board_seat_update(acting_user=actor, seat=created_seat, term_end=dt.date(2026, 12, 31))
    [updated] = new_rows(before)
    assert updated.changes == {"term_end": [None, "2026-12-31"]}

    before = AuditEntry.objects.count()
    seat_id = created_seat.pk
    services.board_seat_delete(acting_user=actor, seat=created_seat)
    [deleted] = new_rows(before)
    assert (deleted.action, deleted.object_id, deleted.association) == ("delete", str(seat_id), cast.a.association)
    assert not BoardSeat.objects.filter(pk=seat_id).exists()


# --- API -------------------------------------------------------------------------------------------------

MEMBERS = "/api/v1/associations/alfa/members/"


def api_for(cast: Cast, name: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.user(name)).key}")
    return client


def test_admin_creates_and_updates_a_member_through_the_api(cast: Cast) -> None:
    client = api_for(cast, Role.ADMIN)
    before = AuditEntry.objects.count()
    response = client.post(
        MEMBERS, {"code": "1984", "name": "Arboga kommun", "kind": "kommun", "municipality": "1984"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["municipality"], body["populations"]) == ("1984", {})
    [created] = new_rows(before)
    assert (created.action, created.actor, created.object_id) == ("create", cast.user(Role.ADMIN), str(body["id"]))

    before = AuditEntry.objects.count()
    response = client.patch(f"{MEMBERS}{body['id']}/", {"name": "Arboga"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Arboga"
    [updated] = new_rows(before)
    assert updated.changes == {"name": ["Arboga kommun", "Arboga"]}


def test_member_api_validation_errors_are_400_in_swedish(cast: Cast) -> None:
    client = api_for(cast, Role.ADMIN)
    before = AuditEntry.objects.count()
    no_code = client.post(MEMBERS, {"code": "k", "name": "Kommunen", "kind": "kommun"}, format="json")
    assert no_code.status_code == 400
    assert KOMMUNKOD in str(no_code.json())
    missing = client.post(MEMBERS, {"kind": "region"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["name"] == ["Det här fältet är obligatoriskt."]
    unknown = client.post(MEMBERS, {"code": "x", "name": "X", "kind": "kommun", "municipality": "9999"}, format="json")
    assert unknown.status_code == 400 and "municipality" in unknown.json()
    duplicate = client.post(MEMBERS, {"code": "fk", "name": "FK", "kind": "forsakringskassan"}, format="json")
    assert duplicate.status_code == 400
    assert "Det finns redan en medlem med den koden." in str(duplicate.json())
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", [Role.VIEWER, Role.INTERVENTION_MANAGER])
def test_member_readers_get_403_on_writes(cast: Cast, name: str) -> None:
    client = api_for(cast, name)
    assert client.get(MEMBERS).status_code == 200
    assert client.post(MEMBERS, {"code": "x", "name": "X", "kind": "region"}, format="json").status_code == 403
    assert client.patch(f"{MEMBERS}{cast.a.fk.pk}/", {"name": "X"}, format="json").status_code == 403
    assert Member.objects.get(pk=cast.a.fk.pk).name == "Försäkringskassan"


def test_board_api_chair_rule_is_a_400(cast: Cast) -> None:
    response = api_for(cast, Role.ADMIN).post(
        "/api/v1/associations/alfa/board-seats/",
        {
            "person_name": "Ny",
            "seat_type": "ledamot",
            "office": "ordforande",
            "appointed_by": "region",
            "term_start": "2025-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"office": [CHAIR_TAKEN]}
