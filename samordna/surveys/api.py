"""API endpoints for questionnaires and survey rounds: read only (answers come only through the public form).

Questionnaires list their versions and questions; rounds name their questionnaire, version, insats or event and,
for admins and the insatsansvariga who manage them, the number of answers. Results are the `survey` report
(pages and `samordna report survey`), not the API.
"""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers

from samordna.core.api import TenantGenericViewSet
from samordna.core.tenancy import ACTIVITY_READERS, NOBODY
from samordna.surveys import selectors
from samordna.surveys.models import Question, Questionnaire, QuestionnaireVersion, SurveyRound


class QuestionSerializer(serializers.ModelSerializer):
    """One question of a version."""

    class Meta:
        model = Question
        fields = ["id", "code", "position", "kind", "text", "low_label", "high_label", "choices", "required"]


class VersionSerializer(serializers.ModelSerializer):
    """A questionnaire version with its questions; `locked` once it has answers."""

    questions = QuestionSerializer(many=True, read_only=True)
    locked = serializers.SerializerMethodField()

    class Meta:
        model = QuestionnaireVersion
        fields = ["number", "created", "locked", "questions"]

    def get_locked(self, obj: QuestionnaireVersion) -> bool:
        return obj.pk in self.context.get("locked_versions", set())


class QuestionnaireSerializer(serializers.ModelSerializer):
    """A questionnaire with its versions, newest first."""

    versions = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["id", "code", "name", "respondent_group", "intro", "versions"]

    def get_versions(self, obj: Questionnaire) -> list[dict[str, Any]]:
        ordered = sorted(obj.versions.all(), key=lambda v: -v.number)
        return VersionSerializer(ordered, many=True, context=self.context).data  # type: ignore[return-value]


class QuestionnaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantGenericViewSet):
    """The förbund's questionnaires (read only)."""

    model = Questionnaire
    serializer_class = QuestionnaireSerializer
    read_roles = ACTIVITY_READERS
    write_roles = NOBODY

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Questionnaire.objects.none()
        return (
            selectors.questionnaires_for(user=self.request.user, association=self.association)
            .prefetch_related("versions__questions")
            .order_by("code", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "association"):
            context["locked_versions"] = set(
                QuestionnaireVersion.objects.filter(
                    questionnaire__association=self.association, rounds__responses__isnull=False
                ).values_list("pk", flat=True)
            )
        return context


class SurveyRoundSerializer(serializers.ModelSerializer):
    """A survey round; `answers` only for those who manage it (null for others), never the answers themselves."""

    questionnaire = serializers.CharField(source="version.questionnaire.code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    intervention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    event = serializers.SlugRelatedField(slug_field="code", read_only=True)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "code",
            "questionnaire",
            "version",
            "intervention",
            "event",
            "starts_on",
            "ends_on",
            "mode",
            "max_responses",
            "is_open",
            "answers",
        ]

    def get_answers(self, obj: SurveyRound) -> int | None:
        return getattr(obj, "answers", None) if obj.pk in self.context.get("editable", set()) else None


class SurveyRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantGenericViewSet):
    """The survey rounds the user sees (read only; no answers are taken here)."""

    model = SurveyRound
    serializer_class = SurveyRoundSerializer
    read_roles = ACTIVITY_READERS
    write_roles = NOBODY

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return SurveyRound.objects.none()
        qs = selectors.rounds_for(user=self.request.user, association=self.association, roles=self.roles)
        return selectors.with_counts(qs).order_by("-starts_on", "code", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if hasattr(self, "roles"):
            context["editable"] = set(
                selectors.rounds_editable_by(
                    user=self.request.user, association=self.association, roles=self.roles
                ).values_list("pk", flat=True)
            )
        return context
