"""The meeting import (docs/contracts.md, "Meeting JSON"): an earlier protocol read, validated with JSON paths
and written through `services.meeting_import`, all or nothing.

Refused whole on any problem: § numbers that clash with another meeting of the year, a ledamot without a
board seat on the date, a tjänstgörande ersättare whose member's ledamot is present, a justering before the
meeting, an anslag removed before it is published, a changed import of a justerat protocol. The same file
imported twice writes nothing (the meeting keeps the digest of the import that wrote it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.imports import ImportFailed, Problem, ProblemList, load_json
from samordna.core.models import Association
from samordna.core.validators import control_character_problem
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.governance import selectors
from samordna.governance.models import DEFAULT_ORGAN, AttendanceRole, Meeting
from samordna.organisations.models import BoardSeat

ROLES = {r.value for r in AttendanceRole}
TOP_KEYS = {"organ", "date", "place", "start", "end", "first_paragraph", "attendance", "chair", "secretary",
            "adjusters", "items", "justified", "posting", "kind"}  # fmt: skip
ITEM_KEYS = {"title", "documents", "text", "proposals", "decision", "reservations", "immediate_adjustment"}


@dataclass
class ParsedMeeting:
    """A validated meeting file, ready for the service to write."""

    organ: str
    date: dt.date
    fields: dict[str, Any]
    first_number: int
    attendance: list[dict[str, Any]]
    adjusters: list[str]
    items: list[dict[str, Any]]
    justified: tuple[dt.date, list[str]] | None
    posting: dict[str, Any]
    digest: str
    existing: Meeting | None = None
    unchanged: bool = False
    notes: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, problems: ProblemList) -> None:
        self.problems = problems

    def problem(self, path: str, message: str) -> None:
        self.problems.add(Problem(None, "", message, path=path))

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool = False, max_length: int = 300) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{path}{key}", _("saknas"))
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}{key}", _("ska vara en text"))
            return ""
        value = value.strip()
        if required and not value:
            self.problem(f"{path}{key}", _("får inte vara tom"))
        if problem := control_character_problem(value, allow_line_breaks=False):
            self.problem(f"{path}{key}", problem)
            return ""
        if len(value) > max_length:
            self.problem(f"{path}{key}", _("är längre än %(n)s tecken") % {"n": max_length})
            return ""
        return value

    def date(self, data: dict[str, Any], key: str, path: str, *, required: bool = False) -> dt.date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{path}{key}", _("saknas"))
            return None
        try:
            parsed = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.problem(f"{path}{key}", _("är inte ett datum ÅÅÅÅ-MM-DD mellan %(a)s och %(b)s") % {
                "a": FIRST_YEAR, "b": LAST_YEAR})  # fmt: skip
            return None
        return parsed

    def time(self, data: dict[str, Any], key: str) -> dt.time | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return dt.time.fromisoformat(value) if isinstance(value, str) and len(value) == 5 else None
        except ValueError:
            pass
        self.problem(key, _("är inte en tid TT:MM"))
        return None

    def strings(self, value: Any, path: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, _("ska vara en lista av texter"))
            return []
        for index, text in enumerate(value):
            if problem := control_character_problem(text):
                self.problem(f"{path}[{index}]", problem)
                return []
        return [v.strip() for v in value if v.strip()]

    def objects(self, value: Any, path: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(path, _("ska vara en lista av objekt"))
            return []
        return value


def digest_of(data: Any) -> str:
    """A stable digest of a file's content (key order and whitespace do not matter)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _attendance(reader: _Reader, data: Any, date: dt.date | None, seats: list[BoardSeat]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(reader.objects(data, "attendance")):
        path = f"attendance[{index}]."
        name = reader.text(row, "name", path, required=True, max_length=150)
        role = row.get("role")
        if role not in ROLES:
            reader.problem(f"{path}role", _("ska vara ett av %(r)s") % {"r": ", ".join(sorted(ROLES))})
            continue
        title = reader.text(row, "title", path, max_length=150)
        present = row.get("present", True)
        if not isinstance(present, bool) or (not present and role != AttendanceRole.MEMBER):
            reader.problem(f"{path}present", _("bara en ledamot kan anges som frånvarande (true eller false)"))
            present = True
        entry: dict[str, Any] = {"name": name, "role": role, "present": present, "title": title, "path": path}
        if role != AttendanceRole.OTHER:
            code = reader.text(row, "member", path, required=True, max_length=20)
            wanted = BoardSeat.SeatType.MEMBER if role == AttendanceRole.MEMBER else BoardSeat.SeatType.DEPUTY
            seat = next(
                (s for s in seats if s.person_name == name and s.appointed_by.code == code and s.seat_type == wanted),
                None,
            )
            if name and code and date and seat is None:
                reader.problem(
                    path.rstrip("."),
                    _("%(name)s har ingen styrelseplats som %(type)s för medlemmen %(code)s den %(date)s")
                    % {
                        "name": name,
                        "type": str(BoardSeat.SeatType(wanted).label).lower(),
                        "code": code,
                        "date": date.isoformat(),
                    },  # fmt: skip
                )
                continue
            entry["seat"] = seat
            entry["member"] = seat.appointed_by if seat else None
        rows.append(entry)
    names = [r["name"] for r in rows]
    for index, name in enumerate(names):
        if name and names.index(name) != index:
            reader.problem(f"attendance[{index}].name", _("%(name)s står två gånger") % {"name": name})
    present_members = {
        r["member"].pk for r in rows if r["role"] == AttendanceRole.MEMBER and r["present"] and r.get("member")
    }
    for row in rows:
        if row["role"] == AttendanceRole.SERVING_DEPUTY and row.get("member") and row["member"].pk in present_members:
            reader.problem(
                row["path"].rstrip("."),
                _("%(name)s kan inte tjänstgöra: ledamoten för %(member)s är närvarande")
                % {"name": row["name"], "member": row["member"]},
            )
    listed = {r["seat"].pk for r in rows if r.get("seat")}
    for seat in seats:  # the ledamöter of the date who are not listed were absent
        if seat.seat_type == BoardSeat.SeatType.MEMBER and seat.pk not in listed:
            rows.append({"name": seat.person_name, "role": AttendanceRole.MEMBER, "present": False, "seat": seat,
                         "member": seat.appointed_by, "title": "", "path": ""})  # fmt: skip
    return rows


def _items(reader: _Reader, data: Any) -> list[dict[str, Any]]:
    items = []
    for index, row in enumerate(reader.objects(data, "items")):
        path = f"items[{index}]."
        for key in sorted(set(row) - ITEM_KEYS):
            reader.problem(f"{path}{key}", _("okänt fält"))
        proposals = []
        for p_index, proposal in enumerate(reader.objects(row.get("proposals"), f"{path}proposals")):
            proposals.append(
                {
                    "by": reader.text(proposal, "by", f"{path}proposals[{p_index}].", max_length=150),
                    "clauses": reader.strings(proposal.get("clauses"), f"{path}proposals[{p_index}].clauses"),
                }
            )
        reservations = []
        for r_index, reservation in enumerate(reader.objects(row.get("reservations"), f"{path}reservations")):
            by = reader.text(reservation, "by", f"{path}reservations[{r_index}].", required=True, max_length=150)
            written = reservation.get("written", False)
            if not isinstance(written, bool):
                reader.problem(f"{path}reservations[{r_index}].written", _("ska vara true eller false"))
            reservations.append({"by": by, "written": written is True})
        immediate = row.get("immediate_adjustment", False)
        if not isinstance(immediate, bool):
            reader.problem(f"{path}immediate_adjustment", _("ska vara true eller false"))
        text = row.get("text", "")
        if not isinstance(text, str) or len(text) > 100_000:
            reader.problem(f"{path}text", _("ska vara en text"))
            text = ""
        elif problem := control_character_problem(text):
            reader.problem(f"{path}text", problem)
            text = ""
        items.append(
            {
                "title": reader.text(row, "title", path, required=True),
                "text": text.strip(),
                "documents": reader.strings(row.get("documents"), f"{path}documents"),
                "proposals": proposals,
                "decision": reader.strings(row.get("decision"), f"{path}decision"),
                "reservations": reservations,
                "immediate_adjustment": immediate is True,
            }
        )
    return items


def _numbering(
    reader: _Reader, association: Association, organ: str, date: dt.date, first: int | None, count: int
) -> int:
    """The first § number of the meeting; a clash with another meeting of the year is a problem."""
    others = [
        m for m in selectors.year_meetings(association=association, organ=organ, year=date.year) if m.date != date
    ]
    earlier_last = max((n for m in others if m.date < date for n in m.items.values_list("number", flat=True)),
                       default=None)  # fmt: skip
    start = earlier_last + 1 if earlier_last is not None else (first or 1)
    if first is not None and earlier_last is not None and first != start:
        reader.problem(
            "first_paragraph",
            _(
                "§ %(first)s krockar med numreringen: förra mötet detta år slutade på § %(last)s, "
                "så mötet börjar på § %(next)s"
            )
            % {"first": first, "last": earlier_last, "next": start},
        )
    end = start + count - 1
    for meeting in others:
        if meeting.date > date and meeting.frozen_numbers:
            numbers = list(meeting.items.values_list("number", flat=True))
            if numbers and min(numbers) <= end:
                reader.problem(
                    "items",
                    _("§ %(a)s–%(b)s krockar med mötet %(date)s, som har § %(c)s–%(d)s")
                    % {"a": start, "b": end, "date": meeting.date.isoformat(), "c": min(numbers), "d": max(numbers)},
                )
    return start


def read_meeting(data: bytes | str, *, association: Association) -> ParsedMeeting:
    """Read and validate a meeting file; ImportFailed lists every problem with its JSON path."""
    raw = load_json(data)
    problems = ProblemList()
    reader = _Reader(problems)
    if not isinstance(raw, dict):
        raise ImportFailed([Problem(None, "", _("filen ska innehålla ett JSON-objekt"), path="$")])
    for key in sorted(set(raw) - TOP_KEYS):
        reader.problem(key, _("okänt fält"))
    organ = reader.text(raw, "organ", "", max_length=60) or DEFAULT_ORGAN
    date = reader.date(raw, "date", "", required=True)
    kind = raw.get("kind", "ordinarie")
    if kind not in ("ordinarie", "extra"):
        reader.problem("kind", _("ska vara ordinarie eller extra"))
    start, end = reader.time(raw, "start"), reader.time(raw, "end")
    if start and end and end < start:
        reader.problem("end", _("mötet kan inte sluta innan det börjar"))
    first = raw.get("first_paragraph")
    if first is not None and (not isinstance(first, int) or isinstance(first, bool) or not 1 <= first <= 100_000):
        reader.problem("first_paragraph", _("ska vara ett heltal från 1"))
        first = None
    seats = selectors.board_of(association=association, on=date) if date else []
    attendance = _attendance(reader, raw.get("attendance"), date, seats)
    adjusters = reader.strings(raw.get("adjusters"), "adjusters")
    if len(set(adjusters)) != len(adjusters):
        reader.problem("adjusters", _("samma justerare står två gånger"))
    items = _items(reader, raw.get("items"))
    justified = None
    if raw.get("justified") is not None:
        block = raw["justified"] if isinstance(raw["justified"], dict) else {}
        if not isinstance(raw["justified"], dict):
            reader.problem("justified", _("ska vara ett objekt med date och by"))
        on = reader.date(block, "date", "justified.", required=True)
        by = reader.strings(block.get("by"), "justified.by")
        for index, name in enumerate(by):
            if name not in adjusters:
                reader.problem(f"justified.by[{index}]", _("%(name)s är inte bland justerarna") % {"name": name})
        if on and date and on < date:
            reader.problem("justified.date", _("justeringen (%(j)s) kan inte ske före mötet (%(m)s)") % {
                "j": on.isoformat(), "m": date.isoformat()})  # fmt: skip
        if on:
            justified = (on, by or adjusters)
    posting: dict[str, Any] = {}
    if raw.get("posting") is not None:
        block = raw["posting"] if isinstance(raw["posting"], dict) else {}
        if not isinstance(raw["posting"], dict):
            reader.problem("posting", _("ska vara ett objekt"))
        published = reader.date(block, "published", "posting.")
        removed = reader.date(block, "removed", "posting.")
        if published and removed and removed <= published:
            reader.problem(
                "posting.removed",
                _("anslaget tas ned (%(r)s) före eller samma dag som det publiceras (%(p)s)")
                % {"r": removed.isoformat(), "p": published.isoformat()},
            )
        if published and justified is None:
            reader.problem("posting.published", _("anslaget kan bara publiceras för ett justerat protokoll"))
        elif published and justified and published < justified[0]:
            reader.problem("posting.published", _("anslaget kan inte publiceras före justeringen"))
        posting = {
            "posting_published": published,
            "posting_removed": removed,
            "posting_storage": reader.text(block, "storage", "posting.", max_length=200),
            "posting_responsible": reader.text(block, "responsible", "posting.", max_length=150),
        }
    fields = {
        "place": reader.text(raw, "place", "", max_length=200),
        "start_time": start,
        "end_time": end,
        "kind": kind,
        "chair": reader.text(raw, "chair", "", max_length=150),
        "secretary": reader.text(raw, "secretary", "", max_length=150),
    }
    parsed_first = first if isinstance(first, int) else None
    digest = digest_of(raw)
    existing = selectors.find_meeting(association=association, date=date, organ=organ) if date else None
    unchanged = existing is not None and existing.import_digest == digest
    if existing is not None and not unchanged and existing.locked:
        reader.problem(
            "$",
            _("protokollet för %(organ)s %(date)s är justerat och kan inte ändras; importen avvisades")
            % {"organ": organ, "date": date.isoformat() if date else ""},
        )
    start_number = 1
    if date and not problems and not unchanged:
        start_number = _numbering(reader, association, organ, date, parsed_first, len(items))
    problems.raise_if_any()
    assert date is not None
    return ParsedMeeting(
        organ=organ,
        date=date,
        fields=fields,
        first_number=start_number,
        attendance=attendance,
        adjusters=adjusters,
        items=items,
        justified=justified,
        posting=posting,
        digest=digest,
        existing=existing,
        unchanged=unchanged,
    )
