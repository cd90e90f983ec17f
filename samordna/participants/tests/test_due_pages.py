"""The follow-ups due page (`uppfoljningar/`) in pages: due-date order, every due follow-up on exactly one page, and
the page parameter does not change who may see it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from samordna.participants import rules, services
from samordna.participants.models import FollowUp, FollowUpStatus
from samordna.participants.tests.helpers import code, enroll
from samordna.participants.views import registration
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def _due_url(slug: str = "alfa") -> str:
    return reverse("participants:due", kwargs={"association": slug})


def _ended(cast: Cast, codes: list[str], months_ago: int) -> None:
    today = dt.date.today()
    for participant in codes:
        enrollment = enroll(cast.a.intervention, code_=participant, start=rules.add_months(today, -24))
        services.register_out(
            acting_user=None,
            enrollment=enrollment,
            end_date=rules.add_months(today, -months_ago),
            end_reason=code("end_reason", "1"),
        )


def test_due_pages_list_every_follow_up_once_in_due_date_order(
    cast: Cast, client_for: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registration, "DUE_PAGE", 4)
    _ended(cast, ["DUE-A1", "DUE-B1", "DUE-C1"], months_ago=14)  # same end: equal due dates across participants
    due = FollowUp.objects.filter(status=FollowUpStatus.PENDING, due_date__lte=dt.date.today())
    expected = [str(pk) for pk in due.order_by("due_date", "pk").values_list("pk", flat=True)]
    assert len(expected) > 8
    registrar = client_for("registrar")
    seen: list[str] = []
    for page in range(1, len(expected) // 4 + 2):
        html = registrar.get(_due_url(), {"page": page}).content.decode()
        seen += re.findall(r'<tr id="due-([0-9a-f-]+)"', html)
    assert seen == expected


def test_due_page_parameter_keeps_the_access_rules(cast: Cast, client_for: Clients) -> None:
    _ended(cast, ["DUE-D1"], months_ago=4)
    assert client_for("registrar").get(_due_url(), {"page": 2}).status_code == 200
    assert client_for("registrar").get(_due_url("beta"), {"page": 2}).status_code == 404
    assert client_for("admin_b").get(_due_url(), {"page": 1}).status_code == 404
    for role in ("admin", "viewer", "intervention_manager", "admin_viewer"):
        assert client_for(role).get(_due_url(), {"page": 1}).status_code == 403
