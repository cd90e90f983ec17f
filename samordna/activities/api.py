"""API endpoints for events (read: the activity readers; write: admins, and an insatsansvarig for their insatser)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from samordna.activities import selectors, services
from samordna.activities.models import AttendeeRole, Event
from samordna.core.api import TenantViewSet
from samordna.core.choices import Role
from samordna.core.tenancy import ACTIVITY_READERS, INTERVENTION_EDITORS
from samordna.interventions.models import Intervention


class EventSerializer(serializers.ModelSerializer):
    """An event; `intervention` is the insats code; attendance is read-only here ({"total", "by_member", "by_role"}
    with member codes, "" for others), written on the attendance page or by the import."""

    intervention = serializers.SlugRelatedField(
        slug_field="code", queryset=Intervention.objects.none(), required=False, allow_null=True
    )
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "date",
            "end_date",
            "days",
            "intervention",
            "organisers",
            "responses",
            "satisfied",
            "attendance",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association, user, roles = (self.context.get(k) for k in ("association", "user", "roles"))
        if association is not None and roles is not None:
            self.fields["intervention"].queryset = selectors.structural_interventions(
                user=user, association=association, roles=roles
            )

    def get_attendance(self, obj: Event) -> dict[str, Any]:
        by_member: dict[str, int] = {}
        by_role = {role: 0 for role in AttendeeRole.values}
        for row in obj.attendance.all():
            key = row.member.code if row.member is not None else ""
            by_member[key] = by_member.get(key, 0) + row.count
            by_role[row.role] += row.count
        return {"total": sum(by_role.values()), "by_member": by_member, "by_role": by_role}


class EventViewSet(TenantViewSet):
    """Events of one förbund with their attendance."""

    model = Event
    serializer_class = EventSerializer
    read_roles = ACTIVITY_READERS
    write_roles = INTERVENTION_EDITORS

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "roles"):
            context.update(user=self.request.user, roles=self.roles)
        return context

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        user, association, roles = self.request.user, self.association, self.roles
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            qs = selectors.events_for(user=user, association=association, roles=roles)
        else:
            qs = selectors.events_editable_by(user=user, association=association, roles=roles)
        return qs.select_related("association", "intervention").prefetch_related("attendance__member")

    def perform_create(self, serializer: EventSerializer) -> None:
        data = serializer.validated_data
        if Role.ADMIN not in self.roles and data.get("intervention") is None:
            raise PermissionDenied("En insatsansvarig lägger bara in aktiviteter i sina egna insatser.")
        serializer.instance = services.event_create(acting_user=self.request.user, association=self.association, **data)

    def perform_update(self, serializer: EventSerializer) -> None:
        data = serializer.validated_data
        if Role.ADMIN not in self.roles and "intervention" in data and data["intervention"] is None:
            raise PermissionDenied("En insatsansvarig lägger bara in aktiviteter i sina egna insatser.")
        serializer.instance = services.event_update(acting_user=self.request.user, event=serializer.instance, **data)

    def perform_destroy(self, instance: Event) -> None:
        services.event_delete(acting_user=self.request.user, event=instance)
