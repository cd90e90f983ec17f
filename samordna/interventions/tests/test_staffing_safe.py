"""Removing staffing rows asks first in the page, and "Ångra" brings the staffing back for a short while."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from samordna.core import undo
from samordna.interventions import services
from samordna.interventions.models import Staffing
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def page(cast: Cast, name: str) -> str:
    return reverse(
        f"interventions:{name}", kwargs={"association": cast.a.association.slug, "pk": cast.a.intervention.pk}
    )


@pytest.fixture
def staffed(cast: Cast) -> list[dict[str, Any]]:
    rows = [
        {"member": cast.a.kommun, "role": "Handledare", "fte": "0.5"},
        {"member": cast.a.region, "role": "Samordnare", "fte": "1"},
    ]
    services.staffing_replace(acting_user=None, intervention=cast.a.intervention, rows=rows)
    return rows


def posted(rows: list[dict[str, Any]], delete: int | None) -> dict[str, str]:
    data = {
        "staffing-TOTAL_FORMS": str(len(rows)),
        "staffing-INITIAL_FORMS": str(len(rows)),
        "staffing-MIN_NUM_FORMS": "0",
    }
    for index, row in enumerate(rows):
        data |= {
            f"staffing-{index}-member": str(row["member"].pk),
            f"staffing-{index}-role": row["role"],
            f"staffing-{index}-fte": row["fte"],
        }
    if delete is not None:
        data[f"staffing-{delete}-DELETE"] = "on"
    return data


def saved(cast: Cast) -> list[tuple[int, str]]:
    return sorted((s.member_id, s.role) for s in Staffing.objects.filter(intervention=cast.a.intervention))


def test_removing_a_row_asks_first_and_saves_only_when_confirmed(
    cast: Cast, client_for: Any, staffed: list[dict[str, Any]]
) -> None:
    admin = client_for("admin")
    before = saved(cast)
    asked = admin.post(page(cast, "staffing"), posted(staffed, delete=1))
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Bekräfta" in body and "Samordnare" in body and 'name="_confirmed"' in body
    assert saved(cast) == before  # nothing written before the answer
    done = admin.post(page(cast, "staffing"), {**posted(staffed, delete=1), "_confirmed": "1"})
    assert done.status_code == 302
    assert saved(cast) == [(cast.a.kommun.pk, "Handledare")]


def test_a_save_without_removal_asks_nothing(cast: Cast, client_for: Any, staffed: list[dict[str, Any]]) -> None:
    assert client_for("admin").post(page(cast, "staffing"), posted(staffed, delete=None)).status_code == 302


def test_undo_brings_the_staffing_back_once(cast: Cast, client_for: Any, staffed: list[dict[str, Any]]) -> None:
    admin = client_for("admin")
    before = saved(cast)
    admin.post(page(cast, "staffing"), {**posted(staffed, delete=0), "_confirmed": "1"})
    assert saved(cast) != before
    detail = admin.get(page(cast, "detail")).content.decode()
    assert "Ångra ändringen" in detail
    restored = admin.post(page(cast, "staffing"), {"_undo": "1"}, follow=True)
    assert "återställd" in restored.content.decode()
    assert saved(cast) == before
    again = admin.post(page(cast, "staffing"), {"_undo": "1"}, follow=True)
    assert "kan inte längre ångras" in again.content.decode()
    assert saved(cast) == before
    assert "Ångra ändringen" not in admin.get(page(cast, "detail")).content.decode()


def test_undo_after_the_time_is_refused(
    cast: Cast, client_for: Any, staffed: list[dict[str, Any]], monkeypatch: Any
) -> None:
    admin = client_for("admin")
    admin.post(page(cast, "staffing"), {**posted(staffed, delete=0), "_confirmed": "1"})
    after = saved(cast)
    later = time.time() + undo.UNDO_SECONDS + 1
    monkeypatch.setattr(undo.time, "time", lambda: later)
    response = admin.post(page(cast, "staffing"), {"_undo": "1"}, follow=True)
    assert "kan inte längre ångras" in response.content.decode()
    assert saved(cast) == after


def test_undo_is_only_for_the_one_who_changed(cast: Cast, client_for: Any, staffed: list[dict[str, Any]]) -> None:
    client_for("admin").post(page(cast, "staffing"), {**posted(staffed, delete=0), "_confirmed": "1"})
    after = saved(cast)
    other = client_for("admin_viewer")  # another admin's session holds no undo
    assert "kan inte längre ångras" in other.post(page(cast, "staffing"), {"_undo": "1"}, follow=True).content.decode()
    assert saved(cast) == after
