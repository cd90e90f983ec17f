"""Sortable, paginated list pages: `SortedListMixin` for a ListView, `sorted_page` for a hand-made list.

A list names its `columns`: a key for the URL, a label, and the fields it sorts by (none: not sortable).
`?sort=key` sorts ascending, `?sort=-key` descending (ties by id, so pages never overlap), `?per=` picks a page
size among `PAGE_SIZES`, `?page=` a page; anything else in the query string (the filters) is kept in every link.
A value that is not one of these falls back to the default, never to an error. The headers
(`generic/sort_headers.html`) are links with `aria-sort` on the sorted column; `generic/pagination.html` has the
page links and the page-size choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import QueryDict

PAGE_SIZES = (25, 50, 100, 200)


@dataclass(frozen=True)
class Column:
    """A column of a list page: `order_by` names the fields it sorts by (empty: not sortable)."""

    key: str
    label: Any
    order_by: tuple[str, ...] = ()
    css: str = ""


def parse_sort(columns: Sequence[Column], raw: str, default: str) -> tuple[Column | None, bool]:
    """(column, descending) asked for by `raw` ("key" or "-key"), else by `default`."""
    for value in (raw, default):
        descending = value.startswith("-")
        key = value.removeprefix("-")
        column = next((c for c in columns if c.key == key and c.order_by), None)
        if column is not None:
            return column, descending
    return None, False


def apply_sort(queryset: QuerySet[Any], column: Column | None, descending: bool) -> QuerySet[Any]:
    """The queryset in the column's order (empty values last either way), ties by id."""
    if column is None:
        return queryset if queryset.ordered else queryset.order_by("pk")
    order = [F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True) for name in column.order_by]
    return queryset.order_by(*order, "-pk" if descending else "pk")


def page_size(params: Mapping[str, Any], default: int) -> int:
    """The page size asked for in `?per=`, if it is one of PAGE_SIZES."""
    try:
        size = int(params.get("per", default))
    except (TypeError, ValueError):
        return default
    return size if size in PAGE_SIZES else default


def _query(params: QueryDict, **changes: Any) -> str:
    query = params.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = str(value)
    return query.urlencode()


def list_context(
    params: QueryDict, columns: Sequence[Column], column: Column | None, descending: bool, per_page: int
) -> dict[str, Any]:
    """The headers (with links and aria-sort), the page sizes and the query string of the filters."""
    headers = []
    for c in columns:
        current = column is not None and c.key == column.key
        next_value = f"-{c.key}" if current and not descending else c.key
        headers.append(
            {
                "label": c.label,
                "css": c.css,
                "url": f"?{_query(params, sort=next_value, page=None)}" if c.order_by else "",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    sizes = [{"size": s, "url": f"?{_query(params, per=s, page=None)}", "current": s == per_page} for s in PAGE_SIZES]
    return {"headers": headers, "page_sizes": sizes, "per_page": per_page, "query": _query(params, page=None)}


class SortedListMixin:
    """A ListView whose rows can be sorted by column and shown 25–200 to a page (see the module docstring)."""

    columns: Sequence[Column] = ()
    default_sort: str = ""
    paginate_by = 50

    def sort_choice(self) -> tuple[Column | None, bool]:
        return parse_sort(self.columns, self.request.GET.get("sort", ""), self.default_sort)  # type: ignore[attr-defined]

    def get_paginate_by(self, queryset: Any) -> int:
        return page_size(self.request.GET, self.paginate_by)  # type: ignore[attr-defined]

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        """Sort, then the asked-for page; a page number out of range shows the nearest page (never 404)."""
        column, descending = self.sort_choice()
        paginator = Paginator(apply_sort(queryset, column, descending), page_size)
        page = paginator.get_page(self.request.GET.get("page"))  # type: ignore[attr-defined]
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        column, descending = self.sort_choice()
        per_page = self.get_paginate_by(None)
        context.update(list_context(self.request.GET, self.columns, column, descending, per_page))  # type: ignore[attr-defined]
        return context


def sorted_page(
    queryset: QuerySet[Any], params: QueryDict, columns: Sequence[Column], default_sort: str, default_size: int = 50
) -> tuple[Page, dict[str, Any]]:
    """For a list that is not a ListView: the asked-for page of the sorted queryset, and the context of the kit."""
    column, descending = parse_sort(columns, params.get("sort", ""), default_sort)
    per_page = page_size(params, default_size)
    page = Paginator(apply_sort(queryset, column, descending), per_page).get_page(params.get("page"))
    context = list_context(params, columns, column, descending, per_page)
    context.update(page_obj=page, paginator=page.paginator, is_paginated=page.has_other_pages())
    return page, context
