"""API endpoints for the verksamhetsplan: plans, goals, indicators (with their computed value) and assessments.

Read: admin and viewer (`PUBLISHED_READERS`); write: admins, through `planning.services`. Indicators carry their
value for `?year=` (default this year), computed for the whole page with one `indicators.measure` call; a reader
who is not an admin gets the published value instead (from the year's publication, `planning.published`, as the
published goal report shows it), and none built on a count of 1..k−1 (the förbund's threshold).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.core.api import TenantViewSet
from samordna.core.choices import Role
from samordna.core.tenancy import PUBLISHED_READERS
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention
from samordna.planning import services
from samordna.planning.indicators import Measure, measure, met
from samordna.planning.models import Assessment, Goal, GoalArea, Indicator, Plan
from samordna.planning.published import published_measures, source_for


def _association_of(serializer: serializers.Serializer) -> Any:
    return serializer.context.get("association")


class PlanSerializer(serializers.ModelSerializer):
    """A plan with its goal areas (read-only here; the import and the pages edit them)."""

    areas = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "from_year",
            "to_year",
            "status",
            "adopted_on",
            "decision",
            "about",
            "vision",
            "direction",
            "areas",
        ]

    def get_areas(self, plan: Plan) -> list[dict[str, Any]]:
        return [{"id": a.pk, "code": a.code, "name": a.name, "position": a.position} for a in plan.areas.all()]


class GoalSerializer(serializers.ModelSerializer):
    """A goal; `plan` and `area` are ids, `interventions` insats codes of the förbund."""

    interventions = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Intervention.objects.none(), required=False
    )

    class Meta:
        model = Goal
        fields = ["id", "plan", "area", "code", "text", "responsible", "interventions", "position"]
        validators: list[Any] = []  # the services check a code once per plan, with their Swedish message

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = _association_of(self)
        if association is not None:
            self.fields["plan"].queryset = Plan.objects.filter(association=association)
            self.fields["area"].queryset = GoalArea.objects.filter(plan__association=association)
            self.fields["interventions"].child_relation.queryset = Intervention.objects.filter(association=association)


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator (mått) with its value for the requested year: a share 0–1 for percent, a number for count."""

    values = serializers.SerializerMethodField()
    year = serializers.SerializerMethodField()
    value = serializers.SerializerMethodField()
    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()
    met = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "goal",
            "code",
            "name",
            "target",
            "unit",
            "measured_at",
            "source_kind",
            "params",
            "position",
            "values",
            "year",
            "value",
            "numerator",
            "denominator",
            "met",
        ]
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = _association_of(self)
        if association is not None:
            self.fields["goal"].queryset = Goal.objects.filter(association=association)

    def _measure(self, indicator: Indicator) -> Measure | None:
        return self.context.get("measures", {}).get(indicator.pk)

    def get_values(self, indicator: Indicator) -> dict[str, str]:
        return {str(v.year): str(v.value) for v in indicator.values.all()}

    def get_year(self, indicator: Indicator) -> int | None:
        return self.context.get("year")

    def get_value(self, indicator: Indicator) -> Decimal | None:
        found = self._measure(indicator)
        return found.value if found else None

    def get_numerator(self, indicator: Indicator) -> int | None:
        found = self._measure(indicator)
        return found.numerator if found else None

    def get_denominator(self, indicator: Indicator) -> int | None:
        found = self._measure(indicator)
        return found.denominator if found else None

    def get_met(self, indicator: Indicator) -> bool | None:
        found = self._measure(indicator)
        return met(indicator, found.value) if found else None


class AssessmentSerializer(serializers.ModelSerializer):
    """A verdict on a goal for a year up to a date (`until`, default 31 December); setting one again changes it."""

    until = serializers.DateField(required=False)

    class Meta:
        model = Assessment
        fields = ["id", "goal", "year", "until", "status", "comment", "assessed_by", "assessed_at"]
        read_only_fields = ["assessed_by", "assessed_at"]
        validators: list[Any] = []  # one verdict per goal, year and date: assessment_set creates or changes it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        association = _association_of(self)
        if association is not None:
            self.fields["goal"].queryset = Goal.objects.filter(association=association)


def _unchanged(instance: Any, data: dict[str, Any], names: tuple[str, ...]) -> None:
    """Refuse a change of fields that say what an object is (its plan or goal, an assessment's period)."""
    for name in names:
        if name in data and data[name] != getattr(instance, name):
            raise ValidationError({name: [_("Kan inte ändras; skapa en ny i stället.")]})
        data.pop(name, None)


def _digits(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


class PlanViewSet(TenantViewSet):
    """Verksamhetsplaner of one förbund."""

    model = Plan
    serializer_class = PlanSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("areas")

    def perform_create(self, serializer: PlanSerializer) -> None:
        serializer.instance = services.plan_create(
            acting_user=self.request.user, association=self.association, **serializer.validated_data
        )

    def perform_update(self, serializer: PlanSerializer) -> None:
        serializer.instance = services.plan_update(
            acting_user=self.request.user, plan=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: Plan) -> None:
        services.plan_delete(acting_user=self.request.user, plan=instance)


class GoalViewSet(TenantViewSet):
    """Goals of the förbund's plans; `?plan=ID` lists one plan's."""

    model = Goal
    serializer_class = GoalSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return qs
        plan = _digits(self.request, "plan")
        if plan is not None:
            qs = qs.filter(plan_id=plan)
        return qs.prefetch_related("interventions")

    def perform_create(self, serializer: GoalSerializer) -> None:
        serializer.instance = services.goal_create(acting_user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: GoalSerializer) -> None:
        data = dict(serializer.validated_data)
        _unchanged(serializer.instance, data, ("plan",))
        serializer.instance = services.goal_update(acting_user=self.request.user, goal=serializer.instance, **data)

    def perform_destroy(self, instance: Goal) -> None:
        services.goal_delete(acting_user=self.request.user, goal=instance)


class _GoalChildViewSet(TenantViewSet):
    """Rows that belong to a goal: the förbund's through the goal, filtered by `?goal=ID` or `?plan=ID`."""

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        goals = Goal.objects.for_user(self.request.user, self.association)
        qs = self.model.objects.filter(goal__in=goals.values("pk"))
        goal = _digits(self.request, "goal")
        if goal is not None:
            qs = qs.filter(goal_id=goal)
        plan = _digits(self.request, "plan")
        if plan is not None:
            qs = qs.filter(goal__plan_id=plan)
        return qs


class IndicatorViewSet(_GoalChildViewSet):
    """Indicators with their value for `?year=` (default this year): one computation for the whole page."""

    model = Indicator
    serializer_class = IndicatorSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().prefetch_related("values")

    def _year(self) -> int:
        raw = self.request.query_params.get("year")
        if raw is None or raw == "":
            return dt.date.today().year
        if not raw.isdigit() or not FIRST_YEAR <= int(raw[:5]) <= LAST_YEAR:
            raise ValidationError(
                {"year": [_("Ange ett år %(first)s–%(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}]}
            )
        return int(raw)

    def _measures(self, indicators: list[Indicator]) -> dict[int, Measure]:
        """The value of each indicator for the year; small counts hidden for readers who are not admins."""
        year = self._year()
        found = measure(indicators, association=self.association, year=year) if indicators else {}
        self.year = year
        if Role.ADMIN in self.roles:
            return found
        # Anyone else gets what the published goal report shows: computed values from the year's publication
        # (planning.published), never a count made anew, and none built on 1..k−1.
        source = source_for(self.association, year, dt.date(year, 12, 31))
        found.update(published_measures(indicators, found, source))
        k = self.association.suppression_threshold
        return {pk: m if _shown(m, k) else Measure(None, reason="suppressed") for pk, m in found.items()}

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["measures"] = getattr(self, "measures", {})
        context["year"] = getattr(self, "year", None)
        return context

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._year()  # a bad ?year= is a 400 before any work
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self.measures = self._measures(rows)
        serializer = self.get_serializer(rows, many=True)
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.measures = self._measures([instance])
        return Response(self.get_serializer(instance).data)

    def perform_create(self, serializer: IndicatorSerializer) -> None:
        serializer.instance = services.indicator_create(acting_user=self.request.user, **serializer.validated_data)
        self.measures = self._measures([serializer.instance])

    def perform_update(self, serializer: IndicatorSerializer) -> None:
        data = dict(serializer.validated_data)
        _unchanged(serializer.instance, data, ("goal",))
        serializer.instance = services.indicator_update(
            acting_user=self.request.user, indicator=serializer.instance, **data
        )
        self.measures = self._measures([serializer.instance])

    def perform_destroy(self, instance: Indicator) -> None:
        services.indicator_delete(acting_user=self.request.user, indicator=instance)


def _shown(found: Measure, threshold: int) -> bool:
    """Whether a value may be shown to a reader of published figures: no count of 1..k−1 behind it."""
    return all(count is None or not 0 < count < threshold for count in (found.numerator, found.denominator))


class AssessmentViewSet(_GoalChildViewSet):
    """Assessments (verdicts) of the förbund's goals; POST sets one for a goal, year and date."""

    model = Assessment
    serializer_class = AssessmentSerializer
    read_roles = PUBLISHED_READERS

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("goal")

    def perform_create(self, serializer: AssessmentSerializer) -> None:
        serializer.instance = services.assessment_set(acting_user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: AssessmentSerializer) -> None:
        instance = serializer.instance
        data = dict(serializer.validated_data)
        _unchanged(instance, data, ("goal", "year", "until"))
        serializer.instance = services.assessment_set(
            acting_user=self.request.user,
            goal=instance.goal,
            year=instance.year,
            until=instance.until,
            status=data.get("status", instance.status),
            comment=data.get("comment", instance.comment),
        )

    def perform_destroy(self, instance: Assessment) -> None:
        services.assessment_delete(acting_user=self.request.user, assessment=instance)
