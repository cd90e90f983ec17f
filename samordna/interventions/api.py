"""API endpoints for insatser (read: whoever may see them; write: admins and their insatsansvarig)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from samordna.core.api import TenantViewSet
from samordna.core.choices import Role
from samordna.core.tenancy import INTERVENTION_EDITORS
from samordna.interventions import selectors, services
from samordna.interventions.models import Intervention
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import Member


class InterventionSerializer(serializers.ModelSerializer):
    """An insats; `run_by` lists member codes, staffing and volume targets are read-only here."""

    run_by = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Member.objects.all(), required=False)
    staffing = serializers.SerializerMethodField()
    volume_targets = serializers.SerializerMethodField()

    class Meta:
        model = Intervention
        fields = [
            "id",
            "code",
            "name",
            "orientation",
            "category",
            "follow_up_method",
            "start",
            "end",
            "status",
            "target_group",
            "description",
            "run_by",
            "staffing",
            "volume_targets",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            keep = list(self.instance.run_by.all()) if isinstance(self.instance, Intervention) else []
            offer_current_members(self.fields["run_by"], association=association, keep=keep)

    def get_staffing(self, obj: Intervention) -> list[dict[str, Any]]:
        return [{"member": s.member.code, "role": s.role, "fte": str(s.fte)} for s in obj.staffing.all()]

    def get_volume_targets(self, obj: Intervention) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for target in obj.volume_targets.all():
            result.setdefault(str(target.year), {})[target.unit] = target.value
        return result


class InterventionViewSet(TenantViewSet):
    """Insatser of one förbund."""

    model = Intervention
    serializer_class = InterventionSerializer
    write_roles = INTERVENTION_EDITORS

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Intervention.objects.none()
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            qs = selectors.interventions_for(user=self.request.user, association=self.association, roles=self.roles)
        else:
            qs = selectors.interventions_editable_by(
                user=self.request.user, association=self.association, roles=self.roles
            )
        return qs.prefetch_related("run_by", "staffing__member", "volume_targets")

    def perform_create(self, serializer: InterventionSerializer) -> None:
        if Role.ADMIN not in self.roles:
            raise PermissionDenied("Bara förbundsadministratörer skapar insatser.")
        serializer.instance = services.intervention_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: InterventionSerializer) -> None:
        serializer.instance = services.intervention_update(
            acting_user=self.request.user, intervention=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: Intervention) -> None:
        raise PermissionDenied("Insatser tas inte bort; avsluta dem i stället.")
