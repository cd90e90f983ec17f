"""Member and board names refuse a personnummer and control characters: pages, API and import (issue #11)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samordna.organisations.models import BoardSeat, Member
from samordna.organisations.tests.test_import_organisation import VALID, table_counts
from samordna.testing.cast import Cast
from samordna.testing.forms import BAD_TEXT, form_data, says_why

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
API = "/api/v1/associations/alfa"


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_member_page_refuses(kind: str, cast: Cast, client_for: Clients) -> None:
    admin = client_for("admin")
    target = reverse("organisations:member-edit", kwargs={"association": "alfa", "pk": cast.a.kommun.pk})
    form = admin.get(target).context["form"]
    response = admin.post(target, form_data(form, name=BAD_TEXT[kind][0]))
    assert response.status_code == 200 and says_why(response.context["form"].errors["name"], kind)
    assert Member.objects.get(pk=cast.a.kommun.pk).name == cast.a.kommun.name


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_board_seat_page_refuses(kind: str, cast: Cast, client_for: Clients) -> None:
    admin = client_for("admin")
    target = reverse("organisations:board-edit", kwargs={"association": "alfa", "pk": cast.a.board_seat.pk})
    form = admin.get(target).context["form"]
    response = admin.post(target, form_data(form, person_name=BAD_TEXT[kind][0]))
    assert response.status_code == 200 and says_why(response.context["form"].errors["person_name"], kind)
    assert BoardSeat.objects.get(pk=cast.a.board_seat.pk).person_name == "Anna Ordförande"


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_api_refuses(kind: str, cast: Cast, client_for: Clients) -> None:
    api = client_for("admin")
    value = BAD_TEXT[kind][0]
    response = api.patch(f"{API}/members/{cast.a.kommun.pk}/", {"name": value}, content_type="application/json")
    assert response.status_code == 400 and says_why(response.json()["name"], kind), response.content
    response = api.post(
        f"{API}/members/", {"code": value, "name": "Ny", "kind": "region"}, content_type="application/json"
    )
    assert response.status_code == 400 and says_why(response.json()["code"], kind), response.content
    response = api.patch(
        f"{API}/board-seats/{cast.a.board_seat.pk}/", {"person_name": value}, content_type="application/json"
    )
    assert response.status_code == 400 and says_why(response.json()["person_name"], kind), response.content
    assert Member.objects.get(pk=cast.a.kommun.pk).name == cast.a.kommun.name
    assert not Member.objects.filter(name="Ny").exists()
    assert BoardSeat.objects.get(pk=cast.a.board_seat.pk).person_name == "Anna Ordförande"


@pytest.mark.parametrize(
    ("kind", "where"),
    [
        ("personnummer", ("members", 1, "name")),
        ("nul", ("board", 0, "person_name")),
        ("samordningsnummer", ("interventions", 0, "target_group")),
        ("control", ("interventions", 0, "staffing")),
    ],
)
def test_import_refuses_with_the_json_path(kind: str, where: tuple[str, int, str], tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    section, index, key = where
    if key == "staffing":
        data[section][index][key][0]["role"] = BAD_TEXT[kind][0]
        path = f"{section}[{index}].staffing[0].role"
    else:
        data[section][index][key] = BAD_TEXT[kind][0]
        path = f"{section}[{index}].{key}"
    file = tmp_path / "org.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = table_counts()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_organisation", str(file), stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    text = err.getvalue()
    assert path in text and says_why(text, kind), text
    assert BAD_TEXT[kind][0] not in text
    assert table_counts() == before
