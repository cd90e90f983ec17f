"""Access rules for pages: which association a request is in, and which roles it holds there.

Another association's slug or object answers 404; a role that may not use a page answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from samordna.core.choices import ALL_ROLES
from samordna.core.models import Association, Membership


def associations_for(user: Any) -> QuerySet[Association]:
    """The associations a user holds any role in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Association.objects.none()
    return Association.objects.filter(memberships__user=user).distinct()


def roles_in(user: Any, association: Association) -> frozenset[str]:
    """The roles `user` holds in `association` (cached on the user object for the request)."""
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_samordna_roles", {})
    if association.pk not in cache:
        cache[association.pk] = frozenset(
            Membership.objects.filter(user=user, association=association).values_list("role", flat=True)
        )
    return cache[association.pk]


def get_association_for_user(user: Any, slug: str) -> Association:
    """The association with `slug` if `user` is a member of it, else 404."""
    try:
        return associations_for(user).get(slug=slug)
    except Association.DoesNotExist as exc:
        raise Http404("Förbundet finns inte.") from exc


class TenantMixin(AccessMixin):
    """Resolve `self.association` from the URL and enforce `allowed_roles` before anything else.

    Every page of an association's data uses this mixin (or `tenant_view` for functions),
    and the URL-walking test checks each one for anonymous, outsider and wrong-role access.
    """

    allowed_roles: frozenset[str] = ALL_ROLES
    association: Association
    roles: frozenset[str]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.association = get_association_for_user(request.user, kwargs["association"])
        self.roles = roles_in(request.user, self.association)
        if not self.roles & self.allowed_roles:
            raise PermissionDenied("Din roll ger inte tillgång till sidan.")
        request.association = self.association  # type: ignore[attr-defined]
        request.roles = self.roles  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds any of `roles` here."""
        return bool(self.roles & set(roles))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["association"] = self.association
        context["roles"] = self.roles
        return context
