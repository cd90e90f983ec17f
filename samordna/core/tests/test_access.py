"""Every page and API route, walked from the URLconf: anonymous, another förbund, and each role.

New pages are covered without writing a test: a route taking `association` must answer
login redirect / 401 to anonymous users, 404 to another förbund's users and to another förbund's
objects, 403 to roles it does not allow, and a normal answer to roles it allows.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samordna.core.choices import Role
from samordna.testing.cast import Cast, Tenant, any_object
from samordna.testing.objects import KWARG_PROVIDERS
from samordna.testing.urlwalk import PUBLIC_OR_GLOBAL, Route, global_routes, tenant_routes

ROUTES = tenant_routes()


def url_for(route: Route, cast: Cast, tenant: Tenant, slug: str | None = None) -> str:
    kwargs: dict[str, Any] = {"association": slug or tenant.association.slug}
    for name in route.kwargs:
        if name == "association":
            continue
        if name == "pk":
            assert route.model is not None, f"{route}: a view with <pk> must name its model"
            kwargs["pk"] = any_object(cast, route.model, tenant).pk
        elif name in KWARG_PROVIDERS:
            kwargs[name] = KWARG_PROVIDERS[name](cast, tenant)
        else:
            raise AssertionError(f"{route}: add a provider for URL argument {name!r} in testing/objects.py")
    return reverse(route.name, kwargs=kwargs)


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
    allowed = route.allowed_roles("GET")
    assert allowed, f"{route} allows no role"
    for role in Role.values:
        response = get(client_for(role), url_for(route, cast, cast.a), route)
        if role in allowed:
            assert response.status_code not in (401, 403, 404), f"{role} on {route}: {response.status_code}"
            assert response.status_code < 500
        else:
            assert response.status_code == 403, f"{role} on {route}: {response.status_code}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.is_api], ids=str)
def test_api_write_refused_to_roles_without_write(route: Route, cast: Cast, client_for: Any) -> None:
    writers = route.allowed_roles("POST")
    for role in Role.values:
        if role in writers:
            continue
        response = client_for(role).post(url_for(route, cast, cast.a), {}, content_type="application/json")
        assert response.status_code in (403, 405), f"{role} POST {route}: {response.status_code}"


def test_api_schema_needs_login_and_describes_routes(cast: Cast, client_for: Any) -> None:
    assert Client().get(reverse("api-schema")).status_code == 401
    response = client_for(Role.ADMIN).get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/associations/{association}/interventions/" in body
    assert "openapi" in body
