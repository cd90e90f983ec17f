"""API base: the same tenancy and role rules as the pages (`core.tenancy`), and one place for service refusals.

Another förbund → 404; (with `object_before_roles`) another förbund's object → 404; wrong role → 403.
A Django `ValidationError` raised by a service anywhere in a view becomes a 400 with the service's messages,
so views call their services without a try/except of their own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.core.models import Association
from samordna.core.tenancy import ADMINS, ALL_ROLES, Tenancy, resolve


def drf_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400 answer (field messages kept by field)."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


def raise_drf(error: DjangoValidationError) -> None:
    """Raise a service's ValidationError as the API's 400 answer (the base views do this for you)."""
    raise drf_error(error)


class TenantRolePermission(permissions.BasePermission):
    """Resolve the association from the URL; read needs the view's `read_roles`, write its `write_roles`.

    With `object_before_roles = True` on the view, a `pk` in the URL that is not an object of the
    association answers 404 before the role check (as the participant pages do).
    """

    message = _("Din roll ger inte tillgång till detta.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        tenancy = resolve(request.user, view.kwargs["association"])
        view.tenancy = tenancy
        view.association = tenancy.association
        view.roles = tenancy.roles
        if getattr(view, "object_before_roles", False):
            _require_own_object(view)
        wanted = view.read_roles if request.method in permissions.SAFE_METHODS else view.write_roles
        return tenancy.allows(wanted)


def _require_own_object(view: Any) -> None:
    """404 unless the URL's `pk` names an object of the view's model in the resolved association."""
    pk = view.kwargs.get("pk")
    if pk is None:
        return
    try:
        exists = view.model.objects.filter(association=view.association, pk=pk).exists()
    except (DjangoValidationError, ValueError, TypeError):
        exists = False
    if not exists:
        raise NotFound(_("Finns inte."))


def _nul_path(data: Any, path: str = "", depth: int = 0) -> str | None:
    """The path of the first NUL character in a parsed request (keys and values), or None.

    PostgreSQL cannot hold a NUL in text, and a NUL reaching a lookup (a code-list slug, a related code) is
    a database error, not a refusal: so a request that carries one is refused whole, before any query.
    """
    if depth > 50:
        return path or "."
    if isinstance(data, str):
        return (path or ".") if "\x00" in data else None
    if isinstance(data, dict) or hasattr(data, "lists"):
        items = data.lists() if hasattr(data, "lists") else data.items()
        for key, value in items:
            here = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return here
            found = _nul_path(value, here, depth + 1)
            if found:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = _nul_path(value, f"{path}[{index}]", depth + 1)
            if found:
                return found
    return None


class TenantAPIMixin:
    """What every API view of a förbund's data shares: tenancy, roles, and service refusals as 400."""

    permission_classes = [permissions.IsAuthenticated, TenantRolePermission]
    read_roles: frozenset[str] = ALL_ROLES
    write_roles: frozenset[str] = ADMINS
    object_before_roles: bool = False
    association: Association
    roles: frozenset[str]
    tenancy: Tenancy
    model: Any = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """After the access checks: refuse a request that carries a NUL character anywhere (400, not 500)."""
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        for data in (request.query_params, request.data if request.method not in permissions.SAFE_METHODS else {}):
            path = _nul_path(data)
            if path:
                raise ValidationError(
                    {path: [_("Texten innehåller ett styrtecken (NUL, 0x00), som inte kan sparas. Ta bort det.")]}
                )

    def handle_exception(self, exc: Exception) -> Response:
        """A service's Django ValidationError becomes a 400 with its Swedish messages, never a 500."""
        if isinstance(exc, DjangoValidationError):
            exc = drf_error(exc)
        return super().handle_exception(exc)  # type: ignore[misc]


class TenantGenericViewSet(TenantAPIMixin, viewsets.GenericViewSet):
    """A generic viewset scoped to one association; add the DRF mixins you need."""

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.for_user(self.request.user, self.association)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["association"] = getattr(self, "association", None)
        return context


class TenantViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    TenantGenericViewSet,
):
    """A model viewset scoped to one association; writes go through the app's services."""
