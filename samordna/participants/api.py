"""API for enrollments and follow-ups: registrars of the insats only, the same services and rules as the pages.

Codes are code-list codes, insatser and members their codes, participants their pseudonym codes.
Every read of row-level data writes an access-log row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.core.api import TenantGenericViewSet, TenantViewSet
from samordna.core.audit import log_access
from samordna.core.choices import Gender
from samordna.core.models import CodeList, CodeListEntry, Municipality
from samordna.core.tenancy import REGISTRARS
from samordna.core.validators import participant_code_problem, validate_participant_code
from samordna.core.years import LAST_YEAR
from samordna.interventions.models import Intervention
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import Member
from samordna.participants import selectors, services
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus
from samordna.participants.pagination import EnrollmentPagination


def _count(data: Any) -> int:
    """Rows in a list answer (paginated or not)."""
    return len(data.get("results", [])) if isinstance(data, dict) else len(data)


class CodeField(serializers.SlugRelatedField):
    """A code-list entry by its code."""

    def __init__(self, code_list: str, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", CodeListEntry.objects.filter(list=code_list))
        super().__init__(slug_field="code", **kwargs)


class FollowUpSummarySerializer(serializers.ModelSerializer):
    """A follow-up as shown inside an enrollment."""

    occupation = CodeField(CodeList.OCCUPATION, read_only=True)
    support = CodeField(CodeList.SUPPORT, many=True, read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "months_after_end", "due_date", "status", "done_on", "occupation", "support"]


class KnownCodesPaused(exceptions.APIException):
    """429: the user is over the mismatch limit, known codes are refused for now (DRF adds Retry-After)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, detail: str, *, wait: int | None) -> None:
        super().__init__(detail)
        self.wait = wait


class EnrollmentSerializer(serializers.ModelSerializer):
    """An enrollment with its participant's pseudonym code and coarse details.

    The code is written once, when the participant is registered (empty: a new random code). After that it
    is read-only: a PUT or PATCH that would change it is refused; `POST …/change-code/` changes it.
    """

    participant = serializers.CharField(source="participant.code", required=False, allow_blank=True)
    gender = serializers.ChoiceField(Gender.choices, source="participant.gender", required=False)
    birth_year = serializers.IntegerField(
        source="participant.birth_year", required=False, min_value=1900, max_value=LAST_YEAR
    )
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), source="participant.municipality", required=False
    )
    intervention = serializers.SlugRelatedField(slug_field="code", queryset=Intervention.objects.none())
    referred_by = serializers.SlugRelatedField(
        slug_field="code", queryset=Member.objects.none(), required=False, allow_null=True
    )
    support_before = CodeField(CodeList.SUPPORT, many=True, required=False)
    occupation_before = CodeField(CodeList.OCCUPATION, required=False, allow_null=True)
    education = CodeField(CodeList.EDUCATION, required=False, allow_null=True)
    end_reason = CodeField(CodeList.END_REASON, required=False, allow_null=True)
    occupation_after = CodeField(CodeList.OCCUPATION, required=False, allow_null=True)
    support_after = CodeField(CodeList.SUPPORT, many=True, required=False)
    follow_ups = FollowUpSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "participant",
            "gender",
            "birth_year",
            "municipality",
            "intervention",
            "start_date",
            "referred_by",
            "support_before",
            "occupation_before",
            "education",
            "years_in_support_before",
            "end_date",
            "end_reason",
            "occupation_after",
            "support_after",
            "continued_planning",
            "follow_ups",
        ]

    def validate_participant(self, value: str) -> str:
        """On registration, the code rule; on a change of an enrollment, the code stays what it is."""
        if self.instance is not None:
            if value != self.instance.participant.code:
                raise serializers.ValidationError(
                    _("Deltagarkoden ändras inte här. Använd åtgärden Byt kod (POST …/change-code/).")
                )
            return value
        problem = participant_code_problem(value) if value else None
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """An unchanged code sent back with a PUT or PATCH is not written again."""
        if self.instance is not None and isinstance(attrs.get("participant"), dict):
            attrs["participant"].pop("code", None)
        return super().validate(attrs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        view = self.context.get("view")
        association = self.context.get("association")
        if association is not None and view is not None and getattr(view, "request", None) is not None:
            self.fields["intervention"].queryset = selectors.registrar_interventions(
                user=view.request.user, association=association
            )
            keep = [self.instance.referred_by_id] if isinstance(self.instance, Enrollment) else []
            offer_current_members(self.fields["referred_by"], association=association, keep=keep)


class ChangeCodeSerializer(serializers.Serializer):
    """The new pseudonym code of an enrollment's participant."""

    code = serializers.CharField(validators=[validate_participant_code])


class EnrollmentViewSet(TenantViewSet):
    """Enrollments in the registrar's insatser. DELETE is a felregistrering: the enrollment is removed.

    Another förbund's enrollment answers 404 before the role check, as on the pages. The list is ordered by
    insats, newest start first (then by id), and paged insats by insats (EnrollmentPagination).
    """

    model = Enrollment
    serializer_class = EnrollmentSerializer
    pagination_class = EnrollmentPagination
    read_roles = REGISTRARS
    write_roles = REGISTRARS
    object_before_roles = True
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Enrollment]:
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return self.with_details(
            selectors.enrollments_for(user=self.request.user, association=self.association, insatser=self.insats_ids())
        )

    @staticmethod
    def with_details(enrollments: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
        """What the serializer reads, in a fixed number of queries."""
        return enrollments.select_related(
            "participant__municipality",
            "intervention",
            "referred_by",
            "occupation_before",
            "education",
            "end_reason",
            "occupation_after",
        ).prefetch_related("support_before", "support_after", "follow_ups__support", "follow_ups__occupation")

    def insats_ids(self) -> list[int]:
        """The registrar's insatser, in their order (read once per request)."""
        if not hasattr(self, "_insats_ids"):
            self._insats_ids = selectors.registrar_intervention_ids(
                user=self.request.user, association=self.association
            )
        return self._insats_ids

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        log_access(
            user=request.user, association=self.association, what="api.enrollment_list", count=_count(response.data)
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        log_access(
            user=request.user, association=self.association, what="api.enrollment", object_id=str(kwargs.get("pk"))
        )
        return response

    @staticmethod
    def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        person = data.pop("participant", {}) or {}
        return person, data

    def perform_create(self, serializer: EnrollmentSerializer) -> None:
        """Register; a known code with other details is 400 with one neutral message (audited, counted), and
        known codes answer 429 while the user is over the mismatch limit."""
        person, data = self._split(dict(serializer.validated_data))
        try:
            serializer.instance = services.register_in(
                acting_user=self.request.user,
                code=person.get("code", ""),
                gender=person.get("gender", ""),
                birth_year=person.get("birth_year"),
                municipality=person.get("municipality"),
                **data,
            )
        except services.CodeMismatchLimit as error:
            wait = services.mismatch_retry_after(user=self.request.user, association=self.association)
            raise KnownCodesPaused(error.messages[0], wait=wait or None) from None
        except services.CodeMismatch as error:
            # register_in's transaction is rolled back by now: the audit row of the mismatch stays.
            services.code_mismatch_record(
                acting_user=self.request.user, intervention=data["intervention"], source="api"
            )
            raise serializers.ValidationError({"participant": error.messages}) from None

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        person, data = self._split(dict(serializer.validated_data))
        data.pop("intervention", None)
        with transaction.atomic():
            if person:
                services.participant_update(acting_user=request.user, participant=instance.participant, **person)
            result = services.enrollment_update(acting_user=request.user, enrollment=instance, **data)
        if result is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    def perform_destroy(self, instance: Enrollment) -> None:
        services.enrollment_remove(acting_user=self.request.user, enrollment=instance)

    @action(detail=True, methods=["post"], url_path="change-code", serializer_class=ChangeCodeSerializer)
    def change_code(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Byt deltagarkod: the participant of this enrollment gets a new code (audited without the codes)."""
        instance = self.get_object()
        serializer = ChangeCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.participant_change_code(
            acting_user=request.user, participant=instance.participant, new_code=serializer.validated_data["code"]
        )
        return Response(
            EnrollmentSerializer(self.get_queryset().get(pk=instance.pk), context=self.get_serializer_context()).data
        )


class FollowUpSerializer(serializers.ModelSerializer):
    """A follow-up after end; only status, occupation and support are written."""

    enrollment = serializers.PrimaryKeyRelatedField(read_only=True)
    participant = serializers.CharField(source="enrollment.participant.code", read_only=True)
    intervention = serializers.CharField(source="enrollment.intervention.code", read_only=True)
    status = serializers.ChoiceField(FollowUpStatus.choices)
    occupation = CodeField(CodeList.OCCUPATION, required=False, allow_null=True)
    support = CodeField(CodeList.SUPPORT, many=True, required=False)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "enrollment",
            "participant",
            "intervention",
            "months_after_end",
            "due_date",
            "status",
            "done_on",
            "occupation",
            "support",
        ]
        read_only_fields = ["months_after_end", "due_date", "done_on"]


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, TenantGenericViewSet):
    """Follow-ups in the registrar's insatser; `?due=1` lists those due this month or overdue."""

    model = FollowUp
    serializer_class = FollowUpSerializer
    read_roles = REGISTRARS
    write_roles = REGISTRARS
    object_before_roles = True

    def get_queryset(self) -> QuerySet[FollowUp]:
        if getattr(self, "swagger_fake_view", False):
            return FollowUp.objects.none()
        if self.request.query_params.get("due"):
            return selectors.due_follow_ups(user=self.request.user, association=self.association)
        return (
            selectors.follow_ups_for(user=self.request.user, association=self.association)
            .select_related("enrollment__participant", "enrollment__intervention", "occupation")
            .prefetch_related("support")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        log_access(
            user=request.user, association=self.association, what="api.follow_up_list", count=_count(response.data)
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        log_access(
            user=request.user, association=self.association, what="api.follow_up", object_id=str(kwargs.get("pk"))
        )
        return response

    def perform_update(self, serializer: FollowUpSerializer) -> None:
        data = serializer.validated_data
        instance = serializer.instance
        serializer.instance = services.follow_up_record(
            acting_user=self.request.user,
            follow_up=instance,
            status=data.get("status", instance.status),
            occupation=data.get("occupation", instance.occupation),
            support=list(data.get("support", instance.support.all())),
        )
