"""Every writable API endpoint, fed the nasty-input corpus in every field at once: never a 500, nothing written.

The URL walk finds the endpoints and each serializer names its writable fields, so a new endpoint or field is
covered without a new test. A value PostgreSQL cannot hold (a NUL) must be refused before a query sees it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from samordna.testing import nasty
from samordna.testing.cast import Cast
from samordna.testing.urlwalk import tenant_routes

WRITERS = {"enrollment-list": "registrar", "follow-up-list": "registrar"}
ROUTES = [r for r in tenant_routes() if r.is_api and r.name.endswith("-list") and hasattr(r.view, "create")]
VALUES: dict[str, Any] = {
    "nul": nasty.TEXT["nul"],
    "control": nasty.TEXT["control"],
    "huge": nasty.TEXT["huge"],
    "personnummer": nasty.PERSONNUMMER["pnr_12_dash"],
    "formula": nasty.TEXT["formula_eq"],
    "number_huge": 10**30,
    "nested": {"a": [1, {"b": None}]},
    "list": ["a\x00", 1],
    "list_plain": ["a", 1, None],
    "bool": True,
    "null": None,
    "digits": nasty.NUMBERS["five_thousand_digits"],
}


def _writable_fields(route: Any) -> list[str]:
    serializer = route.view.serializer_class
    return [name for name, field in serializer().fields.items() if not field.read_only]


def _row_counts() -> dict[str, int]:
    labels = ("organisations", "interventions", "participants", "finance", "activities")
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in labels}


def test_the_walk_finds_the_writable_endpoints() -> None:
    assert {r.name for r in ROUTES} >= {"member-list", "intervention-list", "enrollment-list", "budget-line-list"}


@pytest.mark.parametrize("kind", sorted(VALUES))
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_nasty_values_in_every_field_get_a_400(
    route: Any, kind: str, cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for(WRITERS.get(route.name, "admin"))
    url = reverse(route.name, kwargs={"association": cast.a.association.slug})
    payload = {name: VALUES[kind] for name in _writable_fields(route)}
    before = _row_counts()
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 400, (route.name, kind, response.status_code, response.content[:300])
    assert _row_counts() == before


PAGES = [
    ("interventions:list", {"q": nasty.TEXT["nul"]}),
    ("organisations:member-list", {"page": "1\x00"}),
    ("activities:list", {"kind": nasty.TEXT["nul"], "year": "2024\x00"}),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_a_nul_in_a_page_query_is_a_400(name: str, query: dict[str, str], cast: Cast, client_for: Any) -> None:
    url = reverse(name, kwargs={"association": cast.a.association.slug})
    response = client_for("admin").get(url, query)
    assert response.status_code == 400


def test_a_nul_in_a_form_post_is_a_form_error_and_writes_nothing(cast: Cast, client_for: Any) -> None:
    url = reverse("organisations:member-create", kwargs={"association": cast.a.association.slug})
    before = _row_counts()
    response = client_for("admin").post(url, {"code": "x1", "name": "Ny\x00medlem", "kind": "region"})
    assert response.status_code in (200, 400)
    assert "styrtecken" in response.content.decode() or "Null" in response.content.decode()
    assert _row_counts() == before
