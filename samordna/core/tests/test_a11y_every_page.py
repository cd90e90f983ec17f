"""axe-core (WCAG 2.1 A/AA) on every page of a förbund, walked from the URLconf like the access tests (#17).

Each HTML page a route answers is opened in Chromium by a user whose role may see it (the admin where the
admin may, otherwise the first role allowed), with the cast's objects; no serious or critical violation may
be found. A route that answers something else (a download, a redirect to a job page) is named in the output,
so a page that stops being checked is seen. New pages are checked without writing a test.
"""

from __future__ import annotations

from typing import Any

import pytest

from samordna.core.choices import Role
from samordna.testing.cast import PASSWORD, ROLE_USERS, Cast
from samordna.testing.e2e import axe_violations, describe_violations, login
from samordna.testing.objects import ROUTE_DATA, url_for
from samordna.testing.urlwalk import Route, tenant_routes

pytestmark = pytest.mark.e2e

#: Who opens a page: the first of these its view allows.
PREFERRED = (Role.ADMIN, Role.INTERVENTION_MANAGER, Role.REGISTRAR, Role.VIEWER)


def _pages() -> list[Route]:
    return [r for r in tenant_routes() if not r.is_api and r.method == "get"]


def _user_for(route: Route) -> str | None:
    return next((role for role in PREFERRED if route.allows(ROLE_USERS[role])), None)


def test_every_page_has_no_serious_accessibility_violations(
    browser: Any, live_server: Any, django_db_serialized_rollback: None, cast: Cast
) -> None:
    by_user: dict[str, list[tuple[Route, str]]] = {}
    for route in _pages():
        user = _user_for(route)
        assert user is not None, f"{route} allows none of the four roles"
        if route.name in ROUTE_DATA:
            ROUTE_DATA[route.name](cast, cast.a)
        by_user.setdefault(user, []).append((route, url_for(route, cast, cast.a)))

    problems: dict[str, str] = {}
    checked: list[str] = []
    not_html: list[str] = []
    for user, pages in by_user.items():
        context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        tab = context.new_page()
        login(tab, cast.user(user).username, PASSWORD)
        for route, url in pages:
            response = context.request.get(url, max_redirects=0)
            kind = response.headers.get("content-type", "")
            if response.status != 200 or not kind.startswith("text/html"):
                assert response.status < 500, f"{route.name} ({user}): {response.status}"
                not_html.append(f"{route.name} ({response.status} {kind.split(';')[0]})")
                continue
            tab.goto(url)
            checked.append(route.name)
            if found := axe_violations(tab):
                problems[f"{route.name} ({user}) {url}"] = describe_violations(found)
        context.close()

    print(f"\naxe-core: {len(checked)} sidor granskade; inte HTML: {', '.join(not_html) or 'inga'}")
    assert len(checked) >= 60, f"only {len(checked)} pages answered HTML: {not_html}"
    report = "\n".join(f"{name}:\n{text}" for name, text in problems.items())
    assert not problems, f"axe-core hittade allvarliga tillgänglighetsfel på {len(problems)} sidor:\n{report}"
