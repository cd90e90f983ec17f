"""Check a decoded plan JSON document (docs/contracts.md, "Plan JSON") into a `PlanSpec` of dataclasses.

Nothing here writes. Everything the services would refuse is checked first, each problem at its JSON path:
types at every level, codes (duplicates in the file, insatser and code-list codes of the förbund), choices,
a percent target 0–100, assessment years within the plan's years and `until` within its year, manual values
only for manual indicators. Only then does `applying` write, so a refused file writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.imports import ImportFailed
from samordna.core.models import Association
from samordna.interventions.models import Intervention
from samordna.planning.importer.reading import (
    MISSING,
    Reader,
    check_field,
    describe,
    join,
    read_choice,
    read_code,
    read_date,
    read_list,
    read_number,
    read_object,
    read_text,
    read_year,
)
from samordna.planning.models import (
    Assessment,
    Goal,
    GoalArea,
    GoalStatus,
    Indicator,
    MeasuredAt,
    Plan,
    PlanStatus,
    SourceKind,
    Unit,
)
from samordna.planning.sources import SourceProblems, clean_source, known_codes

TOP_KEYS = {"plan", "goal_areas"}
PLAN_KEYS = {
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
}
AREA_KEYS = {"code", "name", "goals"}
GOAL_KEYS = {"code", "text", "responsible", "interventions", "assessments", "indicators"}
INDICATOR_KEYS = {"code", "name", "target", "unit", "measured_at", "source", "values"}
ASSESSMENT_KEYS = {"year", "until", "status", "comment"}
#: Largest target or value a DecimalField(12, 2) holds.
MAX_NUMBER = Decimal("9999999999.99")
HUNDRED = Decimal(100)


@dataclass
class AssessmentSpec:
    """One verdict on a goal for a year up to a date."""

    path: str
    year: int
    until: dt.date
    status: str
    comment: Any  # text, or MISSING (an existing comment stays)


@dataclass
class IndicatorSpec:
    """One indicator; `fields` holds only what the file gives (with its position)."""

    path: str
    code: str
    fields: dict[str, Any]
    values: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class GoalSpec:
    """One goal; `interventions` is None when the file leaves them out (then they stay as they are)."""

    path: str
    code: str
    fields: dict[str, Any]
    interventions: list[Intervention] | None = None
    assessments: list[AssessmentSpec] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class AreaSpec:
    """One goal area and its goals."""

    path: str
    code: str
    fields: dict[str, Any]
    goals: list[GoalSpec] = field(default_factory=list)


@dataclass
class PlanSpec:
    """Everything a valid file asks for, ready to be applied to `association`."""

    association: Association
    code: str
    fields: dict[str, Any]
    areas: list[AreaSpec] = field(default_factory=list)


@dataclass
class _Context:
    """What the checks of one file share: the reader, the förbund's insatser, code lists and stored plan."""

    reader: Reader
    association: Association
    interventions: dict[str, Intervention]
    codes: dict[str, set[str]]
    from_year: int | None = None
    to_year: int | None = None
    #: (goal code, indicator code) → (source kind, unit) of the stored plan's indicators.
    existing: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def _keep(fields: dict[str, Any], model: Any, name: str, value: Any, path: str, ctx: _Context) -> None:
    """Put a read value into `fields` if it was given and the model field accepts it."""
    if value is MISSING or value is None:
        return
    if check_field(model, name, value, path, ctx.reader):
        fields[name] = value


def _plan(obj: dict[str, Any], ctx: _Context) -> tuple[str | None, dict[str, Any]]:
    path = "plan"
    code = read_code(obj, "code", path, ctx.reader, max_length=40)
    if code is not None and not check_field(Plan, "code", code, join(path, "code"), ctx.reader):
        code = None
    fields: dict[str, Any] = {}
    _keep(fields, Plan, "title", read_text(obj, "title", path, ctx.reader, required=True), join(path, "title"), ctx)
    years: dict[str, int | None] = {}
    for key in ("from_year", "to_year"):
        if key not in obj:
            ctx.reader.error(join(path, key), _("saknas"))
            years[key] = None
        else:
            years[key] = read_year(obj[key], join(path, key), ctx.reader)
    first, last = years["from_year"], years["to_year"]
    if first is not None and last is not None and last < first:
        ctx.reader.error(
            join(path, "to_year"),
            _("planens sista år %(to)s ligger före dess första %(from)s") % {"to": last, "from": first},
        )
    elif first is not None and last is not None:
        fields.update(from_year=first, to_year=last)
        ctx.from_year, ctx.to_year = first, last
    _keep(
        fields,
        Plan,
        "status",
        read_choice(obj, "status", path, ctx.reader, PlanStatus, what=_("status")),
        join(path, "status"),
        ctx,
    )
    adopted = read_date(obj, "adopted_on", path, ctx.reader)
    if adopted is None and "adopted_on" in obj and obj["adopted_on"] is None:
        fields["adopted_on"] = None
    elif isinstance(adopted, dt.date):
        fields["adopted_on"] = adopted
    for key in ("decision", "about", "vision", "direction"):
        _keep(fields, Plan, key, read_text(obj, key, path, ctx.reader), join(path, key), ctx)
    return code, fields


def _interventions(value: Any, path: str, ctx: _Context) -> list[Intervention] | None:
    if not isinstance(value, list):
        ctx.reader.error(path, _("ska vara en lista med insatskoder, inte %(value)s") % {"value": describe(value)})
        return None
    found: list[Intervention] = []
    for index, code in enumerate(value):
        here = join(path, index)
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)
        if not isinstance(code, str):
            ctx.reader.error(here, _("ska vara en insatskod (text), inte %(value)s") % {"value": describe(code)})
        elif code.strip() not in ctx.interventions:
            ctx.reader.error(here, _("okänd insats %(code)s i förbundet") % {"code": describe(code)})
        else:
            insats = ctx.interventions[code.strip()]
            if insats not in found:
                found.append(insats)
    return found


def _in_plan(year: int, path: str, ctx: _Context) -> bool:
    if ctx.from_year is None or ctx.to_year is None:
        return False  # the plan's years are refused already
    if not ctx.from_year <= year <= ctx.to_year:
        ctx.reader.error(
            path,
            _("året %(year)s ligger utanför planens år %(from)s–%(to)s")
            % {"year": year, "from": ctx.from_year, "to": ctx.to_year},
        )
        return False
    return True


def _assessments(items: list[Any], path: str, ctx: _Context) -> list[AssessmentSpec]:
    specs: list[AssessmentSpec] = []
    seen: dict[tuple[int, dt.date], str] = {}
    for index, raw in enumerate(items):
        here = join(path, index)
        obj = read_object(raw, here, ctx.reader, ASSESSMENT_KEYS)
        if obj is None:
            continue
        year = read_year(obj["year"], join(here, "year"), ctx.reader) if "year" in obj else None
        if "year" not in obj:
            ctx.reader.error(join(here, "year"), _("saknas"))
        if year is not None and not _in_plan(year, join(here, "year"), ctx):
            year = None
        until = read_date(obj, "until", here, ctx.reader)
        if until is MISSING or (until is None and obj.get("until") is None):
            until = dt.date(year, 12, 31) if year is not None else None
        elif until is not None and year is not None and until.year != year:
            ctx.reader.error(
                join(here, "until"), _("datumet %(date)s ligger inte i året %(year)s") % {"date": until, "year": year}
            )
            until = None
        status = read_choice(obj, "status", here, ctx.reader, GoalStatus, what=_("bedömning"))
        if status is MISSING:
            ctx.reader.error(join(here, "status"), _("saknas"))
            status = None
        comment = read_text(obj, "comment", here, ctx.reader)
        if isinstance(comment, str) and not check_field(
            Assessment, "comment", comment, join(here, "comment"), ctx.reader
        ):
            comment = None
        if year is None or until is None or status is None or comment is None:
            continue
        if (year, until) in seen:
            ctx.reader.error(
                here, _("målet bedöms redan för %(until)s i %(other)s") % {"until": until, "other": seen[year, until]}
            )
            continue
        seen[year, until] = here
        specs.append(AssessmentSpec(here, year, until, status, comment))
    return specs


def _source(obj: dict[str, Any], path: str, ctx: _Context) -> tuple[Any, Any] | None:
    """(kind, cleaned parameters) of an indicator's source, MISSING for both when the file leaves it out."""
    if "source" not in obj:
        return MISSING, MISSING
    here = join(path, "source")
    source = obj["source"]
    if not isinstance(source, dict):
        ctx.reader.error(here, _('ska vara ett objekt ({"kind": …}), inte %(value)s') % {"value": describe(source)})
        return None
    if "kind" not in source:
        ctx.reader.error(join(here, "kind"), _("saknas"))
        return None
    kind = source["kind"]
    params = {key: value for key, value in source.items() if key != "kind"}
    try:
        return kind, clean_source(kind, params, codes=ctx.codes)
    except SourceProblems as error:
        for where, message in error.problems:
            ctx.reader.error(join(here, where), message)
        return None


def _values(value: Any, path: str, kind: str, unit: str, ctx: _Context) -> dict[int, Decimal]:
    if not isinstance(value, dict):
        ctx.reader.error(path, _("ska vara ett objekt {år: värde}, inte %(value)s") % {"value": describe(value)})
        return {}
    if kind != SourceKind.MANUAL and value:
        ctx.reader.error(path, _("bara mått som anges för hand (source.kind manual) tar värden"))
        return {}
    result: dict[int, Decimal] = {}
    for key, number in value.items():
        here = join(path, key)
        year = read_year(key, here, ctx.reader, key=True)
        if year is None or not _in_plan(year, here, ctx):
            continue
        amount = read_number(number, here, ctx.reader, maximum=HUNDRED if unit == Unit.PERCENT else MAX_NUMBER)
        if amount is not None:
            result[year] = amount
    return result


def _indicator(obj: dict[str, Any], path: str, goal_code: str | None, ctx: _Context) -> IndicatorSpec | None:
    code = read_code(obj, "code", path, ctx.reader, max_length=30)
    if code is not None and not check_field(Indicator, "code", code, join(path, "code"), ctx.reader):
        code = None
    fields: dict[str, Any] = {}
    name = read_text(obj, "name", path, ctx.reader, required=True)
    _keep(fields, Indicator, "name", name, join(path, "name"), ctx)
    unit = read_choice(obj, "unit", path, ctx.reader, Unit, what=_("enhet"))
    _keep(fields, Indicator, "unit", unit, join(path, "unit"), ctx)
    measured = read_choice(obj, "measured_at", path, ctx.reader, MeasuredAt, what=_("mättidpunkt"))
    _keep(fields, Indicator, "measured_at", measured, join(path, "measured_at"), ctx)
    stored = ctx.existing.get((goal_code, code)) if goal_code is not None and code is not None else None
    effective_unit = unit if isinstance(unit, str) else (stored[1] if stored else Unit.PERCENT)
    if "target" in obj and obj["target"] is None:
        fields["target"] = None
    elif "target" in obj:
        maximum = HUNDRED if effective_unit == Unit.PERCENT else MAX_NUMBER
        target = read_number(obj["target"], join(path, "target"), ctx.reader, maximum=maximum)
        if target is not None:
            fields["target"] = target
    source = _source(obj, path, ctx)
    kind: str = SourceKind.MANUAL
    if source is not None:
        given_kind, params = source
        if given_kind is not MISSING:
            fields.update(source_kind=given_kind, params=params)
            kind = given_kind
        elif stored is not None:
            kind = stored[0]
    values: dict[int, Decimal] = {}
    if "values" in obj:
        values = _values(obj["values"], join(path, "values"), kind, effective_unit, ctx)
    if code is None:
        return None
    return IndicatorSpec(path, code, fields, values)


def _goal(obj: dict[str, Any], path: str, ctx: _Context) -> GoalSpec | None:
    code = read_code(obj, "code", path, ctx.reader, max_length=20)
    if code is not None and not check_field(Goal, "code", code, join(path, "code"), ctx.reader):
        code = None
    fields: dict[str, Any] = {}
    _keep(fields, Goal, "text", read_text(obj, "text", path, ctx.reader, required=True), join(path, "text"), ctx)
    _keep(fields, Goal, "responsible", read_text(obj, "responsible", path, ctx.reader), join(path, "responsible"), ctx)
    interventions = (
        _interventions(obj["interventions"], join(path, "interventions"), ctx) if "interventions" in obj else None
    )
    assessments = _assessments(read_list(obj, "assessments", path, ctx.reader) or [], join(path, "assessments"), ctx)
    indicators: list[IndicatorSpec] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(read_list(obj, "indicators", path, ctx.reader) or []):
        here = join(join(path, "indicators"), index)
        indicator_obj = read_object(raw, here, ctx.reader, INDICATOR_KEYS)
        if indicator_obj is None:
            continue
        spec = _indicator(indicator_obj, here, code, ctx)
        if spec is None:
            continue
        if spec.code in seen:
            ctx.reader.error(
                join(here, "code"),
                _("måttkoden %(code)s finns redan i %(other)s") % {"code": spec.code, "other": seen[spec.code]},
            )
            continue
        seen[spec.code] = here
        spec.fields["position"] = index
        indicators.append(spec)
    if code is None:
        return None
    return GoalSpec(path, code, fields, interventions, assessments, indicators)


def _areas(items: list[Any], ctx: _Context) -> list[AreaSpec]:
    areas: list[AreaSpec] = []
    area_codes: dict[str, str] = {}
    goal_codes: dict[str, str] = {}
    for index, raw in enumerate(items):
        path = join("goal_areas", index)
        obj = read_object(raw, path, ctx.reader, AREA_KEYS)
        if obj is None:
            continue
        code = read_code(obj, "code", path, ctx.reader, max_length=20)
        if code is not None and not check_field(GoalArea, "code", code, join(path, "code"), ctx.reader):
            code = None
        fields: dict[str, Any] = {"position": index}
        _keep(
            fields, GoalArea, "name", read_text(obj, "name", path, ctx.reader, required=True), join(path, "name"), ctx
        )
        goals: list[GoalSpec] = []
        for goal_index, goal_raw in enumerate(read_list(obj, "goals", path, ctx.reader) or []):
            here = join(join(path, "goals"), goal_index)
            goal_obj = read_object(goal_raw, here, ctx.reader, GOAL_KEYS)
            goal = _goal(goal_obj, here, ctx) if goal_obj is not None else None
            if goal is None:
                continue
            if goal.code in goal_codes:
                ctx.reader.error(
                    join(here, "code"),
                    _("målkoden %(code)s finns redan i %(other)s")
                    % {"code": goal.code, "other": goal_codes[goal.code]},
                )
                continue
            goal_codes[goal.code] = here
            goal.fields["position"] = goal_index
            goals.append(goal)
        if code is None:
            continue
        if code in area_codes:
            ctx.reader.error(
                join(path, "code"),
                _("målområdeskoden %(code)s finns redan i %(other)s") % {"code": code, "other": area_codes[code]},
            )
            continue
        area_codes[code] = path
        areas.append(AreaSpec(path, code, fields, goals))
    return areas


def _stored(association: Association, code: str | None, ctx: _Context) -> None:
    """What the stored plan of the same code holds that the checks need: indicator kinds, assessed years."""
    if code is None:
        return
    plan = Plan.objects.filter(association=association, code=code).first()
    if plan is None:
        return
    ctx.existing = {
        (goal_code, indicator_code): (kind, unit)
        for goal_code, indicator_code, kind, unit in Indicator.objects.filter(goal__plan=plan).values_list(
            "goal__code", "code", "source_kind", "unit"
        )
    }
    if ctx.from_year is not None and ctx.to_year is not None:
        outside = sorted(
            set(
                Assessment.objects.filter(goal__plan=plan)
                .exclude(year__gte=ctx.from_year, year__lte=ctx.to_year)
                .values_list("year", flat=True)
            )
        )
        if outside:
            ctx.reader.error(
                "plan.from_year",
                _("planen har bedömningar för %(years)s, utanför de nya åren; ta bort dem först")
                % {"years": ", ".join(str(y) for y in outside)},
            )


def validate(data: Any, *, association: Association) -> PlanSpec:
    """Check a decoded plan document for `association`; ImportFailed lists every problem by its JSON path."""
    reader = Reader()
    if not isinstance(data, dict):
        reader.error(
            "", _('filen ska innehålla ett JSON-objekt ({"plan": …}), inte %(value)s') % {"value": describe(data)}
        )
        raise ImportFailed(reader.problems)
    ctx = _Context(
        reader=reader,
        association=association,
        interventions={i.code: i for i in Intervention.objects.filter(association=association)},
        codes=known_codes(),
    )
    read_object(data, "", reader, TOP_KEYS)
    code: str | None = None
    fields: dict[str, Any] = {}
    if "plan" not in data:
        reader.error("plan", _("saknas"))
    else:
        plan_obj = read_object(data["plan"], "plan", reader, PLAN_KEYS)
        if plan_obj is not None:
            code, fields = _plan(plan_obj, ctx)
    _stored(association, code, ctx)
    areas = _areas(read_list(data, "goal_areas", "", reader) or [], ctx)
    reader.problems.raise_if_any()
    assert code is not None
    return PlanSpec(association=association, code=code, fields=fields, areas=areas)
