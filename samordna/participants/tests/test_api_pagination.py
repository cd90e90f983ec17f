"""The enrollment API's pages (paged insats by insats, samordna/participants/pagination.py): the contract's order
(insats, newest start first, then id), every row on exactly one page, and the access rules with page params."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from samordna.core.choices import Role
from samordna.core.models import Membership
from samordna.interventions import services as intervention_services
from samordna.participants.models import Enrollment
from samordna.participants.tests.helpers import enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
BASE = "/api/v1/associations/alfa"


def _two_insatser(cast: Cast) -> list[Enrollment]:
    """The registrar assigned to both individinriktade insatser of A, with enrollments in each, some on the
    same start date; returned in the expected order."""
    membership = Membership.objects.get(
        user=cast.user("registrar"), association=cast.a.association, role=Role.REGISTRAR
    )
    intervention_services.assignment_add(
        acting_user=None, intervention=cast.a.other_intervention, membership=membership, starts_on=dt.date(2020, 1, 1)
    )
    days = [dt.date(2024, 1, 10), dt.date(2024, 3, 1), dt.date(2024, 3, 1), dt.date(2023, 6, 5), dt.date(2024, 3, 1)]
    rows = [enroll(insats, start=day) for insats in (cast.a.intervention, cast.a.other_intervention) for day in days]
    return sorted(rows, key=lambda e: (e.intervention.code, -e.start_date.toordinal(), _desc(e.pk.hex)))


def _desc(text: str) -> str:
    """A key that sorts hex text backwards."""
    return "".join("0123456789abcdef"[15 - int(c, 16)] for c in text)


@pytest.mark.parametrize("limit", [1, 3, 4, 10, 100])
def test_pages_keep_the_order_and_name_every_row_once(cast: Cast, client_for: Clients, limit: int) -> None:
    expected = [str(e.pk) for e in _two_insatser(cast)]
    api = client_for("registrar")
    seen: list[str] = []
    for offset in range(0, len(expected) + limit, limit):
        body = api.get(f"{BASE}/enrollments/", {"limit": limit, "offset": offset}).json()
        assert body["count"] == len(expected)
        seen += [row["id"] for row in body["results"]]
    assert seen == expected
    first = api.get(f"{BASE}/enrollments/").json()
    assert [row["id"] for row in first["results"]] == expected and first["next"] is None


def test_next_links_walk_every_row(cast: Cast, client_for: Clients) -> None:
    expected = [str(e.pk) for e in _two_insatser(cast)]
    api = client_for("registrar")
    seen: list[str] = []
    url: str | None = f"{BASE}/enrollments/?limit=4"
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == expected


def test_another_insats_or_forbund_is_not_paged_in(cast: Cast, client_for: Clients) -> None:
    mine = enroll(cast.a.intervention)
    enroll(cast.a.other_intervention)
    enroll(cast.b.intervention)
    body = client_for("registrar").get(f"{BASE}/enrollments/", {"limit": 1, "offset": 0}).json()
    assert body["count"] == 1 and [row["id"] for row in body["results"]] == [str(mine.pk)]
    assert client_for("registrar").get(f"{BASE}/enrollments/", {"limit": 1, "offset": 1}).json()["results"] == []


def test_page_params_do_not_change_access(cast: Cast, client_for: Clients) -> None:
    enroll(cast.a.intervention)
    params = {"limit": 2, "offset": 1}
    assert client_for("registrar").get("/api/v1/associations/beta/enrollments/", params).status_code == 404
    assert client_for("admin_b").get(f"{BASE}/enrollments/", params).status_code == 404
    for role in ("admin", "viewer", "intervention_manager", "admin_viewer"):
        assert client_for(role).get(f"{BASE}/enrollments/", params).status_code == 403
