"""An archived member (one that has left the förbund) is not offered for a new board seat, while a seat it already
appointed stays editable: the selector, the board seat form and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.organisations import selectors, services
from samordna.organisations.models import BoardSeat, Member
from samordna.organisations.testing import leave
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
API = "/api/v1/associations/alfa/board-seats/"


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"organisations:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def seat_of(member: Member) -> BoardSeat:
    return services.board_seat_create(
        acting_user=None,
        association=member.association,
        person_name="Greta Gammal",
        seat_type="ledamot",
        office="",
        appointed_by=member,
        term_start=dt.date(2023, 1, 1),
    )


def form_data(member: Member, **overrides: str) -> dict[str, str]:
    data = {
        "person_name": "Greta Gammal",
        "seat_type": "ledamot",
        "office": "",
        "appointed_by": str(member.pk),
        "term_start": "2023-01-01",
        "term_end": "",
    }
    data.update(overrides)
    return data


def test_current_members_leave_out_those_that_have_left_unless_kept(cast: Cast) -> None:
    fk, region = leave(cast.a.fk, TODAY), cast.a.region
    services.member_leave(acting_user=None, member=region, on=TODAY + dt.timedelta(days=30))
    current = set(selectors.current_members(association=cast.a.association))
    assert fk not in current  # left today: archived
    assert region in current and cast.a.kommun in current  # leaves later: still a member
    assert cast.b.fk not in current  # another förbund's
    assert fk in set(selectors.current_members(association=cast.a.association, keep=[fk.pk, None]))
    assert fk in set(selectors.current_members(association=cast.a.association, keep=[fk]))
    assert cast.b.fk not in set(selectors.current_members(association=cast.a.association, keep=[cast.b.fk]))


def test_new_seat_form_leaves_out_an_archived_member_and_refuses_it(cast: Cast, client_for: Any) -> None:
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "board-create")).context["form"].fields["appointed_by"].queryset)
    assert fk not in choices and cast.a.region in choices
    before = BoardSeat.objects.count()
    response = admin.post(url(cast, "board-create"), form_data(fk))
    assert response.status_code == 200
    assert "En medlem som har lämnat förbundet kan inte väljas för en ny rad." in response.content.decode()
    assert BoardSeat.objects.count() == before


def test_a_seat_of_an_archived_member_stays_editable(cast: Cast, client_for: Any) -> None:
    seat = seat_of(cast.a.fk)
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "board-edit", pk=seat.pk)).context["form"].fields["appointed_by"].queryset)
    assert fk in choices
    response = admin.post(url(cast, "board-edit", pk=seat.pk), form_data(fk, term_end="2025-12-31"))
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.appointed_by == fk and seat.term_end == dt.date(2025, 12, 31)
    # another seat may not be moved over to the archived member
    other = cast.a.board_seat
    response = admin.post(url(cast, "board-edit", pk=other.pk), form_data(fk, person_name=other.person_name))
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.appointed_by == cast.a.kommun


def test_api_refuses_a_new_seat_of_an_archived_member_in_swedish(cast: Cast, client_for: Any) -> None:
    leave(cast.a.fk)
    before = BoardSeat.objects.count()
    payload = {"person_name": "Greta Gammal", "seat_type": "ledamot", "appointed_by": "fk", "term_start": "2024-01-01"}
    response = client_for(Role.ADMIN).post(API, payload, content_type="application/json")
    assert response.status_code == 400
    assert "Ingen nuvarande medlem i förbundet har koden fk." in response.json()["appointed_by"][0]
    assert BoardSeat.objects.count() == before


def test_api_edits_a_seat_of_an_archived_member(cast: Cast, client_for: Any) -> None:
    seat = seat_of(cast.a.fk)
    leave(cast.a.fk)
    api = client_for(Role.ADMIN)
    response = api.patch(f"{API}{seat.pk}/", {"appointed_by": "fk", "term_end": "2025-12-31"}, "application/json")
    assert response.status_code == 200, response.content
    seat.refresh_from_db()
    assert seat.term_end == dt.date(2025, 12, 31)
    response = api.patch(f"{API}{cast.a.board_seat.pk}/", {"appointed_by": "fk"}, "application/json")
    assert response.status_code == 400
    assert BoardSeat.objects.get(pk=cast.a.board_seat.pk).appointed_by == cast.a.kommun
