"""An archived member (one that has left the förbund) is not offered for a new insats or a new staffing row, while
an insats or a staffing row that already names it stays editable (pages and API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.interventions import services
from samordna.interventions.models import Intervention, Staffing
from samordna.organisations.models import Member
from samordna.organisations.testing import ARCHIVED_REFUSED, leave
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

REFUSED = ARCHIVED_REFUSED
API = "/api/v1/associations/alfa/interventions/"


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"interventions:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def insats_data(insats: Intervention | None, run_by: list[Member], **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": insats.code if insats else "3001",
        "name": insats.name if insats else "Ny insats",
        "orientation": "individinriktad",
        "category": "individinsatser",
        "follow_up_method": "individuell",
        "start": "2020-01-01",
        "end": "",
        "status": "pagaende",
        "run_by": [str(m.pk) for m in run_by],
        "target_group": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_new_insats_form_leaves_out_an_archived_member_and_refuses_it(cast: Cast, client_for: Any) -> None:
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "create")).context["form"].fields["run_by"].queryset)
    assert fk not in choices and cast.a.kommun in choices
    response = admin.post(url(cast, "create"), insats_data(None, [fk, cast.a.kommun]))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Intervention.objects.filter(code="3001").exists()


def test_an_insats_run_by_an_archived_member_stays_editable(cast: Cast, client_for: Any) -> None:
    insats = cast.a.intervention
    services.intervention_update(acting_user=None, intervention=insats, run_by=[cast.a.fk, cast.a.kommun])
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    choices = set(admin.get(url(cast, "edit", pk=insats.pk)).context["form"].fields["run_by"].queryset)
    assert fk in choices
    response = admin.post(url(cast, "edit", pk=insats.pk), insats_data(insats, [fk, cast.a.kommun], name="Nytt namn"))
    assert response.status_code == 302
    insats.refresh_from_db()
    assert insats.name == "Nytt namn" and set(insats.run_by.all()) == {fk, cast.a.kommun}
    # another insats may not take the archived member on
    other = cast.a.other_intervention
    assert fk not in set(admin.get(url(cast, "edit", pk=other.pk)).context["form"].fields["run_by"].queryset)
    response = admin.post(url(cast, "edit", pk=other.pk), insats_data(other, [fk]))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert list(other.run_by.all()) == [cast.a.kommun]


def test_api_refuses_an_archived_member_for_a_new_insats_and_keeps_it_on_an_old_one(
    cast: Cast, client_for: Any
) -> None:
    insats = cast.a.intervention
    services.intervention_update(acting_user=None, intervention=insats, run_by=[cast.a.fk])
    leave(cast.a.fk)
    api = client_for(Role.ADMIN)
    payload = {"code": "3001", "name": "Ny", "orientation": "individinriktad", "category": "individinsatser",
               "start": "2024-01-01", "run_by": ["fk"]}  # fmt: skip
    response = api.post(API, payload, content_type="application/json")
    assert response.status_code == 400
    assert "Ingen nuvarande medlem i förbundet har koden fk." in response.json()["run_by"][0]
    assert not Intervention.objects.filter(code="3001").exists()
    response = api.patch(f"{API}{insats.pk}/", {"run_by": ["fk"], "name": "Ändrad"}, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["run_by"] == ["fk"]
    response = api.patch(f"{API}{cast.a.other_intervention.pk}/", {"run_by": ["fk"]}, "application/json")
    assert response.status_code == 400
    assert list(cast.a.other_intervention.run_by.all()) == [cast.a.kommun]


def staffing_post(rows: list[tuple[Member, str, str]], saved: int) -> dict[str, str]:
    data = {"staffing-TOTAL_FORMS": str(len(rows)), "staffing-INITIAL_FORMS": str(saved),
            "staffing-MIN_NUM_FORMS": "0"}  # fmt: skip
    for index, (member, role, fte) in enumerate(rows):
        data |= {f"staffing-{index}-member": str(member.pk), f"staffing-{index}-role": role,
                 f"staffing-{index}-fte": fte}  # fmt: skip
    return data


def saved_staffing(insats: Intervention) -> list[tuple[int, str, str]]:
    return sorted((s.member_id, s.role, str(s.fte)) for s in Staffing.objects.filter(intervention=insats))


def test_staffing_keeps_a_saved_row_of_an_archived_member_and_refuses_a_new_one(cast: Cast, client_for: Any) -> None:
    insats = cast.a.intervention
    rows = [{"member": cast.a.fk, "role": "Arbetskonsulent", "fte": "1"}]
    services.staffing_replace(acting_user=None, intervention=insats, rows=rows)
    fk = leave(cast.a.fk)
    admin = client_for(Role.ADMIN)
    formset = admin.get(url(cast, "staffing", pk=insats.pk)).context["formset"]
    saved_row, new_row = formset.forms[0], formset.forms[1]
    assert fk.pk in {value for value, _label in saved_row.fields["member"].choices}
    assert fk.pk not in {value for value, _label in new_row.fields["member"].choices}
    assert cast.a.region.pk in {value for value, _label in new_row.fields["member"].choices}
    # the saved row saves unchanged, with a new row of a current member
    both = [(fk, "Arbetskonsulent", "1,5"), (cast.a.region, "Samordnare", "0,5")]
    assert admin.post(url(cast, "staffing", pk=insats.pk), staffing_post(both, saved=1)).status_code == 302
    before = saved_staffing(insats)
    assert (fk.pk, "Arbetskonsulent", "1.50") in before
    # a new row naming the archived member is refused and nothing is written
    more = [*both, (fk, "Handledare", "1")]
    response = admin.post(url(cast, "staffing", pk=insats.pk), staffing_post(more, saved=2))
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert saved_staffing(insats) == before
    # another insats cannot staff the archived member at all
    other = cast.a.other_intervention
    response = admin.post(url(cast, "staffing", pk=other.pk), staffing_post([(fk, "Handledare", "1")], saved=0))
    assert response.status_code == 400 and not Staffing.objects.filter(intervention=other).exists()
