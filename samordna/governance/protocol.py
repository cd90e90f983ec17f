"""The `protocol` report kind: a meeting's protocol as the contract's JSON and as a document (DOCX, PDF).

The document follows seed 001 as far as the report kit's sections allow: the header block (organ, date,
place and time), beslutande / ersättare / övriga deltagande, the table of contents, each § under its heading
("SFV § 38 Protokolljusterare") with handlingar, text, förslag and yrkanden, "Beslut" with the Att-clauses and
the reservations, then the justering and the ANSLAG/BEVIS block.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.governance import selectors
from samordna.governance.models import DEFAULT_ORGAN, AgendaItem, Attendance, AttendanceRole, Meeting
from samordna.reporting import registry
from samordna.reporting.tables import Column, Report, Section, Table

KIND = "protocol"
NOTICE_KIND = "kallelse"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _person(row: Attendance) -> str:
    parts = [row.name]
    if row.title:
        parts.append(row.title)
    if row.member is not None:
        parts.append(row.member.name)
    elif row.role == AttendanceRole.OTHER:
        parts.append(_("Samordningsförbundet"))
    return ", ".join(parts)


def _attendance_json(row: Attendance) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": row.name, "role": row.role}
    if row.member is not None:
        entry["member"] = row.member.code
    if row.title:
        entry["title"] = row.title
    return entry


def _reservation_text(reservation: dict[str, Any]) -> str:
    if reservation.get("written"):
        return _("%(by)s har lämnat in en skriftlig reservation mot beslutet (bifogas protokollet).") % {
            "by": reservation["by"]
        }
    return _("%(by)s reserverar sig mot beslutet.") % {"by": reservation["by"]}


def _item_sections(item: AgendaItem) -> list[Section]:
    heading = Section(f"{item.label} {item.title}")
    documents = [d.name for d in item.documents.all()]
    if documents:
        heading.paragraphs.append(_("Handling: %(d)s") % {"d": "; ".join(documents)})
    heading.paragraphs.extend(_paragraphs(item.text))
    for proposal in item.proposals:
        who = proposal.get("by") or ""
        heading.paragraphs.append(
            _("Förslag till beslut (%(by)s):") % {"by": who} if who else _("Förslag till beslut:")
        )
        heading.paragraphs.extend(f"– {clause}" for clause in proposal.get("clauses", []))
    parts = [heading]
    decision = Section(_("Beslut"), [f"– {clause}" for clause in item.decision], level=3)
    if item.immediate_adjustment:
        decision.paragraphs.append(_("Paragrafen justeras omedelbart."))
    decision.paragraphs.extend(_reservation_text(r) for r in item.reservations)
    if decision.paragraphs:
        parts.append(decision)
    return parts


def protocol_report(meeting: Meeting) -> Report:
    """The protocol of a meeting as a report (sections for the document, the contract's JSON as data)."""
    association = meeting.association
    groups = selectors.attendance_groups(meeting)
    items = selectors.items(meeting)
    adjusters = list(meeting.adjusters.all())
    when = meeting.date.isoformat()
    time = ""
    if meeting.start_time:
        time = f"kl {meeting.start_time:%H.%M}" + (f"–{meeting.end_time:%H.%M}" if meeting.end_time else "")
    intro = [
        f"{meeting.organ.capitalize()} {association.name}",
        _("Sammanträdesdatum: %(d)s") % {"d": when},
        _("Plats och tid: %(p)s") % {"p": ", ".join(part for part in (meeting.place, time) if part) or "–"},
    ]
    if not meeting.locked:
        intro.append(_("Utkast: protokollet är inte justerat."))
    sections = [
        Section(_("Beslutande"), [_person(r) for r in groups["beslutande"]] or ["–"]),
        Section(_("Ersättare"), [_person(r) for r in groups["ersattare"]] or ["–"]),
        Section(_("Övriga deltagande"), [_person(r) for r in groups["ovriga"]] or ["–"]),
    ]
    if items:
        contents = Table(_("Innehållsförteckning"), [Column("number", "§"), Column("title", _("Ärende"))])
        for item in items:
            contents.add(number=f"§ {item.number}", title=item.title)
        sections.append(Section(_("Innehållsförteckning"), tables=[contents]))
    for item in items:
        sections.extend(_item_sections(item))
    justering = Section(_("Justering"))
    if items:
        justering.paragraphs.append(_("Paragrafer %(a)s–%(b)s") % {"a": items[0].number, "b": items[-1].number})
    if meeting.secretary:
        justering.paragraphs.append(_("Sekreterare: %(n)s") % {"n": meeting.secretary})
    if meeting.chair:
        justering.paragraphs.append(_("Ordförande: %(n)s") % {"n": meeting.chair})
    for adjuster in adjusters:
        signed = adjuster.signed_on.isoformat() if adjuster.signed_on else _("ej justerat")
        justering.paragraphs.append(_("Justerande: %(n)s (%(d)s)") % {"n": adjuster.name, "d": signed})
    sections.append(justering)
    sections.append(_bevis(meeting))
    data = {
        "organ": meeting.organ,
        "date": when,
        "place": meeting.place,
        "attendance": [_attendance_json(r) for r in groups["beslutande"] + groups["ersattare"] + groups["ovriga"]],
        "adjusters": [a.name for a in adjusters],
        "paragraphs": [
            {
                "number": item.number,
                "label": item.label,
                "title": item.title,
                "text": item.text,
                "decision": list(item.decision),
                "reservations": list(item.reservations),
            }
            for item in items
        ],
        "justified": (
            {"date": meeting.justified_on.isoformat(), "by": [a.name for a in adjusters if a.signed_on]}
            if meeting.justified_on
            else None
        ),
        "posting": (
            {
                "published": _iso(meeting.posting_published),
                "removed": _iso(meeting.posting_removed),
                "storage": meeting.posting_storage,
                "responsible": meeting.posting_responsible,
            }
            if meeting.posting_published or meeting.posting_storage
            else None
        ),
    }
    return Report(KIND, _("Sammanträdesprotokoll"), association, data=data, paragraphs=intro, sections=sections)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _bevis(meeting: Meeting) -> Section:
    """The ANSLAG/BEVIS block."""
    section = Section(_("ANSLAG/BEVIS"))
    if meeting.justified_on and meeting.posting_published:
        section.paragraphs.append(_("Protokollet har justerats. Justeringen har tillkännagivits genom anslag."))
    else:
        section.paragraphs.append(_("Justeringen har ännu inte tillkännagivits genom anslag."))
    table = Table(_("Anslag"), [Column("what", _("Uppgift")), Column("value", _("Värde"))])
    rows = [
        (_("Organ"), f"{meeting.organ.capitalize()}, {meeting.association.name}"),
        (_("Sammanträdesdatum"), meeting.date.isoformat()),
        (_("Anslaget publiceras"), _iso(meeting.posting_published) or "–"),
        (_("Anslaget avpubliceras"), _iso(meeting.posting_removed) or "–"),
        (_("Förvaringsplats för protokollet"), meeting.posting_storage or "–"),
        (_("Ansvarig för anslag"), meeting.posting_responsible or "–"),
    ]
    for what, value in rows:
        table.add(what=what, value=value)
    section.tables.append(table)
    return section


def add_arguments(parser: ArgumentParser) -> None:
    """The kind's options: --meeting (the date) and --organ (default styrelsen)."""
    parser.add_argument("--meeting", required=True, help="mötets datum, ÅÅÅÅ-MM-DD")
    parser.add_argument("--organ", default=DEFAULT_ORGAN, help="organet, t.ex. styrelsen (standard)")


def build(*, association: Association, options: dict[str, Any]) -> Report:
    """Build from CLI or page options."""
    return protocol_report(_meeting(association, options))


def _meeting(association: Association, options: dict[str, Any]) -> Meeting:
    text = str(options.get("meeting") or "")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(_("Ange mötets datum som ÅÅÅÅ-MM-DD.")) from exc
    organ = str(options.get("organ") or DEFAULT_ORGAN)
    meeting = selectors.find_meeting(association=association, date=date, organ=organ)
    if meeting is None:
        raise ValidationError(
            _("Förbundet har inget möte i %(organ)s den %(date)s.") % {"organ": organ[:60], "date": date.isoformat()}
        )
    return meeting


def notice_report(meeting: Meeting) -> Report:
    """The kallelse: time, place and the agenda with each §'s handlingar."""
    items = selectors.items(meeting)
    time = f" kl {meeting.start_time:%H.%M}" if meeting.start_time else ""
    intro = [
        _("%(organ)s i %(name)s kallas till sammanträde.")
        % {"organ": meeting.organ.capitalize(), "name": meeting.association.name},
        _("Tid: %(d)s%(t)s") % {"d": meeting.date.isoformat(), "t": time},
        _("Plats: %(p)s") % {"p": meeting.place or "–"},
    ]
    agenda = Table(
        _("Föredragningslista"),
        [Column("number", "§"), Column("title", _("Ärende")), Column("documents", _("Handlingar"))],
    )
    for item in items:
        agenda.add(
            number=item.label, title=item.title, documents="; ".join(d.name for d in item.documents.all()) or "–"
        )
    data = {
        "organ": meeting.organ,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "start": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "items": [
            {"number": i.number, "label": i.label, "title": i.title, "documents": [d.name for d in i.documents.all()]}
            for i in items
        ],
    }
    sections = [Section(_("Föredragningslista"), tables=[agenda])]
    return Report(NOTICE_KIND, _("Kallelse"), meeting.association, data=data, paragraphs=intro, sections=sections)


def build_notice(*, association: Association, options: dict[str, Any]) -> Report:
    """The kallelse, from CLI or page options."""
    meeting = _meeting(association, options)
    return notice_report(meeting)


def register_kind() -> None:
    """Add `protocol` and `kallelse` to the report registry (from GovernanceConfig.ready)."""
    registry.register(registry.ReportKind(KIND, _("Sammanträdesprotokoll"), add_arguments, build))
    registry.register(
        registry.ReportKind(NOTICE_KIND, _("Kallelse med föredragningslista"), add_arguments, build_notice)
    )
