"""API endpoints for members and board seats (read: admin, viewer, insatsansvarig; write: admin)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from samordna.core.api import TenantViewSet
from samordna.core.models import Municipality
from samordna.core.tenancy import MEMBER_READERS, PUBLISHED_READERS
from samordna.organisations import services
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import BoardSeat, Member


class MemberSerializer(serializers.ModelSerializer):
    """A member; `municipality` is the kommunkod."""

    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), allow_null=True, required=False
    )
    populations = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = ["id", "code", "name", "kind", "municipality", "populations"]

    def get_populations(self, member: Member) -> dict[str, int]:
        return {str(p.year): p.population for p in member.populations.all()}


class BoardSeatSerializer(serializers.ModelSerializer):
    """A board seat; `appointed_by` is the member's code."""

    appointed_by = serializers.SlugRelatedField(slug_field="code", queryset=Member.objects.all())

    class Meta:
        model = BoardSeat
        fields = ["id", "person_name", "seat_type", "office", "appointed_by", "term_start", "term_end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            keep = [self.instance.appointed_by_id] if isinstance(self.instance, BoardSeat) else []
            offer_current_members(self.fields["appointed_by"], association=association, keep=keep)


class MemberViewSet(TenantViewSet):
    """Members of one förbund."""

    model = Member
    serializer_class = MemberSerializer
    read_roles = MEMBER_READERS

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("municipality").prefetch_related("populations")

    def perform_create(self, serializer: MemberSerializer) -> None:
        serializer.instance = services.member_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: MemberSerializer) -> None:
        serializer.instance = services.member_update(
            acting_user=self.request.user, member=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: Member) -> None:
        raise ValidationError({"detail": "Medlemmar tas inte bort; de kan ha historik."})


class BoardSeatViewSet(TenantViewSet):
    """Board seats of one förbund."""

    model = BoardSeat
    serializer_class = BoardSeatSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("appointed_by")

    def perform_create(self, serializer: BoardSeatSerializer) -> None:
        serializer.instance = services.board_seat_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: BoardSeatSerializer) -> None:
        serializer.instance = services.board_seat_update(
            acting_user=self.request.user, seat=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: BoardSeat) -> None:
        services.board_seat_delete(acting_user=self.request.user, seat=instance)
