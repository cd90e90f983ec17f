"""API for budget lines and amounts (read: admin and viewer; write: admin). Viewers get adopted versions only."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from samordna.core.api import TenantViewSet
from samordna.core.choices import Role
from samordna.core.tenancy import PUBLISHED_READERS
from samordna.finance import services
from samordna.finance.models import ADOPTED_VERSIONS, BudgetAmount, BudgetLine
from samordna.interventions.models import Intervention


def visible_versions(roles: frozenset[str]) -> frozenset[str]:
    """Admins see every version; everyone else only the adopted ones (budget, plan, actual)."""
    return frozenset({"budget", "plan", "forecast", "actual"}) if Role.ADMIN in roles else ADOPTED_VERSIONS


class BudgetLineSerializer(serializers.ModelSerializer):
    """A budget line; `intervention` is the insats code."""

    intervention = serializers.SlugRelatedField(
        slug_field="code", queryset=Intervention.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = BudgetLine
        fields = ["id", "code", "name", "category", "intervention", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            self.fields["intervention"].queryset = Intervention.objects.for_association(association)


class BudgetLineViewSet(TenantViewSet):
    """Budget lines (kostnadsställen) of one förbund."""

    model = BudgetLine
    serializer_class = BudgetLineSerializer
    read_roles = PUBLISHED_READERS

    def perform_create(self, serializer: BudgetLineSerializer) -> None:
        serializer.instance = services.budget_line_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: BudgetLineSerializer) -> None:
        serializer.instance = services.budget_line_update(
            acting_user=self.request.user, line=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: BudgetLine) -> None:
        raise PermissionDenied("Budgetrader tas inte bort via API:t.")


class BudgetAmountSerializer(serializers.ModelSerializer):
    """One amount: line code, year, version, amount (income +, costs −), comment."""

    line = serializers.SlugRelatedField(slug_field="code", queryset=BudgetLine.objects.none())

    class Meta:
        model = BudgetAmount
        fields = ["id", "line", "year", "version", "amount", "comment"]
        validators: list[Any] = []  # (line, year, version) is an upsert key: create sets the existing row

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            self.fields["line"].queryset = BudgetLine.objects.for_association(association)


class BudgetAmountViewSet(TenantViewSet):
    """Budget amounts; filter with ?year= and ?version=. POST sets (creates or changes) one amount."""

    model = BudgetAmount
    serializer_class = BudgetAmountSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return qs
        qs = qs.filter(version__in=visible_versions(self.roles)).select_related("line")
        params = self.request.query_params
        if params.get("year", "").isdigit():
            qs = qs.filter(year=int(params["year"]))
        if params.get("version"):
            qs = qs.filter(version=params["version"])
        return qs

    def _set(self, data: dict[str, Any]) -> BudgetAmount | None:
        return services.budget_amount_set(
            acting_user=self.request.user,
            line=data["line"],
            year=data["year"],
            version=data["version"],
            amount=data["amount"],
            comment=data.get("comment"),
        )

    def perform_create(self, serializer: BudgetAmountSerializer) -> None:
        serializer.instance = self._set(serializer.validated_data)

    def perform_update(self, serializer: BudgetAmountSerializer) -> None:
        instance = serializer.instance
        data = {
            "line": instance.line,
            "year": instance.year,
            "version": instance.version,
            "amount": instance.amount,
            "comment": instance.comment,
            **serializer.validated_data,
        }
        if (data["line"], data["year"], data["version"]) != (instance.line, instance.year, instance.version):
            raise ValidationError({"detail": ["Rad, år och version kan inte ändras; skapa ett nytt belopp."]})
        serializer.instance = self._set(data)

    def perform_destroy(self, instance: BudgetAmount) -> None:
        services.budget_amount_set(
            acting_user=self.request.user, line=instance.line, year=instance.year, version=instance.version, amount=None
        )
