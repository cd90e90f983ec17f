"""Read-side queries of the verksamhetsplan: the plan as a tree for a period, a goal's years, the goal matrix of
an insats, and who may assess which goal.

Each read takes a fixed number of queries whatever the number of goal areas, goals and indicators: the tree is
read in four queries (areas, goals with their insatser, indicators, assessments) and the values through
`indicators.measure` (one grouped query per kind).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Model, OuterRef, QuerySet

from samordna.core.choices import Role
from samordna.core.models import Association
from samordna.core.years import FIRST_YEAR
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import interventions_editable_by
from samordna.planning.charts import indicator_chart
from samordna.planning.indicators import Measure, goal_interventions, known_without_counting, measure, measure_years
from samordna.planning.models import Assessment, Goal, GoalArea, GoalStatus, Indicator, IndicatorValue, Plan, SourceKind
from samordna.planning.presentation import STATUS_CLASSES, IndicatorRow, chart_value, indicator_row
from samordna.planning.published import for_reader

#: At most this many years in a goal page's chart of an indicator (the plan's years, and earlier ones with data).
CHART_YEARS = 5

#: Given the ids of a goal's insatser, whether the reader is shown its internal values (the views decide: an
#: admin always, an insatsansvarig when they may see all of them, a läsare never).
SeesInsatser = Callable[[frozenset[int]], bool]


def in_association(model: type[Model], association: Association) -> QuerySet[Any]:
    """The rows of a planning model that belong to the förbund, with what their pages read joined in."""
    if model is Plan:
        return Plan.objects.for_association(association)
    if model is GoalArea:
        return GoalArea.objects.filter(plan__association=association).select_related("plan__association")
    if model is Goal:
        return Goal.objects.filter(association=association).select_related("plan__association", "area", "association")
    if model is Indicator:
        return Indicator.objects.filter(goal__association=association).select_related(
            "goal__plan__association", "goal__association"
        )
    if model is Assessment:
        return Assessment.objects.filter(goal__association=association).select_related(
            "goal__plan__association", "goal__association"
        )
    raise ValueError(f"not a planning model: {model!r}")


def plans_of(association: Association) -> QuerySet[Plan]:
    """The förbund's plans, newest first, with their number of goals (one query)."""
    return (
        Plan.objects.for_association(association)
        .annotate(goal_count=Count("goals"))
        .order_by("-from_year", "-to_year", "code")
    )


def default_year(plan: Plan, today: dt.date | None = None) -> int:
    """The year a plan's page opens on: this year if the plan covers it, else the plan's last year."""
    year = (today or dt.date.today()).year
    return year if plan.covers(year) else plan.to_year


def plan_contents(plan: Plan) -> dict[str, int]:
    """What goes with a plan when it is deleted: goal areas, goals, indicators, assessments, values."""
    return {
        "areas": GoalArea.objects.filter(plan=plan).count(),
        "goals": Goal.objects.filter(plan=plan).count(),
        "indicators": Indicator.objects.filter(goal__plan=plan).count(),
        "assessments": Assessment.objects.filter(goal__plan=plan).count(),
        "values": IndicatorValue.objects.filter(indicator__goal__plan=plan).count(),
    }


def assessable_goals(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Goal]:
    """Goals a user may assess: every goal for admins; for an insatsansvarig the goals linked to one of the
    insatser they may edit (`interventions_editable_by`: their active assignments); none for the others."""
    goals = Goal.objects.for_user(user, association)
    if Role.ADMIN in roles:
        return goals
    if Role.INTERVENTION_MANAGER not in roles:
        return goals.none()
    editable = interventions_editable_by(user=user, association=association, roles=roles).values("pk")
    linked = Goal.interventions.through.objects.filter(goal_id=OuterRef("pk"), intervention_id__in=editable)
    return goals.filter(Exists(linked))


def latest_assessments(goal_ids: list[int], *, year: int, until: dt.date | None) -> dict[int, Assessment]:
    """Goal id → its latest assessment of the year up to `until` (default: the whole year), one query."""
    qs = Assessment.objects.filter(goal_id__in=goal_ids, year=year)
    if until is not None:
        qs = qs.filter(until__lte=until)
    found: dict[int, Assessment] = {}
    for assessment in qs.order_by("goal_id", "until").select_related("assessed_by"):
        found[assessment.goal_id] = assessment
    return found


@dataclass
class GoalNode:
    """A goal in the tree: its verdict for the period, its insatser and its indicators' figures."""

    goal: Goal
    assessment: Assessment | None
    interventions: list[Intervention]
    indicators: list[IndicatorRow]
    can_assess: bool = False

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else GoalStatus.NOT_ASSESSED

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[GoalStatus(self.status)]


@dataclass
class AreaNode:
    """A goal area with its goals."""

    area: GoalArea
    goals: list[GoalNode] = field(default_factory=list)


@dataclass(frozen=True)
class StatusCount:
    """How many goals have one status in the period."""

    status: str
    label: str
    css: str
    count: int


@dataclass
class PlanTree:
    """A plan for one period: goal areas → goals → indicators, and the number of goals per status."""

    plan: Plan
    year: int
    until: dt.date | None
    areas: list[AreaNode]
    counts: list[StatusCount]

    @property
    def goal_count(self) -> int:
        return sum(len(a.goals) for a in self.areas)


def _linked_interventions(goals: list[Goal]) -> dict[int, list[Intervention]]:
    """Goal id → its insatser, in code order (one query)."""
    through = Goal.interventions.through
    linked: dict[int, list[Intervention]] = defaultdict(list)
    rows = (
        through.objects.filter(goal_id__in=[g.pk for g in goals])
        .select_related("intervention")
        .order_by("intervention__code")
    )
    for row in rows:
        linked[row.goal_id].append(row.intervention)
    return linked


def plan_tree(
    plan: Plan,
    *,
    year: int,
    until: dt.date | None = None,
    assessable: set[int] | None = None,
    may_see: SeesInsatser,
) -> PlanTree:
    """The plan as a tree for `year` up to `until`, in a fixed number of queries; `assessable` holds the ids of
    the goals the reader may assess, `may_see` which goals' internal values the reader is shown (`reader_values`)."""
    areas = [AreaNode(area) for area in GoalArea.objects.filter(plan=plan)]
    by_area = {node.area.pk: node for node in areas}
    goals = list(Goal.objects.filter(plan=plan).select_related("association"))
    indicators = list(Indicator.objects.filter(goal__plan=plan))
    measures = reader_values(indicators, association=plan.association, year=year, until=until, may_see=may_see)
    rows: dict[int, list[IndicatorRow]] = defaultdict(list)
    for indicator in indicators:
        rows[indicator.goal_id].append(indicator_row(indicator, measures[indicator.pk]))
    assessments = latest_assessments([g.pk for g in goals], year=year, until=until)
    linked = _linked_interventions(goals)
    tally: Counter[str] = Counter()
    for goal in goals:
        node = GoalNode(
            goal=goal,
            assessment=assessments.get(goal.pk),
            interventions=linked.get(goal.pk, []),
            indicators=rows.get(goal.pk, []),
            can_assess=assessable is not None and goal.pk in assessable,
        )
        tally[node.status] += 1
        by_area[goal.area_id].goals.append(node)
    counts = [StatusCount(s.value, str(s.label), STATUS_CLASSES[s], tally[s.value]) for s in GoalStatus]
    return PlanTree(plan=plan, year=year, until=until, areas=areas, counts=counts)


@dataclass
class IndicatorYears:
    """An indicator over the years of a goal page's chart: each year's figures, and the chart itself."""

    indicator: Indicator
    years: list[tuple[int, IndicatorRow | None]]
    chart: Any


def chart_years(plan: Plan, today: dt.date | None = None) -> list[int]:
    """The years a goal page may chart: up to `CHART_YEARS` ending with the plan's last year that has begun."""
    last = min(plan.to_year, (today or dt.date.today()).year)
    if last < plan.from_year:
        return []
    return list(range(max(FIRST_YEAR, last - CHART_YEARS + 1), last + 1))


def indicator_years(
    goal: Goal, indicators: list[Indicator], *, may_see: SeesInsatser, today: dt.date | None = None
) -> list[IndicatorYears]:
    """Each indicator's figures per year for the chart: the plan's years that have begun, and before them the
    years that have a value (at most `CHART_YEARS` years in all). One `measure` per year."""
    plan = goal.plan
    years = chart_years(plan, today)
    linked = goal_interventions([goal.pk])
    seen = [i for i in indicators if i.source_kind == SourceKind.MANUAL or may_see(linked.get(i.goal_id, frozenset()))]
    outside = [i for i in indicators if i not in seen]
    values = measure_years(seen, association=goal.association, years=years) if seen else {}
    reused: dict[str, Any] = {}  # what every year's published values share (the goal's insatser, …)
    for year in years if outside else []:  # as published, never counted for the page (two queries a year)
        known = known_without_counting(outside, association=goal.association, year=year, linked=linked)
        published = for_reader(
            outside, known, association=goal.association, year=year, until=None, internal=lambda i: False, reused=reused
        )
        for pk, value in published.items():
            values.setdefault(pk, {})[year] = value
    result = []
    for indicator in indicators:
        per_year = values.get(indicator.pk, {})
        shown = [y for y in years if y >= plan.from_year or (y in per_year and per_year[y].value is not None)]
        if shown and shown[0] < plan.from_year:  # from the first earlier year with data on
            shown = [y for y in years if y >= shown[0]]
        rows = [(y, indicator_row(indicator, per_year[y]) if y in per_year else None) for y in shown]
        chart = indicator_chart(
            indicator,
            [(y, chart_value(indicator, row.measure.value) if row else None) for y, row in rows],
        )
        result.append(IndicatorYears(indicator=indicator, years=rows, chart=chart))
    return result


def goals_of_intervention(intervention: Intervention, *, year: int) -> list[Goal]:
    """The goals linked to an insats in the plans that cover `year`, with their plan and indicators."""
    linked = Goal.interventions.through.objects.filter(goal_id=OuterRef("pk"), intervention_id=intervention.pk)
    return list(
        Goal.objects.filter(association_id=intervention.association_id, plan__from_year__lte=year)
        .filter(plan__to_year__gte=year)
        .filter(Exists(linked))
        .select_related("plan", "area", "association")
        .prefetch_related("indicators")
        .order_by("plan__code", "area__position", "area__code", "position", "code")
    )


@dataclass(frozen=True)
class MatrixRow:
    """One line of the RMGT goal matrix: the goal (on its first indicator's line) and one indicator."""

    goal: Goal
    first: bool
    span: int
    row: IndicatorRow | None


def matrix(intervention: Intervention, *, year: int, may_see: SeesInsatser) -> list[MatrixRow]:
    """The goal matrix of an insats for a year: mål / mått / när det mäts / målvärde / värde / uppfyllt."""
    goals = goals_of_intervention(intervention, year=year)
    indicators = [i for g in goals for i in g.indicators.all()]
    measures = reader_values(indicators, association=intervention.association, year=year, until=None, may_see=may_see)
    lines: list[MatrixRow] = []
    for goal in goals:
        own = list(goal.indicators.all())
        if not own:
            lines.append(MatrixRow(goal, True, 1, None))
        for index, indicator in enumerate(own):
            lines.append(MatrixRow(goal, index == 0, len(own), indicator_row(indicator, measures[indicator.pk])))
    return lines


def reader_values(
    indicators: list[Indicator], *, association: Association, year: int, until: dt.date | None, may_see: SeesInsatser
) -> dict[int, Measure]:
    """The indicators' values as this reader is shown them: internal for the goals whose insatser `may_see`
    allows, else as published (`planning.published.for_reader`)."""
    linked = goal_interventions(i.goal_id for i in indicators)
    computed = measure(indicators, association=association, year=year, until=until, linked=linked)
    return _shown(indicators, computed, association, year, until, may_see, linked)


def _shown(
    indicators: list[Indicator],
    computed: dict[int, Measure],
    association: Association,
    year: int,
    until: dt.date | None,
    may_see: SeesInsatser,
    linked: dict[int, frozenset[int]],
    reused: dict[str, Any] | None = None,
) -> dict[int, Measure]:
    return for_reader(
        indicators,
        computed,
        association=association,
        year=year,
        until=until,
        internal=lambda i: may_see(linked.get(i.goal_id, frozenset())),
        reused=reused,
    )
