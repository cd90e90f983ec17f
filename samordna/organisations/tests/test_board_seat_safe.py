"""Removing a board seat asks first, can be taken back for a while, and is refused for a seat in a protocol."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from samordna.core import undo
from samordna.core.choices import Role
from samordna.governance import services as governance_services
from samordna.governance.testing import sample_meeting
from samordna.organisations.models import BoardSeat
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"organisations:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def test_the_page_asks_and_only_a_post_removes(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    admin = client_for(Role.ADMIN)
    asked = admin.get(url(cast, "board-delete", pk=seat.pk))
    assert asked.status_code == 200
    assert "Bo Ledamot" in asked.content.decode() and "Ja, ta bort" in asked.content.decode()
    assert BoardSeat.objects.filter(pk=seat.pk).exists()
    assert admin.post(url(cast, "board-delete", pk=seat.pk)).status_code == 302
    assert not BoardSeat.objects.filter(pk=seat.pk).exists()


def test_undo_puts_the_seat_back_once(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    admin = client_for(Role.ADMIN)
    admin.post(url(cast, "board-delete", pk=seat.pk))
    listing = admin.get(url(cast, "board-list")).content.decode()
    assert "Styrelseplatsen för Bo Ledamot togs nyss bort" in listing
    back = admin.post(url(cast, "board-undo"), {"seat": seat.pk}, follow=True)
    assert "Styrelseplatsen är tillbaka" in back.content.decode()
    again = BoardSeat.objects.get(association=cast.a.association, person_name="Bo Ledamot")
    assert (again.seat_type, again.appointed_by_id, again.term_start) == (
        "ersattare",
        cast.a.region.pk,
        seat.term_start,
    )
    twice = admin.post(url(cast, "board-undo"), {"seat": seat.pk}, follow=True)
    assert "kan inte längre ångras" in twice.content.decode()
    assert BoardSeat.objects.filter(association=cast.a.association, person_name="Bo Ledamot").count() == 1


def test_undo_after_the_time_is_refused(cast: Cast, client_for: Any, seat: BoardSeat, monkeypatch: Any) -> None:
    admin = client_for(Role.ADMIN)
    admin.post(url(cast, "board-delete", pk=seat.pk))
    later = time.time() + undo.UNDO_SECONDS + 1
    monkeypatch.setattr(undo.time, "time", lambda: later)
    late = admin.post(url(cast, "board-undo"), {"seat": seat.pk}, follow=True)
    assert "kan inte längre ångras" in late.content.decode()
    assert not BoardSeat.objects.filter(person_name="Bo Ledamot").exists()


def test_a_seat_in_a_meetings_attendance_is_not_removed(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    meeting = sample_meeting(cast.a)
    governance_services.attendance_set(acting_user=None, meeting=meeting, present=[seat.pk])
    response = client_for(Role.ADMIN).post(url(cast, "board-delete", pk=seat.pk), follow=True)
    assert response.status_code == 200
    assert "finns med i ett mötes närvaro" in response.content.decode()
    assert BoardSeat.objects.filter(pk=seat.pk).exists()


def test_only_admins_remove(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    for role in (Role.VIEWER, Role.REGISTRAR, Role.INTERVENTION_MANAGER):
        assert client_for(role).post(url(cast, "board-delete", pk=seat.pk)).status_code == 403
        assert client_for(role).post(url(cast, "board-undo"), {"seat": seat.pk}).status_code == 403
    assert client_for("admin_b").post(url(cast, "board-delete", pk=seat.pk)).status_code == 404
    assert BoardSeat.objects.filter(pk=seat.pk).exists()
