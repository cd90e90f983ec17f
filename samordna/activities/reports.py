"""The `events` report kind (docs/contracts.md, "Events CSV"): a year's structural activities and attendance.

Tables: seed 002's "Antal deltagare" per activity with "Totalt", and attendance per member organisation by
role group (with a chart). Attendance counts staff of the members, not participants, so it is not suppressed.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.activities import selectors
from samordna.activities.models import AttendeeRole
from samordna.core.models import Association
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.renderers.charts import bars
from samordna.reporting.tables import Chart, Column, Kind, Report, RowStyle, Table, json_number

ROLE_LABELS = dict(AttendeeRole.choices)


def parse_year(value: Any) -> int:
    """The report's year, or a Swedish ValidationError."""
    text = str(value or "").strip()
    if not (len(text) == 4 and text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ValidationError(_("Ange ett år (ÅÅÅÅ) för --year, inte ”%(v)s”.") % {"v": text[:20]})
    return int(text)


def _by_member_json(values: dict[int | None, int], codes: dict[int, str]) -> dict[str, int]:
    return {(codes.get(member_id, "") if member_id is not None else ""): n for member_id, n in values.items() if n}


def events_report(*, association: Association, options: dict[str, Any]) -> Report:
    """The events of one year with attendance per activity, per member and per role group."""
    year = parse_year(options.get("year"))
    events = selectors.year_events(association=association, year=year)
    sums = selectors.attendance_sums(association=association, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31))
    members = selectors.members(association=association)
    codes = {m.pk: m.code for m in members}

    per_event = Table(
        _("Aktiviteter %(y)s") % {"y": year},
        [
            Column("title", _("Myndighetsgemensamma kompetensutvecklingsinsatser")),
            Column("date", _("Datum")),
            Column("days", _("Dagar"), Kind.DECIMAL, decimals=1),
            Column("count", _("Antal deltagare"), Kind.INTEGER),
        ],
        key="events",
    )
    for event in events:
        per_event.add(
            title=event.title, date=event.date.isoformat(), days=event.days, count=sums.by_event.get(event.pk, 0)
        )
    per_event.add(RowStyle.TOTAL, title=_("Totalt"), count=sums.total)
    per_event.notes.append(
        _("Deltagarna är chefer och medarbetare hos medlemmarna och andra; de är inte deltagare i insatser.")
    )

    roles = AttendeeRole.values
    per_member = Table(
        _("Deltagare per medlemsorganisation %(y)s") % {"y": year},
        [
            Column("name", _("Medlem")),
            *(Column(role, str(ROLE_LABELS[role]), Kind.INTEGER) for role in roles),
            Column("total", _("Totalt"), Kind.INTEGER),
        ],
        key="by_member",
    )
    rows: list[tuple[str, int]] = []
    for member in [*members, None]:
        member_id = member.pk if member is not None else None
        name = member.name if member is not None else str(_("Övriga"))
        cells: dict[str, Any] = {role: sums.by_member_role.get((member_id, role), 0) for role in roles}
        cells.update(name=name, total=sums.by_member.get(member_id, 0))
        per_member.add(**cells)
        rows.append((name, sums.by_member.get(member_id, 0)))
    totals: dict[str, Any] = {**sums.by_role, "name": _("Totalt"), "total": sums.total}
    per_member.add(RowStyle.TOTAL, **totals)

    chart_title = _("Deltagare per medlemsorganisation %(y)s") % {"y": year}
    categories = [name for name, _n in rows]
    values = [float(n) for _name, n in rows]

    draw = bars(categories=categories, series={_("Deltagare"): values}, title=chart_title, unit=_("deltagare"))

    data = {
        "year": year,
        "events": [
            {
                "code": event.code,
                "title": event.title,
                "kind": event.kind,
                "date": event.date.isoformat(),
                "days": json_number(event.days),
                "intervention": event.intervention.code if event.intervention else None,
                "attendance": {
                    "total": sums.by_event.get(event.pk, 0),
                    "by_member": _by_member_json(sums.by_event_member.get(event.pk, {}), codes),
                    "by_role": sums.by_event_role.get(event.pk, {role: 0 for role in roles}),
                },
            }
            for event in events
        ],
        "total": sums.total,
        "by_member": _by_member_json(sums.by_member, codes),
        "by_role": dict(sums.by_role),
    }
    charts = [Chart(chart_title, draw)] if events else []
    return Report(
        "events",
        _("Aktiviteter och deltagare %(y)s") % {"y": year},
        association,
        data=data,
        tables=[per_event, per_member],
        charts=charts,
    )


def register_kinds() -> None:
    """Register the `events` report kind."""

    def add_arguments(parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")

    register(ReportKind("events", _("Aktiviteter och deltagare per medlem"), add_arguments, events_report))
