"""Apply a checked `PlanSpec` through the planning services, in one transaction, writing only what differs.

Upsert: the plan by its code in the förbund, goal areas and goals by code in the plan, indicators by code in
their goal, assessments by year and date, manual values by year. Nothing in the database that the file does
not name is removed. Importing the same file twice writes nothing (and no audit rows) the second time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from samordna.core.audit import record
from samordna.core.imports import ImportFailed, Problem, apply_all
from samordna.core.imports.summary import ChangeSummary, changed_fields
from samordna.core.models import AuditEntry
from samordna.planning import services
from samordna.planning.importer.reading import MISSING
from samordna.planning.importer.validation import GoalSpec, IndicatorSpec, PlanSpec
from samordna.planning.models import Assessment, Goal, GoalArea, Indicator, IndicatorValue, Plan

KINDS = {
    "plan": (N_("plan"), N_("planer")),
    "area": (N_("målområde"), N_("målområden")),
    "goal": (N_("mål"), N_("mål")),
    "indicator": (N_("mått"), N_("mått")),
    "assessment": (N_("bedömning"), N_("bedömningar")),
    "value": (N_("värde"), N_("värden")),
}


@dataclass(kw_only=True)
class PlanImportSummary(ChangeSummary):
    """What a plan import created and changed, counted per kind of object."""

    KINDS: ClassVar[dict[str, tuple[str, str]]] = KINDS
    plan: Plan

    def describe(self) -> str:
        """A short Swedish summary: what was created and changed, or that nothing was."""
        return self.describe_as(self.plan.title, self.plan.code)


class _Apply:
    """The writes of one import; `path` is the JSON path of what is being written, for a refusal."""

    def __init__(self, acting_user: Any, spec: PlanSpec, filename: str) -> None:
        self.acting_user = acting_user
        self.spec = spec
        self.filename = filename
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def run(self) -> PlanImportSummary:
        plan = self._plan()
        stored_areas = {a.code: a for a in plan.areas.all()}
        stored_goals = {g.code: g for g in plan.goals.prefetch_related("interventions")}
        indicators: dict[tuple[int, str], Indicator] = {
            (i.goal_id, i.code): i for i in Indicator.objects.filter(goal__plan=plan)
        }
        assessments = {(a.goal_id, a.year, a.until): a for a in Assessment.objects.filter(goal__plan=plan)}
        values = {(v.indicator_id, v.year): v.value for v in IndicatorValue.objects.filter(indicator__goal__plan=plan)}
        for area_spec in self.spec.areas:
            area = stored_areas.get(area_spec.code)
            if area is None:
                area = self._write(
                    area_spec.path, services.area_create, plan=plan, code=area_spec.code, **area_spec.fields
                )
                self.created["area"] += 1
            elif changes := changed_fields(area, area_spec.fields):
                self._write(area_spec.path, services.area_update, area=area, **changes)
                self.updated["area"] += 1
            for goal_spec in area_spec.goals:
                goal = self._goal(plan, area, goal_spec, stored_goals.get(goal_spec.code))
                for assessment in goal_spec.assessments:
                    existing = assessments.get((goal.pk, assessment.year, assessment.until))
                    comment = assessment.comment
                    if comment is MISSING:
                        comment = existing.comment if existing else ""
                    if existing and existing.status == assessment.status and existing.comment == comment:
                        continue
                    self._write(
                        assessment.path,
                        services.assessment_set,
                        goal=goal,
                        year=assessment.year,
                        until=assessment.until,
                        status=assessment.status,
                        comment=comment,
                    )
                    (self.updated if existing else self.created)["assessment"] += 1
                for indicator_spec in goal_spec.indicators:
                    indicator = self._indicator(goal, indicator_spec, indicators.get((goal.pk, indicator_spec.code)))
                    for year, value in indicator_spec.values.items():
                        old = values.get((indicator.pk, year))
                        if old == value:
                            continue
                        self._write(
                            f"{indicator_spec.path}.values.{year}",
                            services.indicator_value_set,
                            indicator=indicator,
                            year=year,
                            value=value,
                        )
                        (self.updated if old is not None else self.created)["value"] += 1
        summary = PlanImportSummary(plan=plan, created=self.created, updated=self.updated)
        if summary.changed_anything:  # an import that changes nothing leaves no trace
            record(
                acting_user=self.acting_user,
                association=self.spec.association,
                action=AuditEntry.Action.IMPORT,
                obj=plan,
                object_repr=(_("Planimport %(code)s") % {"code": plan.code})[:200],
                changes={"file": self.filename[:200], "created": dict(self.created), "updated": dict(self.updated)},
            )
        return summary

    def _write(self, path: str, service: Any, **kwargs: Any) -> Any:
        """Call a service; a refusal (which the checks should have caught) refuses the import at `path`."""
        try:
            return service(acting_user=self.acting_user, **kwargs)
        except ValidationError as error:
            raise ImportFailed([Problem(None, "", " ".join(error.messages), path=path)]) from error

    def _plan(self) -> Plan:
        spec = self.spec
        plan = Plan.objects.filter(association=spec.association, code=spec.code).first()
        if plan is None:
            self.created["plan"] += 1
            return self._write(
                "plan", services.plan_create, association=spec.association, code=spec.code, **spec.fields
            )
        if changes := changed_fields(plan, spec.fields):
            self.updated["plan"] += 1
            return self._write("plan", services.plan_update, plan=plan, **changes)
        return plan

    def _goal(self, plan: Plan, area: GoalArea, spec: GoalSpec, goal: Goal | None) -> Goal:
        if goal is None:
            self.created["goal"] += 1
            return self._write(
                spec.path,
                services.goal_create,
                plan=plan,
                area=area,
                code=spec.code,
                interventions=spec.interventions or [],
                **spec.fields,
            )
        changes = changed_fields(goal, spec.fields)
        if goal.area_id != area.pk:
            changes["area"] = area
        interventions = None
        if spec.interventions is not None:
            old = sorted(i.pk for i in goal.interventions.all())
            if old != sorted(i.pk for i in spec.interventions):
                interventions = spec.interventions
        if changes or interventions is not None:
            self.updated["goal"] += 1
            return self._write(spec.path, services.goal_update, goal=goal, interventions=interventions, **changes)
        return goal

    def _indicator(self, goal: Goal, spec: IndicatorSpec, indicator: Indicator | None) -> Indicator:
        if indicator is None:
            self.created["indicator"] += 1
            return self._write(spec.path, services.indicator_create, goal=goal, code=spec.code, **spec.fields)
        if changes := changed_fields(indicator, spec.fields):
            self.updated["indicator"] += 1
            return self._write(spec.path, services.indicator_update, indicator=indicator, **changes)
        return indicator


def apply_spec(*, acting_user: Any, spec: PlanSpec, filename: str = "") -> PlanImportSummary:
    """Write a checked plan in one transaction (all or nothing); returns what was created and changed.

    An import that writes anything also leaves one import row in the audit trail (the file's name and the counts),
    which the start page lists among the latest imports.
    """
    return apply_all(_Apply(acting_user, spec, filename).run)
