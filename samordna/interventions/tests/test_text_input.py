"""Insats text fields refuse a personnummer and control characters on the page and in the API (issue #11)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from samordna.interventions.models import Intervention, Staffing
from samordna.testing.cast import Cast
from samordna.testing.forms import BAD_TEXT, form_data, says_why

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def page(cast: Cast, name: str) -> str:
    return reverse(f"interventions:{name}", kwargs={"association": "alfa", "pk": cast.a.intervention.pk})


@pytest.mark.parametrize("field", ["description", "target_group", "name"])
@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_edit_page_refuses(kind: str, field: str, cast: Cast, client_for: Clients) -> None:
    admin = client_for("admin")
    form = admin.get(page(cast, "edit")).context["form"]
    response = admin.post(page(cast, "edit"), form_data(form, **{field: BAD_TEXT[kind][0]}))
    assert response.status_code == 200 and response.context["form"].errors  # the form again, not a redirect
    assert says_why(response.context["form"].errors[field], kind), response.context["form"].errors
    intervention = Intervention.objects.get(pk=cast.a.intervention.pk)
    assert getattr(intervention, field) == getattr(cast.a.intervention, field)


def test_edit_page_keeps_line_breaks_in_a_description(cast: Cast, client_for: Clients) -> None:
    admin = client_for("admin")
    form = admin.get(page(cast, "edit")).context["form"]
    text = "Rad ett\r\nRad två\tmed tabb"
    response = admin.post(page(cast, "edit"), form_data(form, description=text))
    assert response.status_code == 302
    assert Intervention.objects.get(pk=cast.a.intervention.pk).description == text


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_staffing_page_refuses(kind: str, cast: Cast, client_for: Clients) -> None:
    data = {
        "staffing-TOTAL_FORMS": "1",
        "staffing-INITIAL_FORMS": "0",
        "staffing-MIN_NUM_FORMS": "0",
        "staffing-MAX_NUM_FORMS": "1000",
        "staffing-0-member": cast.a.kommun.pk,
        "staffing-0-role": BAD_TEXT[kind][0],
        "staffing-0-fte": "1",
    }
    response = client_for("admin").post(page(cast, "staffing"), data)
    assert response.status_code == 400
    assert says_why(response.context["formset"].forms[0].errors["role"], kind)
    assert not Staffing.objects.exists()
    data["staffing-0-role"] = "Arbetskonsulent"
    assert client_for("admin").post(page(cast, "staffing"), data).status_code == 302
    assert Staffing.objects.get().role == "Arbetskonsulent"


@pytest.mark.parametrize("field", ["description", "target_group", "name", "code"])
@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_api_refuses(kind: str, field: str, cast: Cast, client_for: Clients) -> None:
    api = client_for("admin")
    target = f"/api/v1/associations/alfa/interventions/{cast.a.intervention.pk}/"
    response = api.patch(target, {field: BAD_TEXT[kind][0]}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert says_why(response.json()[field], kind), response.json()
    assert getattr(Intervention.objects.get(pk=cast.a.intervention.pk), field) == getattr(cast.a.intervention, field)


def test_api_refuses_a_lone_surrogate_instead_of_failing_to_store_it(cast: Cast, client_for: Clients) -> None:
    target = f"/api/v1/associations/alfa/interventions/{cast.a.intervention.pk}/"
    body = '{"description": "före \\ud800 efter"}'  # valid JSON, but no database can store the character
    response = client_for("admin").patch(target, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "U+D800" in response.json()["description"][0]
    assert Intervention.objects.get(pk=cast.a.intervention.pk).description == cast.a.intervention.description


def test_staffing_page_shows_the_saved_rows_and_saves_them_again(cast: Cast, client_for: Clients) -> None:
    """The member choices are read once for the formset (issue #19): each saved row still shows its member."""
    from samordna.interventions import services

    rows = [
        {"member": cast.a.kommun, "role": "Handledare", "fte": "0.5"},
        {"member": cast.a.region, "role": "Samordnare", "fte": "1"},
    ]
    services.staffing_replace(acting_user=None, intervention=cast.a.intervention, rows=rows)
    admin = client_for("admin")
    response = admin.get(page(cast, "staffing"))
    body = response.content.decode()
    assert f'<option value="{cast.a.kommun.pk}" selected>' in body
    assert f'<option value="{cast.a.region.pk}" selected>' in body
    assert f'<option value="{cast.a.fk.pk}">' in body
    data = {"staffing-TOTAL_FORMS": "2", "staffing-INITIAL_FORMS": "2", "staffing-MIN_NUM_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {  # the rows as shown, saved again
            f"staffing-{index}-member": str(row["member"].pk),  # type: ignore[union-attr]
            f"staffing-{index}-role": str(row["role"]),
            f"staffing-{index}-fte": str(row["fte"]),
        }
    assert admin.post(page(cast, "staffing"), data).status_code == 302
    saved = Staffing.objects.filter(intervention=cast.a.intervention).order_by("role")
    expected = [(cast.a.kommun.pk, "Handledare"), (cast.a.region.pk, "Samordnare")]
    assert [(s.member_id, s.role) for s in saved] == expected
