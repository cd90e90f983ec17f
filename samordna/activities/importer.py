"""Validation of the Events CSV (docs/contracts.md, "Events CSV") on the import kit.

One row per event and attending group. The rows of one event repeat its facts; they must agree. Every problem
is named by its row and column in Swedish; the file is refused whole on any problem (the kit keeps the first
hundred and counts the rest). CSV in UTF-8 (with or without BOM) or Windows-1252, or the first sheet of an
XLSX workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.activities.models import AttendeeRole, Event, EventKind
from samordna.core.imports import (
    ImportFailed,
    Problem,
    ProblemList,
    iter_csv,
    iter_xlsx,
    parse_date,
    parse_decimal,
    parse_integer,
)
from samordna.core.imports.xlsxfile import XLSX_MAGIC
from samordna.core.models import Association
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions import selectors as intervention_selectors
from samordna.interventions.models import Orientation
from samordna.organisations import selectors as organisation_selectors

REQUIRED = ["event", "title", "kind", "date", "days", "role", "count"]
OPTIONAL = ["end_date", "intervention", "organisers", "member"]
#: The event's own columns: every row of one event must say the same in these.
EVENT_COLUMNS = ["title", "kind", "date", "end_date", "days", "intervention", "organisers"]
MAX_COUNT = 100_000
MAX_ORGANISERS = 2000
_KIND_LABELS = {str(label).lower(): value for value, label in EventKind.choices}


@dataclass
class EventSpec:
    """One event of the file: its facts and its attendance grid ({(member id or None, role): count})."""

    row: int
    code: str
    fields: dict[str, Any]
    attendance: dict[tuple[int | None, str], int] = field(default_factory=dict)


class _Checker:
    """Checks the rows against the förbund's members and insatser and the rows before them."""

    def __init__(self, association: Association, problems: ProblemList) -> None:
        self.problems = problems
        self.members = {m.code: m for m in organisation_selectors.members(association=association)}
        self.interventions = {i.code: i for i in intervention_selectors.interventions_of(association=association)}
        self.events: dict[str, EventSpec] = {}
        self.raw: dict[str, tuple[int, dict[str, str]]] = {}
        self.cells: dict[tuple[str, int | None, str], int] = {}
        days = Event._meta.get_field("days")
        self.days_digits = {"max_digits": days.max_digits, "decimal_places": days.decimal_places}

    def check(self, number: int, values: dict[str, str]) -> None:
        """Record the row's problems, or add it to its event."""
        found: list[Problem] = []
        code = values["event"]
        if not code or len(code) > 40:
            found.append(Problem(number, "event", _("aktivitetens kod saknas eller är längre än 40 tecken")))
        for column, rule in (("event", validate_line), ("title", validate_line), ("organisers", validate_text)):
            try:
                rule(values.get(column, ""))
            except ValidationError as error:
                found.append(Problem(number, column, " ".join(error.messages)))
        facts = self._facts(number, values, found)
        cell = self._cell(number, values, found)
        if not found and code in self.raw:
            first, earlier = self.raw[code]
            for column in EVENT_COLUMNS:
                if values.get(column, "") != earlier.get(column, ""):
                    found.append(
                        Problem(
                            number,
                            column,
                            _("skiljer sig från rad %(row)s för samma aktivitet ”%(code)s”")
                            % {"row": first, "code": code[:40]},
                        )
                    )
        if not found and cell is not None:
            member_id, role, count = cell
            key = (code, member_id, role)
            if key in self.cells:
                found.append(
                    Problem(
                        number,
                        "member",
                        _("samma aktivitet, medlem och roll finns redan på rad %(row)s") % {"row": self.cells[key]},
                    )
                )
            self.cells[key] = number
        self.problems.extend(found)
        if found or self.problems:
            return
        if code not in self.events:
            self.raw[code] = (number, {c: values.get(c, "") for c in EVENT_COLUMNS})
            self.events[code] = EventSpec(number, code, facts)
        if cell is not None:
            member_id, role, count = cell
            if count:
                self.events[code].attendance[(member_id, role)] = count

    def _facts(self, number: int, values: dict[str, str], found: list[Problem]) -> dict[str, Any]:
        title = values["title"]
        if not title or len(title) > 300:
            found.append(Problem(number, "title", _("titeln saknas eller är längre än 300 tecken")))
        text = values["kind"]
        kind = text if text in EventKind.values else _KIND_LABELS.get(text.lower(), "")
        if not kind:
            found.append(
                Problem(
                    number,
                    "kind",
                    _("okänd typ ”%(v)s” (giltiga: %(ok)s)") % {"v": text[:40], "ok": ", ".join(EventKind.values)},
                )
            )
        date = self._date(number, "date", values["date"], found)
        end_date = self._date(number, "end_date", values.get("end_date", ""), found) if values.get("end_date") else None
        if date is not None and end_date is not None and end_date < date:
            found.append(
                Problem(
                    number,
                    "end_date",
                    _("slutdatum %(end)s ligger före datum %(start)s")
                    % {"end": end_date.isoformat(), "start": date.isoformat()},
                )
            )
        days = Decimal(0)
        try:
            days = parse_decimal(values["days"], what=_("antal dagar"), **self.days_digits)
            if days < 0 or days > 365:
                found.append(Problem(number, "days", _("antal dagar ska vara mellan 0 och 365")))
        except ValueError as error:
            found.append(Problem(number, "days", str(error)))
        intervention = None
        intervention_code = values.get("intervention", "")
        if intervention_code:
            intervention = self.interventions.get(intervention_code)
            if intervention is None:
                found.append(Problem(number, "intervention", _("okänd insats ”%(v)s”") % {"v": intervention_code[:40]}))
            elif intervention.orientation != Orientation.STRUCTURAL:
                found.append(
                    Problem(
                        number,
                        "intervention",
                        _("insatsen ”%(v)s” är inte strukturövergripande") % {"v": intervention_code[:40]},
                    )
                )
        organisers = values.get("organisers", "")
        if len(organisers) > MAX_ORGANISERS:
            found.append(
                Problem(number, "organisers", _("arrangörer är längre än %(max)s tecken") % {"max": MAX_ORGANISERS})
            )
        return {
            "title": title,
            "kind": kind,
            "date": date,
            "end_date": end_date,
            "days": days,
            "intervention": intervention,
            "organisers": organisers,
        }

    @staticmethod
    def _date(number: int, column: str, text: str, found: list[Problem]) -> dt.date | None:
        try:
            value = parse_date(text)
        except ValueError as error:
            found.append(Problem(number, column, str(error)))
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            found.append(
                Problem(
                    number,
                    column,
                    _("datumet ska ligga mellan %(first)s och %(last)s") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
            )
            return None
        return value

    def _cell(self, number: int, values: dict[str, str], found: list[Problem]) -> tuple[int | None, str, int] | None:
        """(member id or None, role, count), or None for a row that names no attendance."""
        member_code, role, count_text = values.get("member", ""), values["role"], values["count"]
        if not (member_code or role or count_text):
            return None
        member_id: int | None = None
        if member_code:
            member = self.members.get(member_code)
            if member is None:
                found.append(Problem(number, "member", _("okänd medlem ”%(v)s”") % {"v": member_code[:40]}))
            else:
                member_id = member.pk
        if role not in AttendeeRole.values:
            found.append(
                Problem(
                    number,
                    "role",
                    _("okänd roll ”%(v)s” (giltiga: %(ok)s)") % {"v": role[:40], "ok": ", ".join(AttendeeRole.values)},
                )
            )
        count = 0
        try:
            count = parse_integer(count_text, minimum=0, maximum=MAX_COUNT)
        except ValueError as error:
            found.append(Problem(number, "count", _("antalet %(why)s") % {"why": error}))
        return member_id, role, count


def _header(cells: list[str], problems: ProblemList) -> list[str] | None:
    """The lower-cased header, or None if a required column is missing (then nothing else is checked)."""
    header = [c.strip().lower() for c in cells]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.extend(Problem(1, c, _("kolumnen saknas")) for c in missing)
        return None
    for index, name in enumerate(header):
        if name and name not in REQUIRED + OPTIONAL:
            problems.add(Problem(1, name[:40], _("okänd kolumn")))
        elif name and name in header[:index]:
            problems.add(Problem(1, name, _("kolumnen finns två gånger")))
    return header


def _rows(data: bytes, problems: ProblemList) -> Iterator[tuple[int, list[str]]]:
    if data[:4] == XLSX_MAGIC:
        yield from iter_xlsx(data, problems=problems)
    else:
        yield from iter_csv(data, problems=problems)


def validate_events_file(*, association: Association, data: bytes) -> list[EventSpec]:
    """Parse and check an Events CSV or XLSX; raise ImportFailed listing the first hundred problems and the count."""
    problems = ProblemList()
    header: list[str] | None = None
    checker: _Checker | None = None
    rows = 0
    for number, cells in _rows(data, problems):
        if header is None:
            if not any(cells):
                continue
            header = _header(cells, problems)
            if header is None:
                break
            checker = _Checker(association, problems)
            continue
        if checker is None or not any(cells):
            continue
        rows += 1
        extra = next((i for i in range(len(header), len(cells)) if cells[i]), None)
        if extra is not None:
            problems.add(Problem(number, str(extra + 1), _("värde utanför rubrikerna")))
            continue
        values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        checker.check(number, values)
    if header is None and not problems:
        problems.add(Problem(1, "", _("filen är tom (rubrikraden saknas)")))
    elif header is not None and not rows and not problems:
        problems.add(Problem(2, "", _("filen innehåller inga rader efter rubrikraden")))
    if problems:
        raise ImportFailed(problems)
    assert checker is not None
    return list(checker.events.values())
