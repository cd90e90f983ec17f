"""Every page and API route, walked from the URLconf: anonymous, another förbund, and each role.

New pages are covered without writing a test: a route taking `association` must answer
login redirect / 401 to anonymous users, 404 to another förbund's users and to another förbund's
objects, 403 to users none of whose roles it allows, and a normal answer (never a 500) to users holding
any role it allows, including the cast's users with two roles in one förbund (admin + viewer,
insatsansvarig + deltagaransvarig). API lists name each row once, whatever the user's roles.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.navigation import NAVIGATION
from samordna.testing.cast import ROLE_USERS, Cast, any_object
from samordna.testing.objects import ROUTE_DATA, url_for
from samordna.testing.urlwalk import PUBLIC_OR_GLOBAL, Route, global_routes, tenant_routes

ROUTES = tenant_routes()


def get(client: Client, url: str, route: Route) -> Any:
    """Call a route the way it is meant to be called (GET, or POST for action views)."""
    call = client.get if route.method == "get" else client.post
    return call(url, HTTP_ACCEPT="application/json" if route.is_api else "text/html")


def test_every_route_is_either_tenant_scoped_or_known_global() -> None:
    unknown = [r.name for r in global_routes() if r.name not in PUBLIC_OR_GLOBAL]
    assert unknown == [], f"routes outside /f/<association>/ must be listed as global on purpose: {unknown}"
    assert len(ROUTES) >= 15


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_is_sent_to_login_or_refused(route: Route, cast: Cast) -> None:
    response = get(Client(), url_for(route, cast, cast.a), route)
    if route.is_api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_another_forbunds_user_gets_404(route: Route, cast: Cast, client_for: Any) -> None:
    for name in ("admin_b", "outsider"):
        response = get(client_for(name), url_for(route, cast, cast.a), route)
        assert response.status_code == 404, f"{name} on {route}: {response.status_code}"


@pytest.mark.parametrize("route", [r for r in ROUTES if len(r.kwargs) > 1], ids=str)
def test_another_forbunds_object_gets_404(route: Route, cast: Cast, client_for: Any) -> None:
    # Admin of A, asking A's URL with B's object ids.
    url = url_for(route, cast, cast.b, slug=cast.a.association.slug)
    response = get(client_for(Role.ADMIN), url, route)
    assert response.status_code == 404, f"{route}: {response.status_code}"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_role_gets_403_or_access(route: Route, cast: Cast, client_for: Any) -> None:
    assert route.allowed_roles("GET"), f"{route} allows no role"
    if route.name in ROUTE_DATA:
        ROUTE_DATA[route.name](cast, cast.a)
    for name, roles in ROLE_USERS.items():
        response = get(client_for(name), url_for(route, cast, cast.a), route)
        if route.allows(roles):
            assert response.status_code not in (401, 403, 404), f"{name} on {route}: {response.status_code}"
            assert response.status_code < 500, f"{name} on {route}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{name} on {route}: {response.status_code}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_api], ids=str)
def test_api_write_refused_to_roles_without_write(route: Route, cast: Cast, client_for: Any) -> None:
    for name, roles in ROLE_USERS.items():
        if route.allows(roles, "POST"):
            continue
        response = client_for(name).post(url_for(route, cast, cast.a), {}, content_type="application/json")
        assert response.status_code in (403, 405), f"{name} POST {route}: {response.status_code}"


API_LISTS = [r for r in ROUTES if r.is_api_list and r.model is not None]


@pytest.mark.parametrize("route", API_LISTS, ids=str)
def test_api_list_names_each_row_once_for_every_user(route: Route, cast: Cast, client_for: Any) -> None:
    any_object(cast, route.model, cast.a)  # at least one row to list (budget lines, enrollments, …)
    if route.name in ROUTE_DATA:
        ROUTE_DATA[route.name](cast, cast.a)
    listed_by_someone = False
    for name, roles in ROLE_USERS.items():
        if not route.allows(roles):
            continue
        response = get(client_for(name), url_for(route, cast, cast.a), route)
        assert response.status_code == 200, f"{name} on {route}: {response.status_code}"
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"{name} on {route}: rows listed twice: {sorted(ids)}"
        if isinstance(body, dict):
            assert body["count"] == len(ids), f"{name} on {route}: count {body['count']} for {len(ids)} rows"
        listed_by_someone = listed_by_someone or bool(ids)
    assert listed_by_someone, f"{route}: no user saw a row, so the check proved nothing"


def test_api_schema_needs_login_and_describes_routes(cast: Cast, client_for: Any) -> None:
    assert Client().get(reverse("api-schema")).status_code == 401
    response = client_for(Role.ADMIN).get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/associations/{association}/interventions/" in body
    assert "openapi" in body
    schema = json.loads(body)
    report = schema["paths"]["/api/v1/associations/{association}/reports/participants/"]["get"]
    assert {"from", "to", "intervention"} <= {p["name"] for p in report["parameters"]}


def test_navigation_offers_each_page_to_exactly_the_roles_it_allows() -> None:
    """A menu entry names the same role set as its page: no dead link, no page missing from a role's menu."""
    pages = {route.name: route for route in ROUTES if not route.is_api}
    mismatched = {
        item.url_name: (sorted(item.roles), sorted(pages[item.url_name].allowed_roles()))
        for item in NAVIGATION
        if item.roles != pages[item.url_name].allowed_roles()
    }
    assert mismatched == {}, f"menu roles differ from the page's allowed_roles: {mismatched}"
