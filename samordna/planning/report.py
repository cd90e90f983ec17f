"""The `goals` report kind: goal follow-up of a verksamhetsplan for a year, up to a date (docs/contracts.md).

`goals_report(association=…, year=…, until=…, plan=…, publish=…)` builds the contract's JSON (plan, year,
until, goal areas → goals with status and comment → indicators with value, numerator, denominator and met,
and the status counts) and two tables: "Måluppföljning" in the layout of the årsredovisning (seed 002: goal,
status, comment) and "Mått" (each indicator with what it is built on). The `Måluppföljning` table is what
the delårsrapport and årsredovisning documents reuse.

Which plan: `--plan CODE`, else the plan that covers the year (an adopted one before a draft, then the
latest). A goal's status is its assessment for the year with the latest `until` up to the report's date;
without one it is "ej bedömt".

Published (`--publish`): only for a fixed period (the year, or the year to a month end). Statuses, comments,
targets and manual values are the förbund's own words and are shown; a value computed from participant data
comes from the period's publication (`planning.published`), never from a count made anew, and is null when
its numerator or denominator is 1..k−1 (docs/contracts.md) or when the publication does not hold it.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.models import Association
from samordna.core.years import parse_year
from samordna.planning.indicators import NO_DATA, NO_INSATSER, NOT_YET, Measure, measure, met
from samordna.planning.models import Assessment, GoalStatus, Indicator, MeasuredAt, Plan, PlanStatus, SourceKind, Unit
from samordna.planning.published import HIDDEN, NO_PUBLICATION, NOT_PUBLISHED, published_measures, source_for
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.tables import Column, Kind, Report, RowStyle, Table, format_number, json_number

KIND = "goals"
STATUS_LABELS = dict(GoalStatus.choices)
MEASURED_LABELS = dict(MeasuredAt.choices)
REASONS = {
    NO_DATA: gettext_lazy("ingen data"),
    NOT_YET: gettext_lazy("ingen data (uppgiften finns inte i Samordna än)"),
    NO_INSATSER: gettext_lazy("ingen data (målet är inte kopplat till någon insats)"),
    NOT_PUBLISHED: gettext_lazy("publiceras inte (ingår inte i periodens publicering)"),
    NO_PUBLICATION: gettext_lazy("publiceras inte (perioden har ingen publicering)"),
}
#: Sources whose values are counts of participants (published only when no small count shows).
COMPUTED = frozenset(SourceKind.values) - {SourceKind.MANUAL}


def parse_until(value: Any, year: int) -> dt.date:
    """The report's last day: an ISO date in the year (default 31 December); Swedish ValidationError otherwise."""
    if value in (None, ""):
        return dt.date(year, 12, 31)
    if isinstance(value, dt.date):
        until = value
    else:
        try:
            until = dt.date.fromisoformat(str(value).strip())
        except ValueError as error:
            raise ValidationError(
                _("Till och med: ”%(v)s” är inte ett datum (ÅÅÅÅ-MM-DD).") % {"v": str(value)[:20]}
            ) from error
    if until.year != year:
        raise ValidationError(_("Till och med: %(d)s ligger inte i år %(y)s.") % {"d": until.isoformat(), "y": year})
    return until


def plan_for(association: Association, year: int, code: str | None = None) -> Plan:
    """The plan a report of the year follows (see the module docstring); ValidationError when there is none."""
    plans = Plan.objects.filter(association=association)
    if code:
        plan = plans.filter(code=code).first()
        if plan is None:
            raise ValidationError(_("Förbundet har ingen plan med koden ”%(c)s”.") % {"c": str(code)[:40]})
        if not plan.covers(year):
            raise ValidationError(
                _("Planen %(c)s gäller %(f)s–%(t)s, inte %(y)s.")
                % {"c": plan.code, "f": plan.from_year, "t": plan.to_year, "y": year}
            )
        return plan
    covering = sorted(
        plans.filter(from_year__lte=year, to_year__gte=year),
        key=lambda p: (p.status == PlanStatus.ADOPTED, p.from_year, p.pk),
        reverse=True,
    )
    if not covering:
        raise ValidationError(_("Förbundet har ingen verksamhetsplan för %(y)s.") % {"y": year})
    return covering[0]


def statuses(plan: Plan, year: int, until: dt.date) -> dict[int, Assessment]:
    """Goal id → its assessment for the year with the latest `until` up to the date (one query)."""
    chosen: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(goal__plan=plan, year=year, until__lte=until).order_by("until"):
        chosen[assessment.goal_id] = assessment
    return chosen


def _publishable(measured: Measure, threshold: int) -> bool:
    """Whether a published value may be shown: it is not hidden, and neither count it is built on is 1..k−1."""
    if measured.reason == HIDDEN:
        return False
    return all(c is None or c == 0 or c >= threshold for c in (measured.numerator, measured.denominator))


def _indicator_json(indicator: Indicator, measured: Measure, *, publish: bool, threshold: int) -> dict[str, Any]:
    value, numerator, denominator = measured.value, measured.numerator, measured.denominator
    withheld = publish and indicator.source_kind in COMPUTED and not _publishable(measured, threshold)
    if withheld:
        value = numerator = denominator = None
    return {
        "code": indicator.code,
        "name": indicator.name,
        "target": json_number(indicator.target),
        "unit": indicator.unit,
        "measured_at": indicator.measured_at,
        "source": indicator.source_kind,
        "value": float(value) if value is not None and indicator.unit == Unit.PERCENT else json_number(value),
        "numerator": numerator,
        "denominator": denominator,
        "met": met(indicator, value),
        "no_data": str(REASONS.get(measured.reason, REASONS[NO_DATA])) if value is None and not withheld else None,
        "hidden": withheld,
    }


def _value_text(entry: dict[str, Any]) -> str:
    if entry["hidden"]:
        return "–"
    if entry["value"] is None:
        return str(entry["no_data"] or REASONS[NO_DATA])
    if entry["unit"] == Unit.PERCENT:
        return format_number(Decimal(str(entry["value"])) * 100, 1) + "\u00a0%"
    return format_number(entry["value"], 0 if float(entry["value"]).is_integer() else 1)


def _basis_text(entry: dict[str, Any], measured: Measure) -> str:
    if entry["numerator"] is None or entry["denominator"] is None:
        return ""
    text = _("%(n)s av %(d)s") % {"n": entry["numerator"], "d": entry["denominator"]}
    if measured.not_reached or measured.declined:
        text += " " + _("(varav %(r)s ej nådda, %(a)s avböjt)") % {"r": measured.not_reached, "a": measured.declined}
    return text


def _target_text(entry: dict[str, Any]) -> str:
    if entry["target"] is None:
        return ""
    suffix = "\u00a0%" if entry["unit"] == Unit.PERCENT else ""
    return format_number(entry["target"], 0 if float(entry["target"]).is_integer() else 1) + suffix


def _met_text(value: bool | None) -> str:
    return {True: _("Ja"), False: _("Nej"), None: ""}[value]


def area_table(code: str, name: str, plan: Plan) -> Table:
    """The table of one goal area in the årsredovisning's layout (seed 002, 1.4): each goal with its code and
    text beside its status, its comment on the row below; the documents reuse it."""
    return Table(
        _("Mål och aktiviteter enligt %(plan)s för målområde %(code)s %(name)s")
        % {"plan": plan.title, "code": code, "name": name},
        [Column("goal", _("Mål och aktiviteter")), Column("status", _("Måluppfyllelse"))],
        key=f"goal_area:{code}",
    )


def goals_report(
    *,
    association: Association,
    year: int,
    until: dt.date | None = None,
    plan_code: str | None = None,
    publish: bool = False,
) -> Report:
    """The goal follow-up of the year up to `until` (default 31 December); published: see the module docstring."""
    until = until or dt.date(year, 12, 31)
    plan = plan_for(association, year, plan_code)
    goals = list(plan.goals.select_related("area").order_by("area__position", "area__code", "position", "code"))
    indicators = list(Indicator.objects.filter(goal__plan=plan).order_by("goal", "position", "code"))
    measured = measure(indicators, association=association, year=year, until=until)
    if publish:
        source = source_for(association, year, until)
        measured.update(published_measures(indicators, measured, source))
    assessed = statuses(plan, year, until)
    threshold = int(association.suppression_threshold)
    by_goal: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_goal.setdefault(indicator.goal_id, []).append(indicator)

    table = Table(
        _("Mått"),
        [
            Column("goal", _("Mål")),
            Column("name", _("Mått")),
            Column("measured_at", _("Mäts")),
            Column("target", _("Målvärde")),
            Column("value", _("Värde")),
            Column("basis", _("Underlag")),
            Column("met", _("Uppfyllt")),
        ],
        key="indicators",
    )
    areas: list[dict[str, Any]] = []
    follow: list[Table] = []
    counts: Counter[str] = Counter({status: 0 for status in GoalStatus.values})
    current_area = None
    for goal in goals:
        if goal.area_id != current_area:
            current_area = goal.area_id
            areas.append({"code": goal.area.code, "name": goal.area.name, "goals": []})
            follow.append(area_table(goal.area.code, goal.area.name, plan))
        assessment = assessed.get(goal.pk)
        status = assessment.status if assessment else GoalStatus.NOT_ASSESSED
        counts[status] += 1
        entries = []
        for indicator in by_goal.get(goal.pk, []):
            entry = _indicator_json(indicator, measured[indicator.pk], publish=publish, threshold=threshold)
            entries.append(entry)
            table.add(
                goal=goal.code,
                name=indicator.name,
                measured_at=str(MEASURED_LABELS.get(indicator.measured_at, "")),
                target=_target_text(entry),
                value=_value_text(entry),
                basis=_basis_text(entry, measured[indicator.pk]),
                met=_met_text(entry["met"]),
            )
        areas[-1]["goals"].append(
            {
                "code": goal.code,
                "text": goal.text,
                "status": status,
                "comment": assessment.comment if assessment else "",
                "indicators": entries,
            }
        )
        follow[-1].add(goal=f"{goal.code} {goal.text}", status=str(STATUS_LABELS[status]))
        if assessment and assessment.comment:
            follow[-1].add(goal=_("Kommentar %(c)s: %(t)s") % {"c": goal.code, "t": assessment.comment}, status="")
    summary = Table(
        _("Sammanställning"),
        [Column("status", _("Bedömning")), Column("goals", _("Antal mål"), Kind.INTEGER)],
        key="status_counts",
    )
    for status in GoalStatus.values:
        summary.add(status=str(STATUS_LABELS[status]), goals=counts[status])
    summary.add(RowStyle.TOTAL, status=_("Totalt"), goals=sum(counts.values()))
    data = {
        "plan": {
            "code": plan.code,
            "title": plan.title,
            "from_year": plan.from_year,
            "to_year": plan.to_year,
            "status": plan.status,
        },
        "year": year,
        "until": until.isoformat(),
        "goal_areas": areas,
        "status_counts": dict(counts),
    }
    period = (
        _("år %(y)s") % {"y": year}
        if until == dt.date(year, 12, 31)
        else _("%(y)s till och med %(d)s") % {"y": year, "d": until.isoformat()}
    )
    paragraphs = [
        _("Måluppföljning enligt %(plan)s för %(period)s.") % {"plan": plan.title, "period": period},
        _(
            "Mått som beräknas ur insatsernas registreringar visar vad de bygger på (täljare av nämnare). "
            "Vid uppföljning efter avslut räknas ej nådda och avböjda med i nämnaren."
        ),
    ]
    if publish:
        paragraphs.append(
            _(
                "Publiceringsversion: ett beräknat värde visas bara när varken täljaren, nämnaren eller skillnaden "
                "mellan dem är mellan 1 och %(k)s; annars visas –."
            )
            % {"k": threshold - 1}
        )
    return Report(
        KIND,
        _("Måluppföljning %(period)s") % {"period": period},
        association,
        data=data,
        tables=[summary, *follow, table],
        paragraphs=paragraphs,
        published=publish,
    )


def add_arguments(parser: ArgumentParser) -> None:
    """The kind's options: --year, --until, --plan, --publish."""
    parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")
    parser.add_argument("--until", help="till och med (ÅÅÅÅ-MM-DD, i året; utan den hela året)")
    parser.add_argument("--plan", help="planens kod (utan den planen som gäller året)")
    parser.add_argument("--publish", action="store_true", help="publiceringsversion: värden byggda på små antal döljs")


def build(*, association: Association, options: dict[str, Any]) -> Report:
    """Build from CLI or page options."""
    year = parse_year(options.get("year"))
    return goals_report(
        association=association,
        year=year,
        until=parse_until(options.get("until"), year),
        plan_code=options.get("plan") or None,
        publish=bool(options.get("publish")),
    )


def register_kind() -> None:
    """Add `goals` to the report registry (from PlanningConfig.ready)."""
    register(ReportKind(KIND, _("Måluppföljning enligt verksamhetsplanen"), add_arguments, build))
