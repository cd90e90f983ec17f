"""Volume counts (#15 item 5): an insats's monthly counts against its volume targets, entered by the
insatsansvarig or an admin, all or nothing, and read by the goal follow-up and Uppföljning Finsam."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.interventions import selectors, services
from samordna.interventions.forms import count_name
from samordna.interventions.models import VolumeCount
from samordna.reports.finsam.figures import build_finsam_figures
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

YEAR = 2024


def url(cast: Cast, year: int | None = YEAR, pk: int | None = None) -> str:
    path = reverse(
        "interventions:counts", kwargs={"association": cast.a.association.slug, "pk": pk or cast.a.intervention.pk}
    )
    return f"{path}?year={year}" if year else path


def set_counts(cast: Cast, counts: dict[tuple[int, str], int | None], year: int = YEAR) -> int:
    return services.volume_counts_set(acting_user=None, intervention=cast.a.intervention, year=year, counts=counts)


def test_counts_sum_per_unit_and_change_and_remove_with_audit_rows(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    assert set_counts(cast, {(1, "moten"): 4, (2, "moten"): 6, (2, "kontakter"): 10, (3, "deltagare"): 2}) == 4
    assert selectors.volume_count_totals(association=cast.a.association, year=YEAR, unit="moten") == {
        cast.a.intervention.pk: 10
    }
    assert set_counts(cast, {(1, "moten"): 5, (2, "moten"): 6, (2, "kontakter"): None}) == 2  # one changed, one gone
    assert selectors.volume_count_grid(cast.a.intervention, YEAR) == {
        (1, "moten"): 5,
        (2, "moten"): 6,
        (3, "deltagare"): 2,
    }
    assert AuditEntry.objects.count() - before == 6


@pytest.mark.parametrize(
    ("counts", "year", "says"),
    [
        ({(1, "moten"): 3, (2, "moten"): -1}, YEAR, "heltal"),
        ({(1, "moten"): 3, (2, "moten"): 1.5}, YEAR, "heltal"),
        ({(1, "moten"): 3, (2, "moten"): True}, YEAR, "heltal"),
        ({(1, "moten"): 3, (2, "moten"): 10**9}, YEAR, "heltal"),
        ({(1, "moten"): 3, (13, "moten"): 1}, YEAR, "Okänd"),
        ({(1, "moten"): 3, (2, "timmar"): 1}, YEAR, "Okänd"),
        ({(1, "moten"): 3}, 2019, "utanför insatsens period"),
        ({(1, "moten"): 3}, 1900, "mellan"),
        ({(1, "moten"): 3, (12, "moten"): 1}, dt.date.today().year + 1, "inte har börjat"),
    ],
)
def test_a_bad_cell_refuses_the_whole_grid(cast: Cast, counts: dict[Any, Any], year: int, says: str) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        set_counts(cast, counts, year)
    assert says in " ".join(refused.value.messages)
    assert not VolumeCount.objects.exists() and AuditEntry.objects.count() == before


def test_progress_says_reached_or_not_against_the_targets(cast: Cast) -> None:
    services.volume_target_set(acting_user=None, intervention=cast.a.intervention, year=YEAR, unit="moten", value=10)
    services.volume_target_set(acting_user=None, intervention=cast.a.intervention, year=YEAR, unit="kontakter", value=5)
    set_counts(cast, {(1, "moten"): 4, (5, "moten"): 2, (1, "kontakter"): 5})
    progress = {row["unit"]: row for row in selectors.volume_progress(cast.a.intervention, YEAR)}
    assert (progress["moten"]["counted"], progress["moten"]["reached"], progress["moten"]["percent"]) == (6, False, 60)
    assert (progress["kontakter"]["counted"], progress["kontakter"]["reached"]) == (5, True)
    assert "deltagare" not in progress


def test_the_page_saves_the_grid_and_shows_the_target(cast: Cast, client_for: Any) -> None:
    services.volume_target_set(acting_user=None, intervention=cast.a.intervention, year=YEAR, unit="moten", value=12)
    for role in (Role.ADMIN, Role.INTERVENTION_MANAGER, "manager_registrar"):
        VolumeCount.objects.all().delete()
        client = client_for(role)
        page = client.get(url(cast))
        assert page.status_code == 200 and "Räknade volymer" in page.content.decode()
        response = client.post(url(cast), {count_name(1, "moten"): "7", count_name(2, "moten"): "6"})
        assert response.status_code == 302 and response["Location"].endswith(f"?year={YEAR}")
        body = client.get(url(cast)).content.decode()
        assert "Uppnått" in body and 'role="img"' in body  # 13 of 12, and the chart
        assert selectors.volume_count_grid(cast.a.intervention, YEAR) == {(1, "moten"): 7, (2, "moten"): 6}


@pytest.mark.parametrize("bad", ["-1", "1,5", "abc", "1e3", "99999999999", "<script>", "7\x00"])
def test_the_page_refuses_bad_counts_in_swedish_and_saves_nothing(cast: Cast, client_for: Any, bad: str) -> None:
    admin = client_for(Role.ADMIN)
    response = admin.post(url(cast), {count_name(1, "moten"): "3", count_name(2, "moten"): bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert any(word in body for word in ("heltal", "negativt", "orimligt", "Null")), body[-2000:]
    assert not VolumeCount.objects.exists()


def test_months_not_begun_cannot_be_posted(cast: Cast, client_for: Any) -> None:
    this_year = dt.date.today().year
    admin = client_for(Role.ADMIN)
    later = dt.date.today().month % 12 + 1
    data = {count_name(1, "moten"): "2"}
    if later > 1:  # not in December: next month is shown disabled and a posted value is ignored
        data[count_name(later, "moten")] = "5"
    assert admin.post(url(cast, this_year), data).status_code == 302
    assert selectors.volume_count_grid(cast.a.intervention, this_year) == {(1, "moten"): 2}


def test_who_may_count(cast: Cast, client_for: Any) -> None:
    for role in (Role.VIEWER, Role.REGISTRAR):
        assert client_for(role).get(url(cast)).status_code == 403
    # the insatsansvarig counts only for their own insats
    assert client_for(Role.INTERVENTION_MANAGER).get(url(cast, pk=cast.a.other_intervention.pk)).status_code == 404
    assert client_for("admin_b").get(url(cast)).status_code == 404


def test_finsam_lists_the_counts_internally_only(cast: Cast) -> None:
    set_counts(cast, {(1, "deltagare"): 3, (2, "deltagare"): 4, (2, "moten"): 9})
    figures = build_finsam_figures(association=cast.a.association, year=YEAR)
    (row,) = figures["volumes"]
    assert row["code"] == "1063" and row["counts"] == {"deltagare": 7, "moten": 9, "kontakter": 0}
    assert row["targets"] == {"deltagare": None, "moten": None, "kontakter": None}
