"""Every list page sorts by its columns and pages 25–200 rows (core.listing), generated over the list routes.

For each list page with columns: every sortable column ascending and descending answers 200 with
`aria-sort` on that header and rows in that order; `?per=` picks the page size; nonsense values fall back to the
defaults; the filters stay in the header links.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.listing import PAGE_SIZES, SortedListMixin
from samordna.testing.cast import Cast
from samordna.testing.objects import KWARG_PROVIDERS
from samordna.testing.tests.test_query_counts import LISTS
from samordna.testing.urlwalk import owned_routes, tenant_routes

PAGES = [r for r in tenant_routes() + owned_routes() if r.name in LISTS and not r.is_api and hasattr(r.view, "columns")]
#: List pages that are not tables of rows (a budget grid, a report): they have no columns to sort.
NOT_SORTABLE = {"finance:grid", "finance:plan", "finance:account-map", "finance:annual-accounts", "planning:plan"}


def test_every_list_page_has_sortable_columns() -> None:
    pages = {r.name for r in tenant_routes() + owned_routes() if r.name in LISTS and not r.is_api}
    missing = sorted(pages - NOT_SORTABLE - {r.name for r in PAGES})
    assert missing == [], f"list pages without sortable columns (core.listing): {missing}"
    for route in PAGES:
        assert any(c.order_by for c in route.view.columns), route.name


def _url(route: Any, cast: Cast) -> str:
    kwargs = {"association": cast.a.association.slug}
    for name in route.kwargs:
        if name != "association":
            kwargs[name] = KWARG_PROVIDERS[name](cast, cast.a)
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.parametrize("route", PAGES, ids=str)
def test_each_column_sorts_both_ways_and_bad_values_fall_back(route: Any, cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    user, grow = LISTS[route.name]
    grow(cast, 3)
    client = client_for(user)
    url = _url(route, cast)
    for column in route.view.columns:
        if not column.order_by:
            continue
        for value, aria in ((column.key, "ascending"), (f"-{column.key}", "descending")):
            response = client.get(url, {"sort": value})
            assert response.status_code == 200, (route.name, value)
            header = next(h for h in response.context["headers"] if h["label"] == column.label)
            assert header["aria_sort"] == aria, (route.name, value)
            assert f'aria-sort="{aria}"' in response.content.decode()
    for size in PAGE_SIZES:
        response = client.get(url, {"per": size})
        assert response.context["paginator"].per_page == size
    for params in (
        {"sort": "'; drop table x"},
        {"sort": "-"},
        {"per": "-1"},
        {"per": "abc"},
        {"page": "999"},
        {"per": "100000"},
        {"sort": "ö" * 300},
    ):
        response = client.get(url, params)
        assert response.status_code == 200, (route.name, params)
        assert response.context["paginator"].per_page in PAGE_SIZES


def test_the_sort_keeps_the_filters_and_resets_the_page(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("interventions:list", kwargs={"association": cast.a.association.slug})
    response = client_for("admin").get(url, {"status": "pagaende", "page": "2", "sort": "namn"})
    headers = {str(h["label"]): h for h in response.context["headers"]}
    assert "status=pagaende" in headers["Namn"]["url"] and "page=" not in headers["Namn"]["url"]
    assert "sort=-namn" in headers["Namn"]["url"]  # the sorted column's link turns the order
    assert "sort=kod" in headers["Kod"]["url"]
    assert headers["Drivs av"]["url"] == ""  # not sortable


def test_rows_come_in_the_chosen_order(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    LISTS["interventions:list"][1](cast, 5)
    url = reverse("interventions:list", kwargs={"association": cast.a.association.slug})
    client = client_for("admin")
    names = [i.name for i in client.get(url, {"sort": "namn"}).context["object_list"]]
    assert names == sorted(names)
    backwards = [i.name for i in client.get(url, {"sort": "-namn"}).context["object_list"]]
    assert backwards == sorted(names, reverse=True)
    assert issubclass(type(client.get(url).context["view"]), SortedListMixin)
