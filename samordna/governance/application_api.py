"""API endpoints for funding applications and the decisions register (read: admins and the board; write:
admins, through the services; a refusal is a 400 with Swedish messages)."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.core.api import TenantGenericViewSet, TenantViewSet
from samordna.core.tenancy import ADMINS, NOBODY, PUBLISHED_READERS
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.governance import application_services as services
from samordna.governance import selectors
from samordna.governance.models import DECISION_STATUSES, AgendaItem, Application
from samordna.interventions.models import Intervention
from samordna.organisations.choices import offer_current_members
from samordna.organisations.models import Member


class AmountsField(serializers.DictField):
    """Amounts per year: {"2025": 500000}; whole kronor ≥ 0 (checked by the services)."""

    child = serializers.JSONField()

    def to_representation(self, value: Any) -> dict[str, int]:
        return value


class ApplicationSerializer(serializers.ModelSerializer):
    """An application: applicants by member code, amounts per year, status and the deciding § (read-only)."""

    applicants = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Member.objects.none())
    amounts = AmountsField()
    granted = serializers.SerializerMethodField()
    decided_by = serializers.PrimaryKeyRelatedField(read_only=True)
    decision = serializers.SerializerMethodField()
    intervention = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "name", "applicants", "contact_name", "contact_title", "received_on", "orientation",
                  "start_year", "end_year", "amounts", "granted", "purpose", "target_group", "expected_results",
                  "applicant_budget", "status", "opinion", "decided_by", "decision", "intervention"]  # fmt: skip
        read_only_fields = ["status", "opinion"]
        extra_kwargs = {"received_on": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            keep = list(self.instance.applicants.all()) if isinstance(self.instance, Application) else []
            offer_current_members(self.fields["applicants"], association=association, keep=keep)

    def to_representation(self, instance: Application) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["amounts"] = {str(a.year): a.requested for a in instance.amounts.all()}
        return data

    def get_granted(self, application: Application) -> dict[str, int] | None:
        granted = {str(a.year): a.granted for a in application.amounts.all() if a.granted is not None}
        return granted or None

    def get_decision(self, application: Application) -> dict[str, Any] | None:
        item = application.decided_by
        if item is None:
            return None
        return {"label": item.label, "date": item.meeting.date.isoformat(), "title": item.title}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_year", getattr(self.instance, "start_year", None))
        end = attrs.get("end_year", getattr(self.instance, "end_year", None))
        for name, year in (("start_year", start), ("end_year", end)):
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                raise serializers.ValidationError({name: f"Ett år {FIRST_YEAR}–{LAST_YEAR}."})
        return attrs


class DecideSerializer(serializers.Serializer):
    """A decision on an application: outcome, the deciding §, granted amounts (delvis), insats or new code."""

    outcome = serializers.ChoiceField([s.value for s in DECISION_STATUSES])
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    granted = serializers.DictField(child=serializers.JSONField(), required=False)
    intervention = serializers.SlugRelatedField(
        slug_field="code", queryset=Intervention.objects.none(), required=False, allow_null=True
    )
    code = serializers.CharField(required=False, allow_blank=True, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = self.context.get("association")
        if association is not None:
            self.fields["item"].queryset = AgendaItem.objects.for_association(association).select_related("meeting")
            self.fields["intervention"].queryset = Intervention.objects.for_association(association)


class OpinionSerializer(serializers.Serializer):
    """The beredningsgrupp's opinion."""

    opinion = serializers.CharField(max_length=10_000)


class ApplicationViewSet(TenantViewSet):
    """Funding applications of one förbund; `prepare` and `decide` move them on."""

    model = Application
    serializer_class = ApplicationSerializer
    read_roles = PUBLISHED_READERS
    write_roles = ADMINS
    object_before_roles = True  # another förbund's application: 404 before the method (the actions are POST)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.applications(user=self.request.user, association=self.association).order_by("-received_on")

    def perform_create(self, serializer: ApplicationSerializer) -> None:
        data = dict(serializer.validated_data)
        created = services.application_create(acting_user=self.request.user, association=self.association, **data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def perform_update(self, serializer: ApplicationSerializer) -> None:
        application = Application.objects.get(pk=serializer.instance.pk)
        services.application_update(acting_user=self.request.user, application=application,
                                    **serializer.validated_data)  # fmt: skip
        serializer.instance = self.get_queryset().get(pk=application.pk)

    def perform_destroy(self, instance: Application) -> None:
        raise serializers.ValidationError("En ansökan tas inte bort; den avslås eller bordläggs av styrelsen.")

    def _answer(self, pk: int) -> Response:
        return Response(
            ApplicationSerializer(self.get_queryset().get(pk=pk), context=self.get_serializer_context()).data
        )

    @action(detail=True, methods=["post"], serializer_class=OpinionSerializer)
    def prepare(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Under beredning, with the beredningsgrupp's opinion."""
        application = self.get_object()
        serializer = OpinionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_prepare(acting_user=request.user, application=application, **serializer.validated_data)
        return self._answer(application.pk)

    @action(detail=True, methods=["post"], serializer_class=DecideSerializer)
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The board's decision in a § of a held meeting (a grant budgets the money on the insats)."""
        application = self.get_object()
        serializer = DecideSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.application_decide(acting_user=request.user, application=application, **serializer.validated_data)
        return self._answer(application.pk)


class DecisionSerializer(serializers.ModelSerializer):
    """A decision: the § of a held meeting, its Att-clauses and what it decided."""

    label = serializers.CharField(read_only=True)
    date = serializers.DateField(source="meeting.date", read_only=True)
    organ = serializers.CharField(source="meeting.organ", read_only=True)
    applications = serializers.SerializerMethodField()
    budgets = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "date", "organ", "number", "label", "title", "decision", "applications", "budgets"]

    def get_applications(self, item: AgendaItem) -> list[dict[str, Any]]:
        return [{"id": a.pk, "name": a.name, "status": a.status} for a in item.applications.all()]

    def get_budgets(self, item: AgendaItem) -> list[dict[str, Any]]:
        adoptions = self.context.get("adoptions", {})
        return [{"year": b.year, "version": b.version} for b in adoptions.get(item.pk, [])]


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantGenericViewSet):
    """The decisions register (read only): ?q=text&year=&number=&concerns=ansokan|budget|ovrigt."""

    model = AgendaItem
    serializer_class = DecisionSerializer
    read_roles = PUBLISHED_READERS
    write_roles = NOBODY

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return AgendaItem.objects.none()
        params = self.request.query_params

        def number(name: str, low: int, high: int) -> int | None:
            text = params.get(name, "")
            if not text:
                return None
            if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
                raise serializers.ValidationError({name: f"Ett heltal {low}–{high}."})
            return int(text)

        concerns = params.get("concerns", "")
        if concerns not in ("", "ansokan", "budget", "ovrigt"):
            raise serializers.ValidationError({"concerns": "ansokan, budget eller ovrigt."})
        return selectors.decisions(
            user=self.request.user,
            association=self.association,
            text=params.get("q", "")[:200],
            year=number("year", FIRST_YEAR, LAST_YEAR),
            number=number("number", 1, 100_000),
            concerns=concerns,
        ).order_by("-meeting__date", "-number")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "association", None) is not None:
            context["adoptions"] = selectors.budget_adoptions_by_item(association=self.association)
        return context
