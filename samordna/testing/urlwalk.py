"""Walk the URLconf: every page and API route, with what the access tests need to call it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

# Routes that are not a förbund's data; everything else must live under an `association` kwarg.
PUBLIC_OR_GLOBAL = {
    "home",
    "login",
    "logout",
    "set_language",
    "api-schema",
    "api-token",
    "two-factor",
    "two-factor-verify",
    "account",
    "password_change",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "help-index",  # the help pages: the same text for every logged-in user (core.help)
    "help",
    # a national job of the operator (core.job_views): staff only, and only the operator who started it
    "operator-national",
    "operator-job",
    "operator-job-status",
    "operator-job-file",
    # the anonymous survey form of a round and its thank-you page: no login, no förbund in the URL, only the
    # round's random token (surveys/tests/test_public.py)
    "survey-public",
    "survey-thanks",
}
# A förbund's routes that show one user's own object: every other user, whatever their roles, gets 404.
# The generic walk cannot call them for every role; core/tests/test_jobs.py walks them (owned_routes()).
USER_OWNED_ROUTES = {"core:job", "core:job-status", "core:job-file"}
SKIPPED_NAMESPACES = {"admin"}  # the operator's Django admin, guarded by is_staff


@dataclass(frozen=True)
class Route:
    """One URL pattern with its full name, keyword names and view."""

    name: str
    kwargs: tuple[str, ...]
    view: Any
    is_api: bool

    @property
    def model(self) -> Any:
        return getattr(self.view, "model", None) or getattr(getattr(self.view, "queryset", None), "model", None)

    @property
    def method(self) -> str:
        """GET, or POST for action views that only take POST."""
        names = getattr(self.view, "http_method_names", ["get"])
        return "get" if "get" in names else "post"

    def allowed_roles(self, method: str = "GET") -> frozenset[str]:
        """The roles that may call the route (API: read roles for GET, write roles otherwise)."""
        if self.is_api:
            return self.view.read_roles if method == "GET" else self.view.write_roles
        return self.view.allowed_roles

    def allows(self, roles: frozenset[str], method: str = "GET") -> bool:
        """Whether a user holding `roles` (one or several) may call the route: any one allowed role is enough."""
        return bool(roles & self.allowed_roles(method))

    @property
    def is_api_list(self) -> bool:
        """An API route that answers a list of rows (DRF names them `<basename>-list`)."""
        return self.is_api and self.name.endswith("-list")

    def __str__(self) -> str:
        return self.name


def _kwarg_names(pattern: Any) -> list[str]:
    return list(pattern.regex.groupindex)


def _walk(patterns: list[Any], namespace: str, kwargs: list[str], is_api: bool) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        names = kwargs + _kwarg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            api = is_api or str(entry.pattern).startswith("api/")
            routes += _walk(entry.url_patterns, inner_ns, names, api)
        elif isinstance(entry, URLPattern) and entry.name:
            callback = entry.callback
            view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
            api_route = is_api or hasattr(callback, "cls")
            routes.append(Route(f"{namespace}{entry.name}", tuple(dict.fromkeys(names)), view, api_route))
    return routes


def all_routes() -> list[Route]:
    """Every named route of the project."""
    return _walk(get_resolver().url_patterns, "", [], False)


def tenant_routes() -> list[Route]:
    """Every route of a förbund's data (those taking `association`), except one user's own objects."""
    return [r for r in all_routes() if "association" in r.kwargs and r.name not in USER_OWNED_ROUTES]


def owned_routes() -> list[Route]:
    """The routes of USER_OWNED_ROUTES."""
    return [r for r in all_routes() if r.name in USER_OWNED_ROUTES]


def global_routes() -> list[Route]:
    """Routes that do not take `association`."""
    return [r for r in all_routes() if "association" not in r.kwargs]
