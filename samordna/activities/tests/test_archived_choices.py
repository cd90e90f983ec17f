"""An archived member (one that has left the förbund) gets no row in a new attendance grid; an event that already
has its attendance keeps the row, so the grid saves unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.activities import selectors, services
from samordna.activities.forms import cell_name
from samordna.activities.models import Attendance, AttendeeRole
from samordna.activities.tests.helpers import make_event
from samordna.core.choices import Role
from samordna.organisations import services as org_services
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

ROLE = AttendeeRole.values[0]


def url(cast: Cast, pk: int) -> str:
    return reverse("activities:attendance", kwargs={"association": cast.a.association.slug, "pk": pk})


def grid(event: Any) -> dict[tuple[int | None, str], int]:
    return selectors.event_grid(event)


def test_archived_member_has_no_row_for_a_new_event_and_a_count_is_refused(cast: Cast, client_for: Any) -> None:
    fk = org_services.member_leave(acting_user=None, member=cast.a.fk, on=dt.date.today())
    event = make_event(cast.a)
    admin = client_for(Role.ADMIN)
    form = admin.get(url(cast, event.pk)).context["form"]
    assert fk not in form.members and cast.a.region in form.members
    assert cell_name(fk, ROLE) not in form.fields
    data = {cell_name(cast.a.region, ROLE): "3", cell_name(fk, ROLE): "2"}
    response = admin.post(url(cast, event.pk), data)
    assert response.status_code == 400
    assert "Deltagande kan inte läggas in för en medlem som har lämnat förbundet" in response.content.decode()
    assert grid(event) == {}


def test_an_event_with_attendance_of_an_archived_member_keeps_its_row(cast: Cast, client_for: Any) -> None:
    event = make_event(cast.a)
    services.attendance_replace(acting_user=None, event=event, grid={(cast.a.fk.pk, ROLE): 4})
    fk = org_services.member_leave(acting_user=None, member=cast.a.fk, on=dt.date.today() - dt.timedelta(days=1))
    admin = client_for(Role.ADMIN)
    form = admin.get(url(cast, event.pk)).context["form"]
    assert fk in form.members and form.initial[cell_name(fk, ROLE)] == 4
    data = {cell_name(fk, ROLE): "5", cell_name(cast.a.region, ROLE): "1"}
    assert admin.post(url(cast, event.pk), data).status_code == 302
    assert grid(event) == {(fk.pk, ROLE): 5, (cast.a.region.pk, ROLE): 1}
    # another event still offers no row for the archived member
    other = make_event(cast.a, "U2")
    assert fk not in admin.get(url(cast, other.pk)).context["form"].members
    assert not Attendance.objects.filter(event=other).exists()
