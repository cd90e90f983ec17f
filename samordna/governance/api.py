"""API endpoints for board meetings and their §§ (read: admins and the board; write: admins, through the
services; a justerat protocol refuses any write with a 400 and a Swedish message)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from samordna.core.api import TenantViewSet
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.governance import selectors, services
from samordna.governance.models import AgendaItem, Meeting, MeetingStatus


class AgendaItemSerializer(serializers.ModelSerializer):
    """A §: its number and label (read-only), title, text, proposals, decision, reservations."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    label = serializers.CharField(read_only=True)
    decision = serializers.ListField(child=serializers.CharField(max_length=2000), required=False)
    proposals = serializers.JSONField(required=False)
    reservations = serializers.JSONField(required=False)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "position", "number", "label", "title", "text", "proposals", "decision",
                  "reservations", "immediate_adjustment", "documents"]  # fmt: skip
        read_only_fields = ["position", "number"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            self.fields["meeting"].queryset = Meeting.objects.for_association(association)

    def get_documents(self, item: AgendaItem) -> list[str]:
        return [d.name for d in item.documents.all()]

    def _shape(self, value: Any, keys: tuple[str, ...], field: str) -> None:
        if not isinstance(value, list) or not all(isinstance(v, dict) and set(v) <= set(keys) for v in value):
            raise serializers.ValidationError({field: f"En lista av objekt med {', '.join(keys)}."})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "proposals" in attrs:
            self._shape(attrs["proposals"], ("by", "clauses"), "proposals")
        if "reservations" in attrs:
            self._shape(attrs["reservations"], ("by", "written"), "reservations")
        return attrs


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting with its attendance, §§, justering and anslag (those read-only here)."""

    items = AgendaItemSerializer(many=True, read_only=True)
    attendance = serializers.SerializerMethodField()
    adjusters = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "organ", "date", "place", "start_time", "end_time", "kind", "status", "first_number",
                  "chair", "secretary", "attendance", "adjusters", "justified_on", "posting_published",
                  "posting_removed", "posting_storage", "posting_responsible", "items"]  # fmt: skip
        read_only_fields = ["justified_on", "posting_published", "posting_removed", "posting_storage",
                            "posting_responsible"]  # fmt: skip

    def get_attendance(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [
            {
                "name": r.name,
                "role": r.role,
                "present": r.present,
                "member": r.member.code if r.member else None,
                "title": r.title,
            }  # fmt: skip
            for r in meeting.attendance.all()
        ]

    def get_adjusters(self, meeting: Meeting) -> list[dict[str, Any]]:
        return [{"name": a.name, "signed_on": a.signed_on} for a in meeting.adjusters.all()]

    def validate_status(self, value: str) -> str:
        if value == MeetingStatus.JUSTIFIED:
            raise serializers.ValidationError("Ett protokoll blir justerat genom justeringen.")
        return value


class MeetingViewSet(TenantViewSet):
    """Meetings of one förbund."""

    model = Meeting
    serializer_class = MeetingSerializer
    read_roles = PUBLISHED_READERS
    write_roles = ADMINS

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        return selectors.meeting_with_items(super().get_queryset().select_related("association")).order_by("-date")

    def perform_create(self, serializer: MeetingSerializer) -> None:
        serializer.instance = services.meeting_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: MeetingSerializer) -> None:
        meeting = Meeting.objects.get(pk=serializer.instance.pk)
        services.meeting_update(acting_user=self.request.user, meeting=meeting, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=meeting.pk)

    def perform_destroy(self, instance: Meeting) -> None:
        services.meeting_delete(acting_user=self.request.user, meeting=instance)


class AgendaItemViewSet(TenantViewSet):
    """The §§ of one förbund's meetings."""

    model = AgendaItem
    serializer_class = AgendaItemSerializer
    read_roles = PUBLISHED_READERS
    write_roles = ADMINS

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AgendaItem.objects.none()
        return (
            super()
            .get_queryset()
            .select_related("association", "meeting")
            .prefetch_related("documents")
            .order_by("meeting__date", "position")
        )

    def perform_create(self, serializer: AgendaItemSerializer) -> None:
        data = dict(serializer.validated_data)
        meeting = data.pop("meeting")
        serializer.instance = services.item_add(acting_user=self.request.user, meeting=meeting, **data)

    def perform_update(self, serializer: AgendaItemSerializer) -> None:
        data = dict(serializer.validated_data)
        item = AgendaItem.objects.select_related("meeting", "association").get(pk=serializer.instance.pk)
        if data.pop("meeting", item.meeting) != item.meeting:
            raise serializers.ValidationError({"meeting": "En paragraf kan inte flyttas till ett annat möte."})
        serializer.instance = services.item_update(acting_user=self.request.user, item=item, **data)

    def perform_destroy(self, instance: AgendaItem) -> None:
        services.item_delete(acting_user=self.request.user, item=instance)
