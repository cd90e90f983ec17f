"""API base: the same tenancy and role rules as the pages (another förbund → 404, wrong role → 403)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import permissions, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

from samordna.core.choices import ALL_ROLES, Role
from samordna.core.models import Association
from samordna.core.permissions import associations_for, roles_in


class TenantRolePermission(permissions.BasePermission):
    """Resolve the association from the URL; read needs `read_roles`, write needs `write_roles`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        try:
            association = associations_for(request.user).get(slug=view.kwargs["association"])
        except Association.DoesNotExist as exc:
            raise NotFound("Förbundet finns inte.") from exc
        view.association = association
        view.roles = roles_in(request.user, association)
        wanted = view.read_roles if request.method in permissions.SAFE_METHODS else view.write_roles
        return bool(view.roles & wanted)


class TenantViewSet(viewsets.ModelViewSet):
    """A model viewset scoped to one association; writes go through the app's services."""

    permission_classes = [permissions.IsAuthenticated, TenantRolePermission]
    read_roles: frozenset[str] = ALL_ROLES
    write_roles: frozenset[str] = frozenset({Role.ADMIN})
    association: Association
    roles: frozenset[str]
    model: Any = None

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.for_user(self.request.user, self.association)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["association"] = getattr(self, "association", None)
        return context


def raise_drf(error: DjangoValidationError) -> None:
    """Turn a service's ValidationError into the API's 400 answer."""
    raise ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})
