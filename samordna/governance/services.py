"""Write services for meetings, attendance, agenda items, justering and anslag; each validates and audits.

The § numbers run on within the calendar year and organ: a meeting's first § follows the previous meeting's
last, or the meeting's `first_number` (default 1) when it is the year's first. Items are renumbered when they
move before the meeting is held; once held the numbers are frozen. Once justerat the protocol is locked: any
change is refused with `LOCKED` (the anslag may still be recorded: it is the bevis of the justering).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.imports import max_upload_bytes
from samordna.core.models import Association, AuditEntry
from samordna.governance import selectors
from samordna.governance.models import (
    Adjuster,
    AgendaItem,
    Attendance,
    AttendanceRole,
    GovernanceSettings,
    ItemDocument,
    Meeting,
    MeetingStatus,
)
from samordna.organisations.models import BoardSeat

DOCUMENT_TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}
MEETING_FIELDS = ("organ", "date", "place", "start_time", "end_time", "kind", "status", "first_number", "chair",
                  "secretary")  # fmt: skip
ITEM_FIELDS = ("title", "text", "proposals", "decision", "reservations", "immediate_adjustment")
POSTING_FIELDS = ("posting_published", "posting_removed", "posting_storage", "posting_responsible")


def locked_message() -> str:
    """The refusal of any change to a justerat protocol."""
    return _("Protokollet är justerat och kan inte ändras.")


def require_open(meeting: Meeting) -> None:
    """Refuse a change to a justerat protocol."""
    if meeting.locked:
        raise ValidationError(locked_message(), code="locked")


def _require_not_held(meeting: Meeting) -> None:
    if meeting.frozen_numbers:
        raise ValidationError(
            _(
                "Mötet är genomfört: paragraferna har fått sina nummer och kan inte flyttas, "
                "läggas till eller tas bort."
            ),
            code="frozen",
        )


@transaction.atomic
def quorum_set(*, acting_user: Any, association: Association, quorum_minimum: int | None) -> GovernanceSettings:
    """Set the förbund's quorum (None: more than half of the ledamöter)."""
    existing = GovernanceSettings.objects.filter(association=association).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, quorum_minimum=quorum_minimum)
    return create_audited(
        GovernanceSettings, acting_user=acting_user, association=association, quorum_minimum=quorum_minimum
    )


def renumber(*, association: Association, organ: str, year: int) -> None:
    """Number the items of the organ's meetings of a year on from each other (held meetings keep theirs).

    Refused when a meeting not yet held would take numbers a later held meeting already has.
    """
    next_number: int | None = None
    for meeting in selectors.year_meetings(association=association, organ=organ, year=year):
        rows = list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("pk", "number"))
        if meeting.frozen_numbers:
            if rows and next_number is not None and min(n for _pk, n in rows) < next_number:
                raise ValidationError(
                    _("Paragrafnumren krockar med mötet %(date)s, som redan har hållits (§ %(n)s).")
                    % {"date": meeting.date.isoformat(), "n": min(n for _pk, n in rows)}
                )
            if rows:
                next_number = max(n for _pk, n in rows) + 1
            continue
        start = next_number if next_number is not None else (meeting.first_number or 1)
        for offset, (pk, number) in enumerate(rows):
            if number != start + offset:
                AgendaItem.objects.filter(pk=pk).update(number=start + offset)
        next_number = start + len(rows)


def _check_times(fields: dict[str, Any]) -> None:
    start, end = fields.get("start_time"), fields.get("end_time")
    if start and end and end < start:
        raise ValidationError({"end_time": _("Mötet kan inte sluta innan det börjar.")})


@transaction.atomic
def meeting_create(*, acting_user: Any, association: Association, **fields: Any) -> Meeting:
    """Plan a meeting."""
    _check_times(fields)
    if fields.get("status") == MeetingStatus.JUSTIFIED:
        raise ValidationError({"status": _("Ett protokoll blir justerat genom justeringen.")})
    return create_audited(Meeting, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def meeting_update(*, acting_user: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting's facts or status (not once justerat; justering is `justify`)."""
    require_open(meeting)
    _check_times({"start_time": meeting.start_time, "end_time": meeting.end_time, **fields})
    if fields.get("status") == MeetingStatus.JUSTIFIED:
        raise ValidationError({"status": _("Ett protokoll blir justerat genom justeringen.")})
    if meeting.frozen_numbers and fields.get("status", meeting.status) in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise ValidationError({"status": _("Ett genomfört möte kan inte bli planerat igen.")})
    old = (meeting.organ, meeting.date.year)
    meeting = update_audited(meeting, acting_user=acting_user, **fields)
    for organ, year in {old, (meeting.organ, meeting.date.year)}:
        renumber(association=meeting.association, organ=organ, year=year)
    return meeting


@transaction.atomic
def meeting_delete(*, acting_user: Any, meeting: Meeting) -> None:
    """Remove a meeting that has not been held."""
    require_open(meeting)
    _require_not_held(meeting)
    association, organ, year = meeting.association, meeting.organ, meeting.date.year
    for item in meeting.items.all():
        for document in item.documents.all():
            document.file.delete(save=False)
    delete_audited(meeting, acting_user=acting_user)
    renumber(association=association, organ=organ, year=year)


def _seat_of(seats: list[BoardSeat], pk: int) -> BoardSeat:
    for seat in seats:
        if seat.pk == pk:
            return seat
    raise ValidationError(_("Personen har ingen styrelseplats det datumet."))


@transaction.atomic
def attendance_set(
    *,
    acting_user: Any,
    meeting: Meeting,
    present: list[int],
    serving: list[int] | None = None,
    others: list[tuple[str, str]] | None = None,
) -> list[Attendance]:
    """Record who attended, from the board seats of the meeting's date.

    `present`: the seats (ledamöter and ersättare) present; `serving`: the ersättare seats that serve for an
    absent ledamot of the same member; `others`: övriga as (name, title). Every ledamot seat of the date is
    listed, present or absent.
    """
    require_open(meeting)
    seats = selectors.board_of(association=meeting.association, on=meeting.date)
    serving = list(serving or [])
    present_set = set(present) | set(serving)
    for pk in present_set:
        _seat_of(seats, pk)
    rows: list[dict[str, Any]] = []
    for seat in seats:
        if seat.seat_type == BoardSeat.SeatType.MEMBER:
            role = AttendanceRole.MEMBER
        elif seat.pk in serving:
            role = AttendanceRole.SERVING_DEPUTY
        elif seat.pk in present_set:
            role = AttendanceRole.DEPUTY
        else:
            continue
        title = seat.get_office_display() if seat.office else ""
        rows.append(
            {"name": seat.person_name, "role": role, "present": seat.pk in present_set, "seat": seat,
             "member": seat.appointed_by, "title": title.lower()}
        )  # fmt: skip
    _check_serving(rows)
    for name, title in others or []:
        if name.strip():
            rows.append({"name": name.strip(), "role": AttendanceRole.OTHER, "present": True, "title": title.strip()})
    return _replace_attendance(acting_user, meeting, rows)


def _check_serving(rows: list[dict[str, Any]]) -> None:
    """A tjänstgörande ersättare serves only for an absent ledamot of the same member, one each."""
    absent: dict[Any, int] = {}
    for row in rows:
        if row["role"] == AttendanceRole.MEMBER and not row["present"]:
            absent[row["member"].pk] = absent.get(row["member"].pk, 0) + 1
    for row in rows:
        if row["role"] == AttendanceRole.SERVING_DEPUTY:
            member = row["member"].pk
            if absent.get(member, 0) < 1:
                raise ValidationError(
                    _("%(name)s kan inte tjänstgöra: %(member)s har ingen frånvarande ledamot.")
                    % {"name": row["name"], "member": row["member"]}
                )
            absent[member] -= 1


def _replace_attendance(acting_user: Any, meeting: Meeting, rows: list[dict[str, Any]]) -> list[Attendance]:
    meeting.attendance.all().delete()
    created = []
    for position, row in enumerate(rows, start=1):
        attendance = Attendance(meeting=meeting, position=position, **row)
        attendance.full_clean()
        created.append(attendance)
    Attendance.objects.bulk_create(created)
    record(
        acting_user=acting_user,
        association=meeting.association,
        action=AuditEntry.Action.UPDATE,
        obj=meeting,
        changes={"närvaro": [None, [f"{r.name} ({r.role}{'' if r.present else ', frånvarande'})" for r in created]]},
    )
    return created


def _clean_clauses(value: Any, field: str) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _clean_item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    if "decision" in cleaned:
        cleaned["decision"] = _clean_clauses(cleaned["decision"], "decision")
    if "proposals" in cleaned:
        cleaned["proposals"] = [
            {"by": str(p.get("by", "")).strip(), "clauses": _clean_clauses(p.get("clauses"), "proposals")}
            for p in cleaned["proposals"] or []
        ]
    if "reservations" in cleaned:
        cleaned["reservations"] = [
            {"by": str(r.get("by", "")).strip(), "written": bool(r.get("written"))}
            for r in cleaned["reservations"] or []
            if str(r.get("by", "")).strip()
        ]
    unknown = set(cleaned) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    return cleaned


@transaction.atomic
def item_add(*, acting_user: Any, meeting: Meeting, title: str, **fields: Any) -> AgendaItem:
    """Add a § last on a meeting's agenda (before the meeting is held)."""
    require_open(meeting)
    _require_not_held(meeting)
    fields = _clean_item_fields(fields)
    last = meeting.items.order_by("-position").first()
    item = create_audited(
        AgendaItem,
        acting_user=acting_user,
        association=meeting.association,
        meeting=meeting,
        position=(last.position + 1) if last else 1,
        number=((last.number + 1) if last else (meeting.first_number or 1)),
        title=title,
        **fields,
    )
    renumber(association=meeting.association, organ=meeting.organ, year=meeting.date.year)
    item.refresh_from_db(fields=["number"])
    return item


@transaction.atomic
def item_update(*, acting_user: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    """Change a §'s title, text, proposals, decision, reservations or omedelbar justering."""
    require_open(item.meeting)
    return update_audited(item, acting_user=acting_user, **_clean_item_fields(fields))


@transaction.atomic
def item_move(*, acting_user: Any, item: AgendaItem, up: bool) -> AgendaItem:
    """Move a § one step up or down the agenda (before the meeting is held); the numbers follow."""
    meeting = item.meeting
    require_open(meeting)
    _require_not_held(meeting)
    siblings = list(meeting.items.order_by("position"))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return item
    other = siblings[other_index]
    old, new = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=other.pk).update(position=old)
    AgendaItem.objects.filter(pk=item.pk).update(position=new)
    record(
        acting_user=acting_user,
        association=meeting.association,
        action=AuditEntry.Action.UPDATE,
        obj=item,
        changes={"position": [old, new]},
    )
    renumber(association=meeting.association, organ=meeting.organ, year=meeting.date.year)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_delete(*, acting_user: Any, item: AgendaItem) -> None:
    """Remove a § (before the meeting is held); the later ones close up."""
    meeting = item.meeting
    require_open(meeting)
    _require_not_held(meeting)
    for document in item.documents.all():
        document.file.delete(save=False)
    delete_audited(item, acting_user=acting_user)
    for position, pk in enumerate(meeting.items.order_by("position").values_list("pk", flat=True), start=1):
        AgendaItem.objects.filter(pk=pk).update(position=position)
    renumber(association=meeting.association, organ=meeting.organ, year=meeting.date.year)


def check_document(upload: UploadedFile) -> str:
    """The upload's lower-case extension if it is a PDF, DOCX or XLSX within the size limit; else refused."""
    limit = max_upload_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"file": _("Filen är för stor; största tillåtna storlek är %(max)s MB.") % {"max": limit // 1_048_576}}
        )
    name = (upload.name or "").lower()
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    magic = DOCUMENT_TYPES.get(extension)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise ValidationError({"file": _("Handlingar laddas upp som PDF, Word (DOCX) eller Excel (XLSX).")})
    return extension


@transaction.atomic
def document_add(*, acting_user: Any, item: AgendaItem, upload: UploadedFile, name: str = "") -> ItemDocument:
    """Attach a handling (PDF, DOCX or XLSX) to a §."""
    require_open(item.meeting)
    check_document(upload)
    document = ItemDocument(
        association=item.association, item=item, name=(name or upload.name or "")[:200], size=upload.size or 0
    )
    document.file.save(upload.name or "handling", upload, save=False)
    try:
        document.full_clean()
    except ValidationError:
        document.file.delete(save=False)
        raise
    document.save()
    record(acting_user=acting_user, association=item.association, action=AuditEntry.Action.CREATE, obj=document)
    return document


@transaction.atomic
def document_add_named(*, acting_user: Any, item: AgendaItem, name: str) -> ItemDocument:
    """List a handling by name only (an imported protocol's handlingar have no file)."""
    require_open(item.meeting)
    return create_audited(ItemDocument, acting_user=acting_user, association=item.association, item=item, name=name)


@transaction.atomic
def document_delete(*, acting_user: Any, document: ItemDocument) -> None:
    """Remove a handling."""
    require_open(document.item.meeting)
    document.file.delete(save=False)
    delete_audited(document, acting_user=acting_user)


@transaction.atomic
def adjusters_set(*, acting_user: Any, meeting: Meeting, names: list[str]) -> list[Adjuster]:
    """Choose the justerare (replacing earlier choices that have not justerat)."""
    require_open(meeting)
    wanted = [n.strip() for n in names if n.strip()]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"adjusters": _("Samma justerare står två gånger.")})
    for adjuster in meeting.adjusters.all():
        if adjuster.name not in wanted:
            delete_audited(adjuster, acting_user=acting_user)
    existing = set(meeting.adjusters.values_list("name", flat=True))
    for name in wanted:
        if name not in existing:
            create_audited(Adjuster, acting_user=acting_user, meeting=meeting, name=name)
    return list(meeting.adjusters.all())


@transaction.atomic
def justify(*, acting_user: Any, meeting: Meeting, name: str, on: dt.date) -> Meeting:
    """Record one person's justering; when every justerare has justerat, the protocol is locked.

    The meeting must have been held, and no one justerar before the meeting's date.
    """
    require_open(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Bara ett genomfört möte kan justeras."))
    if on < meeting.date:
        raise ValidationError({"on": _("Justeringen kan inte ske före mötet (%(d)s).") % {"d": meeting.date}})
    adjuster = meeting.adjusters.filter(name=name).first()
    if adjuster is None:
        raise ValidationError({"name": _("%(name)s är inte vald till justerare.") % {"name": name}})
    update_audited(adjuster, acting_user=acting_user, signed_on=on)
    dates = list(meeting.adjusters.values_list("signed_on", flat=True))
    if all(dates):
        meeting = update_audited(
            meeting, acting_user=acting_user, justified_on=max(d for d in dates if d), status=MeetingStatus.JUSTIFIED
        )
    return meeting


@transaction.atomic
def posting_set(*, acting_user: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Record the anslag: published and removed dates (removed after published), storage and responsible.

    Allowed on a justerat protocol: the anslag is the bevis of its justering.
    """
    unknown = set(fields) - set(POSTING_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    published = fields.get("posting_published", meeting.posting_published)
    removed = fields.get("posting_removed", meeting.posting_removed)
    if published and removed and removed <= published:
        raise ValidationError({"posting_removed": _("Anslaget måste tas ned efter att det publicerats.")})
    if published and meeting.justified_on is None:
        raise ValidationError({"posting_published": _("Anslaget publiceras först när protokollet är justerat.")})
    if published and meeting.justified_on and published < meeting.justified_on:
        raise ValidationError({"posting_published": _("Anslaget kan inte publiceras före justeringen.")})
    return update_audited(meeting, acting_user=acting_user, **fields)


def meeting_import(*, acting_user: Any, association: Association, parsed: Any) -> tuple[Meeting, bool]:
    """Write a validated meeting file (importer.read_meeting) in one transaction; (meeting, written).

    The same file again writes nothing. A changed file replaces a protocol that is not justerat (the reader
    has refused a changed file of a justerat one).
    """
    from samordna.core.imports import apply_all

    if parsed.unchanged:
        return parsed.existing, False

    def write() -> Meeting:
        if parsed.existing is not None:
            existing = Meeting.objects.select_for_update().get(pk=parsed.existing.pk)
            require_open(existing)
            for item in existing.items.all():
                for document in item.documents.all():
                    document.file.delete(save=False)
            delete_audited(existing, acting_user=acting_user)
        justified = parsed.justified
        meeting = create_audited(
            Meeting,
            acting_user=acting_user,
            association=association,
            organ=parsed.organ,
            date=parsed.date,
            status=MeetingStatus.HELD,
            first_number=parsed.first_number,
            **parsed.fields,
        )
        rows = [{k: v for k, v in row.items() if k != "path"} for row in parsed.attendance]
        _replace_attendance(acting_user, meeting, rows)
        for name in parsed.adjusters:
            signed = justified[0] if justified and name in justified[1] else None
            Adjuster.objects.create(meeting=meeting, name=name, signed_on=signed)
        items = []
        for position, item in enumerate(parsed.items, start=1):
            row = AgendaItem(
                association=association,
                meeting=meeting,
                position=position,
                number=parsed.first_number + position - 1,
                **{k: v for k, v in item.items() if k != "documents"},
            )
            row.full_clean()
            items.append(row)
        AgendaItem.objects.bulk_create(items)
        for row, item in zip(items, parsed.items, strict=True):
            ItemDocument.objects.bulk_create(
                [ItemDocument(association=association, item=row, name=name[:200]) for name in item["documents"]]
            )
        updates: dict[str, Any] = {"import_digest": parsed.digest, **parsed.posting}
        if justified:
            updates.update(justified_on=justified[0], status=MeetingStatus.JUSTIFIED)
        Meeting.objects.filter(pk=meeting.pk).update(**updates)
        renumber(association=association, organ=parsed.organ, year=parsed.date.year)
        record(
            acting_user=acting_user,
            association=association,
            action=AuditEntry.Action.IMPORT,
            obj=meeting,
            changes={"paragrafer": [None, len(items)], "närvaro": [None, len(rows)]},
        )
        meeting.refresh_from_db()
        return meeting

    return apply_all(write), True
