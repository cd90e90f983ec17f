"""Reading and checking the Follow-ups CSV (docs/contracts.md "Follow-ups CSV") on the import kit.

`read_follow_ups` reads a CSV (UTF-8 with or without BOM, or Windows-1252; `,` or `;`) or an XLSX file (first
sheet) and checks every cell on its own and the rows against each other; `check_stored` then checks the rows
against the database (the enrollment exists, has ended, the date is not before its end). Every problem names its
row (the header is row 1) and column; the writes are in `followup_import_services`.

No oracle: a row whose enrollment is not found gets one message, whether the participant code is unknown in the
förbund or only the start date differs, and a row of an insats the uploader is not assigned to is refused by its
insats alone, before anything about the participant is looked up.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.imports import ImportFailed, Problem, ProblemList, iter_csv, iter_xlsx, parse_date, parse_integer
from samordna.core.imports.xlsxfile import XLSX_MAGIC
from samordna.core.models import Association, CodeList, CodeListEntry
from samordna.core.validators import participant_code_problem
from samordna.interventions.models import Intervention
from samordna.participants import rules, selectors
from samordna.participants.importer.columns import is_identifier, normalise
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus, Participant

#: column → (Swedish name shown on the upload page, required)
COLUMNS: dict[str, tuple[str, bool]] = {
    "participant": ("Deltagarkod", True),
    "intervention": ("Insats", True),
    "start_date": ("Startdatum", True),
    "months": ("Månader efter avslut", True),
    "date": ("Datum för uppföljningen", True),
    "status": ("Status", True),
    "occupation": ("Sysselsättning", False),
    "support": ("Försörjning", False),
}
REQUIRED = [name for name, (_label, required) in COLUMNS.items() if required]
ALIASES: dict[str, str] = {normalise(name): name for name in COLUMNS}
ALIASES.update({normalise(str(label)): name for name, (label, _req) in COLUMNS.items()})
ALIASES.update(
    {
        "deltagare": "participant",
        "insatskod": "intervention",
        "manader": "months",
        "datum": "date",
        "uppfoljningsdatum": "date",
    }
)
#: Status as written in the file (codes, and the Swedish labels) → FollowUpStatus; "pending" is not imported.
STATUSES: dict[str, str] = {
    "done": FollowUpStatus.DONE,
    "genomford": FollowUpStatus.DONE,
    "not_reached": FollowUpStatus.NOT_REACHED,
    "ej_nadd": FollowUpStatus.NOT_REACHED,
    "declined": FollowUpStatus.DECLINED,
    "avbojd": FollowUpStatus.DECLINED,
}
MIN_MONTHS, MAX_MONTHS = 1, 60
#: Rows looked up in the database per query.
BATCH = 500
Key = tuple[str, int, dt.date]


def not_found_message() -> str:
    """The one message for a row whose enrollment is not found: it never says whether the code exists."""
    return _(
        "Deltagandet hittades inte: ingen deltagare med koden har ett deltagande i insatsen med det startdatumet. "
        "Kontrollera deltagarkod, insats och startdatum."
    )


@dataclass
class FollowUpRow:
    """One row of the file, every cell valid on its own."""

    row: int
    code: str
    intervention: Intervention
    start_date: dt.date
    months: int
    date: dt.date
    status: str
    occupation: CodeListEntry | None = None
    support: frozenset[int] = frozenset()

    @property
    def key(self) -> Key:
        """The enrollment the row is about: participant code, insats id, start date."""
        return (self.code, self.intervention.pk, self.start_date)


@dataclass
class Stored:
    """What the rows find in the database: the enrollments by key and their follow-ups by (enrollment, months)."""

    enrollments: dict[Key, Enrollment] = field(default_factory=dict)
    follow_ups: dict[tuple[Any, int], FollowUp] = field(default_factory=dict)
    support: dict[Any, frozenset[int]] = field(default_factory=dict)


def _bytes_rows(data: bytes, filename: str, problems: ProblemList) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of the file's first table, header included; ImportFailed for an unreadable file."""
    if data[:4] == XLSX_MAGIC or filename.lower().endswith(".xlsx"):
        return iter_xlsx(io.BytesIO(data), problems=problems)
    return iter_csv(data, problems=problems)


def _header(cells: list[str], problems: ProblemList) -> dict[str, int] | None:
    """Column → index, or None when a column is missing, unknown, repeated or names a direct identifier."""
    columns: dict[str, int] = {}
    before = len(problems)
    for index, raw in enumerate(cells):
        if not raw.strip():
            continue
        shown = raw[:40]
        if rules.looks_like_personnummer(raw):
            column = str(index + 1)
            problems.add(Problem(1, column, _("Cellen ser ut som ett personnummer. Personnummer tas aldrig emot.")))
            continue
        if is_identifier(raw):
            problems.add(
                Problem(
                    1,
                    shown,
                    _(
                        "Kolumnen %(c)s ser ut att innehålla direkta personuppgifter "
                        "(namn, personnummer, e-post, telefon eller adress) och tas inte emot."
                    )
                    % {"c": shown},
                )
            )
            continue
        name = ALIASES.get(normalise(raw))
        if name is None:
            problems.add(Problem(1, shown, _("Okänd kolumn %(c)s.") % {"c": shown}))
        elif name in columns:
            problems.add(Problem(1, shown, _("Kolumnen %(c)s finns två gånger.") % {"c": shown}))
        else:
            columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            problems.add(Problem(1, name, _("Kolumnen %(c)s (%(sv)s) saknas.") % {"c": name, "sv": COLUMNS[name][0]}))
    return None if len(problems) > before else columns


class _Parser:
    """Turns the cells of one row into a FollowUpRow, recording a Problem for each bad cell."""

    def __init__(
        self,
        association: Association,
        allowed: set[int] | None,
        columns: dict[str, int],
        headers: list[str],
        problems: ProblemList,
    ) -> None:
        self.interventions = {i.code.lower(): i for i in Intervention.objects.for_association(association)}
        self.codes = selectors.code_lookup()
        self.allowed = allowed
        self.columns = columns
        self.headers = headers
        self.problems = problems
        self.today = timezone.localdate()

    def _get(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def _date(self, found: list[Problem], line: int, column: str, text: str, missing: str) -> dt.date | None:
        if not text:
            found.append(Problem(line, column, missing))
            return None
        try:
            value = parse_date(text)
        except ValueError as error:
            found.append(Problem(line, column, str(error)))
            return None
        if not 1900 <= value.year <= rules.LATEST_YEAR:
            found.append(Problem(line, column, _("Datumet är orimligt.")))
            return None
        return value

    def _code(self, found: list[Problem], line: int, column: str, text: str, code_list: str) -> CodeListEntry | None:
        entry = self.codes[code_list].get(text.lower())
        if entry is None:
            found.append(Problem(line, column, _("Okänd kod: %(v)s.") % {"v": text[:40]}))
        return entry

    def parse(self, line: int, cells: list[str]) -> FollowUpRow | None:
        """The row, or None after recording each of its problems."""
        found: list[Problem] = []
        for index, cell in enumerate(cells):
            column = self.headers[index] if index < len(self.headers) and self.headers[index] else str(index + 1)
            if len(cell) >= 10 and cell[0].isdigit() and rules.looks_like_personnummer(cell):
                found.append(
                    Problem(line, column, _("Cellen ser ut som ett personnummer. Personnummer tas aldrig emot."))
                )
            elif index >= len(self.headers) and cell:
                found.append(Problem(line, str(index + 1), _("Värde utanför rubrikerna.")))
        if found:
            self.problems.extend(found)
            return None
        get = self._get
        code = get(cells, "participant")
        if not code:
            found.append(Problem(line, "participant", _("Deltagarkod saknas.")))
        elif problem := participant_code_problem(code):
            found.append(Problem(line, "participant", problem))
        intervention = self._intervention(found, line, get(cells, "intervention"))
        start = self._date(found, line, "start_date", get(cells, "start_date"), _("Startdatum saknas."))
        months = 0
        text = get(cells, "months")
        if not text:
            found.append(Problem(line, "months", _("Antal månader efter avslut saknas.")))
        else:
            try:
                months = parse_integer(text, minimum=MIN_MONTHS, maximum=MAX_MONTHS, max_digits=4)
            except ValueError:
                found.append(
                    Problem(
                        line,
                        "months",
                        _("Månader efter avslut ska vara ett heltal %(min)s–%(max)s, inte ”%(v)s”.")
                        % {"min": MIN_MONTHS, "max": MAX_MONTHS, "v": text[:20]},
                    )
                )
        date = self._date(found, line, "date", get(cells, "date"), _("Datum för uppföljningen saknas."))
        if date is not None and date > self.today:
            found.append(Problem(line, "date", _("Datumet ligger i framtiden.")))
        text = get(cells, "status")
        status = STATUSES.get(normalise(text)) if text else None
        if status is None:
            found.append(
                Problem(
                    line,
                    "status",
                    _("Okänd status: %(v)s. Ange done, not_reached eller declined.") % {"v": text[:40]}
                    if text
                    else _("Status saknas. Ange done, not_reached eller declined."),
                )
            )
        occupation, support = self._outcome(found, line, cells, status)
        if found:
            self.problems.extend(found)
            return None
        assert intervention is not None and start is not None and date is not None and status is not None
        return FollowUpRow(line, code, intervention, start, months, date, status, occupation, support)

    def _intervention(self, found: list[Problem], line: int, text: str) -> Intervention | None:
        intervention = self.interventions.get(text.lower()) if text else None
        if not text:
            found.append(Problem(line, "intervention", _("Insats saknas.")))
        elif intervention is None:
            found.append(Problem(line, "intervention", _("Okänd insats: %(v)s.") % {"v": text[:40]}))
        elif self.allowed is not None and intervention.pk not in self.allowed:
            # Refused on the insats alone: nothing about the participant is looked up (no oracle).
            found.append(
                Problem(line, "intervention", _("Du är inte deltagaransvarig för insats %(v)s.") % {"v": text[:40]})
            )
        else:
            return intervention
        return None

    def _outcome(
        self, found: list[Problem], line: int, cells: list[str], status: str | None
    ) -> tuple[CodeListEntry | None, frozenset[int]]:
        """Occupation and support: codes of their lists, and only for a follow-up that was done."""
        occupation: CodeListEntry | None = None
        support: set[int] = set()
        text = self._get(cells, "occupation")
        if text:
            occupation = self._code(found, line, "occupation", text, CodeList.OCCUPATION)
        text = self._get(cells, "support")
        for part in text.split("|") if text else ():
            part = part.strip()
            if part:
                entry = self._code(found, line, "support", part, CodeList.SUPPORT)
                if entry is not None:
                    support.add(entry.pk)
        if status is not None and status != FollowUpStatus.DONE:
            message = _("Sysselsättning och försörjning anges bara för en genomförd uppföljning (status done).")
            for column in ("occupation", "support"):
                if self._get(cells, column):
                    found.append(Problem(line, column, message))
        if status == FollowUpStatus.DONE and not self._get(cells, "occupation"):
            found.append(
                Problem(line, "occupation", _("Sysselsättning saknas: en genomförd uppföljning (done) har ett utfall."))
            )
        return occupation, frozenset(support)


def read_follow_ups(
    *, association: Association, data: bytes, filename: str = "", allowed: set[int] | None = None
) -> tuple[list[FollowUpRow], ProblemList]:
    """The file's rows that are valid on their own, and the problems of the others (cells, header, duplicates).

    `allowed`: the ids of the insatser the rows may name (a registrar's own); None (the command line) allows every
    insats of the förbund. Raises ImportFailed for a file that cannot be read at all.
    """
    problems = ProblemList()
    rows: list[FollowUpRow] = []
    parser: _Parser | None = None
    header_seen = False
    count = 0
    try:
        for number, cells in _bytes_rows(data, filename, problems):
            if number == 1:
                header_seen = True
                if not any(cells):
                    break
                columns = _header(cells, problems)
                if columns is None:
                    break
                parser = _Parser(association, allowed, columns, cells, problems)
                continue
            if parser is None or not any(cells):
                continue
            count += 1
            row = parser.parse(number, cells)
            if row is not None:
                rows.append(row)
    except ImportFailed as error:  # the file cannot be read on: its problems (row 1 for the file as a whole) end it
        for problem in error.problems:
            problems.add(replace(problem, row=problem.row or 1))
        raise ImportFailed(problems) from error
    if not problems:
        if not header_seen or parser is None:
            problems.add(Problem(1, "", _("Filen är tom eller saknar rubrikrad.")))
        elif not count:
            problems.add(Problem(2, "", _("Filen innehåller inga rader efter rubrikraden.")))
    _duplicates(rows, problems)
    return rows, problems


def _duplicates(rows: list[FollowUpRow], problems: ProblemList) -> None:
    """One row per enrollment and months in a file."""
    seen: dict[tuple[Key, int], int] = {}
    for row in rows:
        key = (row.key, row.months)
        if key in seen:
            problems.add(
                Problem(
                    row.row,
                    "months",
                    _("Dubblett av rad %(n)s (samma deltagare, insats, startdatum och månader).") % {"n": seen[key]},
                )
            )
        else:
            seen[key] = row.row


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def load_stored(association: Association, rows: list[FollowUpRow]) -> Stored:
    """The enrollments the rows name (by code, insats and start date), their follow-ups and the follow-ups' support."""
    stored = Stored()
    people: dict[Any, str] = {}
    for codes in _chunks(sorted({row.code for row in rows})):
        people.update(Participant.objects.filter(association=association, code__in=codes).values_list("pk", "code"))
    wanted = {row.key for row in rows}
    interventions = sorted({row.intervention.pk for row in rows})
    by_pk = {row.intervention.pk: row.intervention for row in rows}
    for ids in _chunks(list(people)):
        for enrollment in Enrollment.objects.filter(participant_id__in=ids, intervention_id__in=interventions).only(
            "id", "association_id", "participant_id", "intervention_id", "start_date", "end_date"
        ):
            key = (people[enrollment.participant_id], enrollment.intervention_id, enrollment.start_date)
            if key in wanted:
                enrollment.intervention = by_pk[enrollment.intervention_id]
                stored.enrollments[key] = enrollment
    enrollment_ids = [e.pk for e in stored.enrollments.values()]
    for ids in _chunks(enrollment_ids):
        for follow_up in FollowUp.objects.filter(enrollment_id__in=ids):
            stored.follow_ups[(follow_up.enrollment_id, follow_up.months_after_end)] = follow_up
    through = FollowUp.support.through
    support: dict[Any, set[int]] = {}
    follow_up_ids = [f.pk for f in stored.follow_ups.values()]
    for ids in _chunks(follow_up_ids):
        for follow_up_id, entry_id in through.objects.filter(followup_id__in=ids).values_list(
            "followup_id", "codelistentry_id"
        ):
            support.setdefault(follow_up_id, set()).add(entry_id)
    stored.support = {pk: frozenset(ids) for pk, ids in support.items()}
    return stored


def check_stored(rows: list[FollowUpRow], stored: Stored, problems: ProblemList) -> None:
    """Each row's enrollment exists and has ended, and the follow-up was not done before the end."""
    for row in rows:
        enrollment = stored.enrollments.get(row.key)
        if enrollment is None:
            problems.add(Problem(row.row, "participant", not_found_message()))
        elif enrollment.end_date is None:
            problems.add(
                Problem(row.row, "participant", _("Deltagandet har inte avslutats; uppföljningar görs efter avslut."))
            )
        elif row.date < enrollment.end_date:
            problems.add(
                Problem(
                    row.row,
                    "date",
                    _("Datumet ligger före deltagandets slutdatum (%(d)s).") % {"d": enrollment.end_date.isoformat()},
                )
            )


def refuse_if_any(problems: ProblemList) -> None:
    """Raise ImportFailed with the problems, if there are any."""
    if problems:
        raise ImportFailed(problems)
