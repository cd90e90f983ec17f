"""Access rules for pages: the förbund a request is in and the roles it holds there (`core.tenancy`).

Another association's slug or object answers 404; a role that may not use a page answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponse

from samordna.core.models import Association
from samordna.core.tenancy import ALL_ROLES, Tenancy, associations_for, resolve, roles_in

__all__ = ["TenantMixin", "associations_for", "get_association_for_user", "roles_in"]


def get_association_for_user(user: Any, slug: str) -> Association:
    """The association with `slug` if `user` is a member of it, else 404."""
    return resolve(user, slug).association


class TenantMixin(AccessMixin):
    """Resolve `self.association` from the URL and enforce `allowed_roles` before anything else.

    Every page of an association's data uses this mixin (or a subclass such as
    `participants.access.RegistrarMixin`), and the URL-walking test checks each one for anonymous,
    outsider and wrong-role access, including users with two roles in one förbund.
    """

    allowed_roles: frozenset[str] = ALL_ROLES
    association: Association
    roles: frozenset[str]
    tenancy: Tenancy

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enter(request, resolve(request.user, kwargs["association"]))
        self.check_before_roles(request, **kwargs)
        self.tenancy.require(self.allowed_roles)
        self.check_after_roles(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def enter(self, request: HttpRequest, tenancy: Tenancy) -> None:
        """Remember the resolved förbund and roles on the view and the request (navigation reads them)."""
        self.tenancy = tenancy
        self.association = tenancy.association
        self.roles = tenancy.roles
        request.association = tenancy.association  # type: ignore[attr-defined]
        request.roles = tenancy.roles  # type: ignore[attr-defined]

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        """Hook: 404 for another förbund's object named in the URL, before the role check (none by default)."""

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        """Hook: checks that need an allowed role, e.g. the user's assignment to an insats (none by default)."""

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds any of `roles` here."""
        return self.tenancy.has(*roles)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["association"] = self.association
        context["roles"] = self.roles
        return context
