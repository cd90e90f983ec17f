"""The `events` report kind: the contract's JSON, seed 002's table with "Totalt", per member with a chart."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from samordna.activities import services
from samordna.activities.reports import events_report
from samordna.activities.tests.helpers import make_event
from samordna.core.choices import Role
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def _setup(cast: Cast) -> None:
    a = cast.a
    first = make_event(a, "U1", date=dt.date(2017, 2, 7), days=Decimal("2.5"))
    second = make_event(a, "K1", date=dt.date(2017, 3, 1), kind="konferens", intervention=None)
    make_event(a, "X", date=dt.date(2018, 1, 1))
    services.attendance_replace(
        acting_user=None,
        event=first,
        grid={(a.kommun.pk, "chef"): 2, (a.kommun.pk, "medarbetare"): 3, (None, "annan"): 1},
    )
    services.attendance_replace(acting_user=None, event=second, grid={(a.fk.pk, "medarbetare"): 4})


def test_json_follows_the_contract(cast: Cast) -> None:
    _setup(cast)
    data = events_report(association=cast.a.association, options={"year": "2017"}).as_json()
    assert data["year"] == 2017 and data["total"] == 10
    assert data["by_member"] == {"1980": 5, "": 1, "fk": 4}
    assert data["by_role"] == {"chef": 2, "medarbetare": 7, "annan": 1}
    first, second = data["events"]
    assert first == {
        "code": "U1",
        "title": "Utbildning U1",
        "kind": "utbildning",
        "date": "2017-02-07",
        "days": 2.5,
        "intervention": "2001",
        "attendance": {
            "total": 6,
            "by_member": {"1980": 5, "": 1},
            "by_role": {"chef": 2, "medarbetare": 3, "annan": 1},
        },
    }
    assert second["intervention"] is None and second["attendance"]["total"] == 4
    assert data["suppression"]["hidden_cells"] == 0


def test_tables_have_antal_deltagare_and_totalt_and_a_member_chart(cast: Cast) -> None:
    _setup(cast)
    report = events_report(association=cast.a.association, options={"year": 2017})
    per_event, per_member = report.tables
    assert [c.label for c in per_event.columns][-1] == "Antal deltagare"
    assert per_event.rows[-1].cells["title"] == "Totalt" and per_event.rows[-1].cells["count"] == 10
    names = [r.cells["name"] for r in per_member.rows]
    assert names[-2:] == ["Övriga", "Totalt"]
    assert per_member.rows[-1].cells["total"] == 10
    assert len(report.charts) == 1 and b"<svg" in report.charts[0].draw("svg")


@pytest.mark.parametrize("year", ["", "17", "abcd", "1999", "2101"])
def test_bad_year_is_refused_in_swedish(cast: Cast, year: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        events_report(association=cast.a.association, options={"year": year})
    assert "Ange ett år" in str(refused.value)


def test_command_writes_json(cast: Cast) -> None:
    _setup(cast)
    out = io.StringIO()
    call_command("report", "events", "--association", "alfa", "--year", "2017", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["total"] == 10


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "pdf", "json"])
def test_page_downloads_every_format(cast: Cast, client_for: Any, fmt: str) -> None:
    _setup(cast)
    page = reverse("activities:report", kwargs={"association": "alfa"})
    response = client_for(Role.VIEWER).get(page, {"year": "2017", "format": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_page_shows_tables_and_chart(cast: Cast, client_for: Any) -> None:
    _setup(cast)
    page = reverse("activities:report", kwargs={"association": "alfa"})
    body = client_for(Role.ADMIN).get(page, {"year": "2017"}).content.decode()
    assert "Antal deltagare" in body and "Totalt" in body and "<svg" in body and 'role="img"' in body
    body = client_for(Role.ADMIN).get(page, {"year": "nej"}).content.decode()
    assert "Ange ett år" in body
