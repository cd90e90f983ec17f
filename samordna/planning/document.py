"""The `verksamhetsplan` report kind: the plan as a document to send (DOCX, PDF), in the order of seeds 003/004.

Sections: om förbundet, vision, inriktning (the plan's own text); the goal areas with their goals and mått; the
insatser with their volume targets and staffing; the budget and multi-year plan and the member contributions
(the finance report kinds `budget` and `allocation`, taken through the report registry, so planning imports
nothing of finance). A part without data says so in its section instead of failing the document.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.interventions.selectors import running_in
from samordna.planning.models import Indicator, MeasuredAt, Plan, Unit
from samordna.reporting import registry
from samordna.reporting.tables import Column, Kind, Report, Section, Table, format_number

KIND = "verksamhetsplan"
BUDGET_YEARS = 3  # the budget year and the two after it (seed 004's flerårsplan)
MEASURED = dict(MeasuredAt.choices)


def _text(title: str, body: str) -> Section | None:
    paragraphs = [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Section(title, paragraphs) if paragraphs else None


def _indicator_line(indicator: Indicator) -> str:
    target = ""
    if indicator.target is not None:
        number = format_number(indicator.target, 0 if indicator.target == int(indicator.target) else 1)
        target = f" {number}\u00a0%" if indicator.unit == Unit.PERCENT else f" {number}"
    return _("Mått: %(name)s%(target)s (mäts: %(when)s)") % {
        "name": indicator.name,
        "target": f", {_('mål')}{target}" if target else "",
        "when": str(MEASURED.get(indicator.measured_at, "")).lower(),
    }


def _goals(plan: Plan) -> Section:
    section = Section(_("Målområden och mål"))
    goals = (
        plan.goals.select_related("area")
        .prefetch_related("indicators")
        .order_by("area__position", "area__code", "position", "code")
    )
    table: Table | None = None
    area_id = None
    for goal in goals:
        if goal.area_id != area_id or table is None:
            area_id = goal.area_id
            table = Table(
                _("Målområde %(code)s: %(name)s") % {"code": goal.area.code, "name": goal.area.name},
                [Column("goal", _("Mål och aktiviteter")), Column("responsible", _("Ansvarig"))],
                key=f"plan_area:{goal.area.code}",
            )
            section.tables.append(table)
        table.add(goal=f"{goal.code} {goal.text}", responsible=goal.responsible)
        for indicator in goal.indicators.all():
            table.add(goal="    " + _indicator_line(indicator), responsible="")
    if not section.tables:
        section.paragraphs.append(_("Planen har inga mål ännu."))
    return section


def _insatser(association: Association, plan: Plan) -> Section:
    section = Section(_("Insatser"))
    rows = running_in(association=association, first=dt.date(plan.from_year, 1, 1), last=dt.date(plan.to_year, 12, 31))
    if not rows:
        section.paragraphs.append(_("Inga insatser pågår under planens år."))
        return section
    year = plan.from_year
    volumes = Table(
        _("Insatser och volymmål %(y)s") % {"y": year},
        [
            Column("code", _("Kod")),
            Column("name", _("Insats")),
            Column("orientation", _("Inriktning")),
            Column("volume", _("Volymmål")),
            Column("fte", _("Årsarbetare"), Kind.DECIMAL, decimals=2),
        ],
        key="plan_insatser",
    )
    for row in rows:
        volume = ", ".join(
            f"{value} {unit.lower()}" for (y, unit), value in sorted(row["volumes"].items()) if y == year
        )
        volumes.add(
            code=row["code"],
            name=row["name"],
            orientation=row["orientation"],
            volume=volume,
            fte=sum((fte for _m, _r, fte in row["staffing"]), start=0) or None,
        )
    staffing = Table(
        _("Bemanning"),
        [
            Column("insats", _("Insats")),
            Column("member", _("Medlem")),
            Column("role", _("Funktion")),
            Column("fte", _("Årsarbetare"), Kind.DECIMAL, decimals=2),
        ],
        key="plan_staffing",
    )
    for row in rows:
        for member, role, fte in row["staffing"]:
            staffing.add(insats=f"{row['code']} {row['name']}", member=member, role=role, fte=fte)
    section.tables.append(volumes)
    if staffing.rows:
        section.tables.append(staffing)
    return section


def _from_kind(title: str, kind: str, association: Association, options: dict[str, Any]) -> Section:
    """A finance report as a section; its refusal (no budget yet, …) as the section's text."""
    try:
        report = registry.build(kind, association=association, options=options)
    except ValidationError as error:
        return Section(title, [" ".join(error.messages)])
    return Section(title, list(report.paragraphs), list(report.tables))


def plan_document(*, association: Association, plan: Plan) -> Report:
    """The verksamhetsplan as a document (see the module docstring)."""
    first = plan.from_year
    years = f"{first}-{first + BUDGET_YEARS - 1}"
    sections = [
        part
        for part in (
            _text(_("Om förbundet"), plan.about),
            _text(_("Vision"), plan.vision),
            _text(_("Inriktning"), plan.direction),
        )
        if part is not None
    ]
    sections += [
        _goals(plan),
        _insatser(association, plan),
        _from_kind(_("Budget och flerårsplan"), "budget", association, {"years": years}),
        _from_kind(_("Medlemsbidrag %(y)s") % {"y": first}, "allocation", association, {"year": first}),
    ]
    status = _("Fastställd %(d)s") % {"d": plan.adopted_on.isoformat()} if plan.adopted_on else _("Utkast")
    intro = [f"{association.name} · {plan.title} · {status}" + (f" ({plan.decision})" if plan.decision else "")]
    data = {
        "plan": {"code": plan.code, "title": plan.title, "from_year": plan.from_year, "to_year": plan.to_year},
        "sections": [{"title": part.title, "tables": [t.title for t in part.tables]} for part in sections],
    }
    return Report(KIND, plan.title, association, data=data, paragraphs=intro, sections=sections)


def add_arguments(parser: ArgumentParser) -> None:
    """The kind's option: --plan (the plan's code)."""
    parser.add_argument("--plan", required=True, help="planens kod, t.ex. vp-2025")


def build(*, association: Association, options: dict[str, Any]) -> Report:
    """Build from CLI or page options."""
    code = str(options.get("plan") or "").strip()
    plan = Plan.objects.filter(association=association, code=code).first()
    if plan is None:
        raise ValidationError(_("Förbundet har ingen plan med koden ”%(c)s”.") % {"c": code[:40]})
    return plan_document(association=association, plan=plan)


def register_kind() -> None:
    """Add `verksamhetsplan` to the report registry (from PlanningConfig.ready)."""
    registry.register(registry.ReportKind(KIND, _("Verksamhetsplanen som dokument"), add_arguments, build))
