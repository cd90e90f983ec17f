"""Row parsing of the participants file: each cell checked against lookups loaded once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.imports import Problem
from samordna.core.models import Association, CodeList, CodeListEntry, Municipality
from samordna.core.validators import participant_code_problem
from samordna.interventions.models import Intervention
from samordna.organisations.models import Member
from samordna.participants import rules
from samordna.participants.models import FollowUpSchedule

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_KOMMUN = re.compile(r"^\d{3,4}$")
GENDERS = {
    "kvinna": "kvinna",
    "k": "kvinna",
    "kvinnor": "kvinna",
    "woman": "kvinna",
    "female": "kvinna",
    "man": "man",
    "m": "man",
    "män": "man",
    "male": "man",
    "annat": "annat",
    "annan": "annat",
    "a": "annat",
    "other": "annat",
}
BOOLS = {
    "ja": True,
    "j": True,
    "yes": True,
    "true": True,
    "1": True,
    "sant": True,
    "nej": False,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
    "falskt": False,
}
TENTH = Decimal("0.1")


class Row:
    """One parsed, valid-so-far row."""

    __slots__ = (
        "line",
        "code",
        "intervention",
        "gender",
        "birth_year",
        "municipality",
        "start",
        "end",
        "end_reason",
        "education",
        "support_before",
        "years",
        "occupation_before",
        "occupation_after",
        "support_after",
        "continued_planning",
        "referred_by",
        "removes",
    )

    def __init__(self, line: int) -> None:
        self.line = line
        for name in self.__slots__[1:]:
            setattr(self, name, None)
        self.removes = False


@dataclass
class Lookups:
    """Everything a row is checked against, loaded once per import."""

    association: Association
    interventions: dict[str, Intervention]
    allowed: set[int] | None
    members: dict[str, int]
    municipalities: set[str]
    codes: dict[str, dict[str, CodeListEntry]]
    schedules: dict[int, tuple[int, ...]]
    felregistrering_id: int | None = None
    _dates: dict[str, dt.date] = field(default_factory=dict)

    @classmethod
    def load(cls, association: Association, allowed: set[int] | None) -> Lookups:
        """Load insatser, members, municipalities, code lists and follow-up schedules."""
        interventions = {i.code.lower(): i for i in Intervention.objects.for_association(association)}
        codes: dict[str, dict[str, CodeListEntry]] = {c: {} for c in CodeList.values}
        for entry in CodeListEntry.objects.all():
            codes[entry.list][entry.code.lower()] = entry
            codes[entry.list].setdefault(entry.label.lower(), entry)
        felreg = codes[CodeList.END_REASON].get(rules.FELREGISTRERING)
        schedules = {
            s.intervention_id: rules.schedule_months(s)
            for s in FollowUpSchedule.objects.filter(intervention__association=association)
        }
        return cls(
            association=association,
            interventions=interventions,
            allowed=allowed,
            members={m.code.lower(): m.pk for m in Member.objects.for_association(association)},
            municipalities=set(Municipality.objects.values_list("code", flat=True)),
            codes=codes,
            schedules=schedules,
            felregistrering_id=felreg.pk if felreg else None,
        )

    def date(self, text: str) -> dt.date | None:
        """A YYYY-MM-DD date (cached: files repeat the same dates), or None if it is not one."""
        cached = self._dates.get(text)
        if cached is None and len(self._dates) < 100_000:
            if not _DATE.match(text):
                return None
            try:
                cached = dt.date.fromisoformat(text)
            except ValueError:
                return None
            if not 1900 <= cached.year <= rules.LATEST_YEAR:
                return None
            self._dates[text] = cached
        return cached


class RowParser:
    """Turns the cells of one row into a Row, adding a Problem for each bad cell."""

    def __init__(self, lookups: Lookups, columns: dict[str, int], headers: list[str], problems: list[Problem]) -> None:
        self.lk = lookups
        self.columns = columns
        self.headers = headers
        self.problems = problems
        self._shared: dict[Any, Any] = {}

    def _add(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))

    def _get(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def _code(self, line: int, column: str, text: str, code_list: str) -> Any:
        entry = self.lk.codes[code_list].get(text.lower())
        if entry is None:
            self._add(line, column, _("Okänd kod: %(v)s.") % {"v": text[:40]})
        return entry.pk if entry else None

    def _codes(self, line: int, column: str, text: str) -> frozenset[int] | None:
        cached = self._shared.get(("codes", text))
        if cached is not None:
            return cached
        ids = set()
        for part in text.split("|"):
            part = part.strip()
            if part:
                ids.add(self._code(line, column, part, CodeList.SUPPORT))
        if None in ids:
            return None
        return self._share(("codes", text), frozenset(ids))

    def _share(self, key: Any, value: Any) -> Any:
        """One object per distinct value: a 100,000-row file repeats the same few thousand values."""
        if len(self._shared) < 200_000:
            return self._shared.setdefault(key, value)
        return value

    def parse(self, line: int, cells: list[str]) -> Row | None:
        """The row, or None if any cell was wrong (each wrong cell is reported)."""
        before = len(self.problems)
        for index, cell in enumerate(cells):
            if len(cell) >= 10 and cell[0].isdigit() and rules.looks_like_personnummer(cell):
                column = self.headers[index] if index < len(self.headers) else str(index + 1)
                self._add(line, column, _("Cellen ser ut som ett personnummer. Personnummer tas aldrig emot."))
            elif index >= len(self.headers) and cell:
                self._add(line, str(index + 1), _("Värde utanför rubrikerna."))
        if len(self.problems) > before:
            return None
        row = Row(line)
        get = self._get
        code = get(cells, "participant")
        if not code:
            self._add(line, "participant", _("Deltagarkod saknas."))
        elif problem := participant_code_problem(code):
            self._add(line, "participant", problem)
        row.code = code
        text = get(cells, "intervention")
        intervention = self.lk.interventions.get(text.lower()) if text else None
        if not text:
            self._add(line, "intervention", _("Insats saknas."))
        elif intervention is None:
            self._add(line, "intervention", _("Okänd insats: %(v)s.") % {"v": text[:40]})
        elif self.lk.allowed is not None and intervention.pk not in self.lk.allowed:
            self._add(line, "intervention", _("Du är inte deltagaransvarig för insats %(v)s.") % {"v": text[:40]})
        else:
            error = rules.check_intervention(intervention).get("intervention")
            if error:
                self._add(line, "intervention", error)
            row.intervention = intervention
        text = get(cells, "gender")
        row.gender = GENDERS.get(text.lower())
        if row.gender is None:
            self._add(line, "gender", _("Kön ska vara kvinna, man eller annat (K, M)."))
        text = get(cells, "birth_year")
        if _YEAR.match(text):
            row.birth_year = self._share(("year", text), int(text))
        else:
            self._add(line, "birth_year", _("Födelseår ska vara fyra siffror (ÅÅÅÅ)."))
        text = get(cells, "municipality")
        if _KOMMUN.match(text) and text.zfill(4) in self.lk.municipalities:
            row.municipality = self._share(("kommun", text), text.zfill(4))
        else:
            self._add(
                line,
                "municipality",
                _("Okänd kommunkod: %(v)s.") % {"v": text[:10]} if text else _("Kommunkod saknas."),
            )
        self._dates_and_end(line, cells, row)
        self._optional(line, cells, row)
        if len(self.problems) > before:
            return None
        return row

    def _dates_and_end(self, line: int, cells: list[str], row: Row) -> None:
        get = self._get
        text = get(cells, "start_date")
        row.start = self.lk.date(text) if text else None
        if row.start is None:
            self._add(
                line, "start_date", _("Startdatum ska vara ett datum ÅÅÅÅ-MM-DD.") if text else _("Startdatum saknas.")
            )
        text = get(cells, "end_date")
        if text:
            row.end = self.lk.date(text)
            if row.end is None:
                self._add(line, "end_date", _("Slutdatum ska vara ett datum ÅÅÅÅ-MM-DD."))
        text = get(cells, "end_reason")
        if text:
            row.end_reason = self._code(line, "end_reason", text, CodeList.END_REASON)
            row.removes = row.end_reason is not None and row.end_reason == self.lk.felregistrering_id
        end_text = get(cells, "end_date")
        if end_text and not text:
            self._add(line, "end_reason", _("Avslutsanledning saknas; den anges tillsammans med slutdatum."))
        elif text and not end_text:
            self._add(line, "end_reason", _("Avslutsanledning utan slutdatum."))
        if row.intervention is not None and row.start is not None:
            errors = rules.check_dates(
                intervention=row.intervention, start_date=row.start, end_date=row.end, has_end_reason=bool(row.end)
            )
            for column, message in errors.items():
                if column != "end_reason":
                    self._add(line, column, message)
        if row.birth_year is not None and row.start is not None:
            error = rules.check_age(birth_year=row.birth_year, start_date=row.start).get("birth_year")
            if error:
                self._add(line, "birth_year", error)

    def _optional(self, line: int, cells: list[str], row: Row) -> None:
        get, columns = self._get, self.columns
        for name, code_list in (
            ("education", CodeList.EDUCATION),
            ("occupation_before", CodeList.OCCUPATION),
            ("occupation_after", CodeList.OCCUPATION),
        ):
            text = get(cells, name)
            if text:
                setattr(row, name, self._code(line, name, text, code_list))
        for name in ("support_before", "support_after"):
            if name in columns:
                setattr(row, name, self._codes(line, name, get(cells, name)))
        text = get(cells, "years_in_support_before")
        if text:
            try:
                value = Decimal(text.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or not 0 <= value <= 60:
                self._add(line, "years_in_support_before", _("Ange år i offentlig försörjning som ett tal 0–60."))
            else:
                try:
                    row.years = self._share(("years", text), value.quantize(TENTH, rounding=ROUND_HALF_UP))
                except InvalidOperation:
                    self._add(line, "years_in_support_before", _("Ange år i offentlig försörjning som ett tal 0–60."))
        text = get(cells, "continued_planning")
        if text:
            row.continued_planning = BOOLS.get(text.lower())
            if row.continued_planning is None:
                self._add(line, "continued_planning", _("Ange ja eller nej."))
        text = get(cells, "referred_by")
        if text:
            row.referred_by = self.lk.members.get(text.lower())
            if row.referred_by is None:
                self._add(line, "referred_by", _("Okänd medlem: %(v)s.") % {"v": text[:40]})
