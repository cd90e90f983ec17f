"""A board seat is archived by ending its term (asked first, with the date) and can be brought back (#17 item 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.organisations import selectors, services
from samordna.organisations.models import BoardSeat
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"organisations:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def test_ending_asks_with_a_date_and_moves_the_seat_to_the_ended_list(
    cast: Cast, client_for: Any, seat: BoardSeat
) -> None:
    admin = client_for(Role.ADMIN)
    page = admin.get(url(cast, "board-end", pk=seat.pk)).content.decode()
    assert "Avsluta uppdraget för Bo Ledamot" in page and dt.date.today().isoformat() in page
    assert BoardSeat.objects.get(pk=seat.pk).term_end is None  # asking changed nothing
    yesterday = dt.date.today() - dt.timedelta(days=1)
    response = admin.post(url(cast, "board-end", pk=seat.pk), {"term_end": yesterday.isoformat()})
    assert response.status_code == 302
    assert BoardSeat.objects.get(pk=seat.pk).term_end == yesterday
    assert "Uppdraget för Bo Ledamot är avslutat" in admin.get(response["Location"]).content.decode()
    assert "Bo Ledamot" not in admin.get(url(cast, "board-list")).content.decode()
    ended = admin.get(url(cast, "board-list") + "?visa=avslutade").content.decode()
    assert "Bo Ledamot" in ended and "Återuppta" in ended
    # still on the board of an earlier date (a protocol of last year lists the seat)
    assert seat in selectors.board(association=cast.a.association, on=dt.date(2024, 6, 1))


def test_an_ended_seat_is_brought_back(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    services.board_seat_end(acting_user=None, seat=seat, on=dt.date(2024, 12, 31))
    before = AuditEntry.objects.count()
    response = client_for(Role.ADMIN).post(url(cast, "board-resume", pk=seat.pk))
    assert response.status_code == 302
    assert BoardSeat.objects.get(pk=seat.pk).term_end is None
    assert AuditEntry.objects.count() == before + 1
    assert "Bo Ledamot" in client_for(Role.ADMIN).get(url(cast, "board-list")).content.decode()


@pytest.mark.parametrize("bad", ["2022-12-31", "31/12/2024", "", "2024-02-30", "<script>"])
def test_a_bad_end_date_is_refused_and_nothing_changes(cast: Cast, client_for: Any, seat: BoardSeat, bad: str) -> None:
    before = AuditEntry.objects.count()
    response = client_for(Role.ADMIN).post(url(cast, "board-end", pk=seat.pk), {"term_end": bad})
    assert response.status_code == 400
    assert "Formuläret innehåller fel" in response.content.decode()
    assert BoardSeat.objects.get(pk=seat.pk).term_end is None and AuditEntry.objects.count() == before


def test_only_admins_end_or_resume(cast: Cast, client_for: Any, seat: BoardSeat) -> None:
    for role in (Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        client = client_for(role)
        assert client.post(url(cast, "board-end", pk=seat.pk), {"term_end": "2024-01-01"}).status_code == 403
        assert client.post(url(cast, "board-resume", pk=seat.pk)).status_code == 403
    assert client_for("admin_b").post(url(cast, "board-resume", pk=seat.pk)).status_code == 404
    assert BoardSeat.objects.get(pk=seat.pk).term_end is None
