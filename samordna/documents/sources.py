"""The generated parts of a document, each read from the app that owns the data.

Every source takes a `Period` and returns a `Part` (generated paragraphs and report-kit tables) or, when its app
has no data for the period, a `Part` whose `empty` says so in plain Swedish; the document keeps the section
instead of dropping it. Reads go through the other apps' selectors or the report registry, never their models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.governance import selectors as governance
from samordna.organisations import selectors as organisations
from samordna.participants.statistics.document import as_report
from samordna.publications.selectors import published_for_period
from samordna.reporting import registry
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.tables import Column, Kind, Report, RowStyle, Table


@dataclass
class Period:
    """The document's förbund and period (1 January of `year` to `until`), with a cache of built reports."""

    association: Association
    year: int
    until: dt.date
    reports: dict[str, Report | ValidationError] = field(default_factory=dict)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def report(self, kind: str, **options: Any) -> Report:
        """A report of the registry, built once per document (its refusal raised again on each use)."""
        key = kind + repr(sorted(options.items()))
        if key not in self.reports:
            try:
                self.reports[key] = registry.build(kind, association=self.association, options=options)
            except ValidationError as error:
                self.reports[key] = error
        found = self.reports[key]
        if isinstance(found, ValidationError):
            raise found
        return found


@dataclass
class Part:
    """What a source gives its section."""

    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""


Source = Callable[[Period], Part]
OFFICE_RANK = {"ordforande": 0, "vice_ordforande": 1}


def _refused(error: ValidationError) -> Part:
    return Part(empty=" ".join(error.messages))


def board(period: Period) -> Part:
    """The board on the period's last day: ledamot, ersättare and the member that appointed them (seed 000)."""
    seats = list(organisations.board(association=period.association, on=period.until).order_by("appointed_by__name"))
    if not seats:
        return Part(empty=_("Styrelsen har inga ledamöter registrerade den %(d)s.") % {"d": period.until.isoformat()})
    table = Table(
        _("Styrelsens sammansättning %(d)s") % {"d": period.until.isoformat()},
        [Column("member", _("Ledamot")), Column("deputy", _("Ersättare")), Column("appointed_by", _("Utsedd av"))],
        key="styrelse",
    )
    by_member: dict[int, dict[str, list[str]]] = {}
    names: dict[int, str] = {}
    rank: dict[int, int] = {}
    for seat in seats:
        group = by_member.setdefault(seat.appointed_by_id, {"ledamot": [], "ersattare": []})
        names[seat.appointed_by_id] = seat.appointed_by.name
        rank[seat.appointed_by_id] = min(rank.get(seat.appointed_by_id, 2), OFFICE_RANK.get(seat.office, 2))
        office = f", {seat.get_office_display().lower()}" if seat.office else ""
        group[seat.seat_type].append(seat.person_name + office)
    for member_id in sorted(by_member, key=lambda m: (rank[m], names[m])):
        group = by_member[member_id]
        for index in range(max(len(group["ledamot"]), len(group["ersattare"]))):
            table.add(
                member=group["ledamot"][index] if index < len(group["ledamot"]) else "",
                deputy=group["ersattare"][index] if index < len(group["ersattare"]) else "",
                appointed_by=names[member_id] if index == 0 else "",
            )
    return Part(tables=[table])


def decisions(period: Period) -> Part:
    """The board's held meetings in the period and the decisions of their §§ (governance)."""
    meetings = [
        m
        for m in governance.meeting_with_items(
            governance.year_meetings(association=period.association, organ="styrelsen", year=period.year)
        )
        if m.date <= period.until and m.status in ("genomfort", "justerat")
    ]
    if not meetings:
        return Part(empty=_("Inga styrelsemöten är registrerade som genomförda under perioden."))
    table = Table(
        _("Beslut under perioden"),
        [Column("date", _("Möte")), Column("item", _("Paragraf")), Column("decision", _("Beslut"))],
        key="beslut",
    )
    for meeting in meetings:
        for item in meeting.items.all():
            if item.decision:
                table.add(
                    date=meeting.date.isoformat(),
                    item=f"{item.label} {item.title}",
                    decision=" ".join(str(clause) for clause in item.decision),
                )
    paragraphs = [_("Styrelsen har under perioden haft %(n)s möten.") % {"n": len(meetings)}]
    if not table.rows:
        return Part(paragraphs, empty=_("Protokollen för perioden har inga beslut registrerade."))
    return Part(paragraphs, [table])


def goals(period: Period) -> Part:
    """The goal follow-up per målområde (planning, published values)."""
    try:
        report = period.report("goals", year=period.year, until=period.until.isoformat(), publish=True)
    except ValidationError as error:
        return _refused(error)
    tables = list(report.all_tables)
    if not tables:
        return Part(list(report.paragraphs), empty=_("Verksamhetsplanen har inga mål att följa upp."))
    return Part([], tables)


def participants(period: Period) -> Part:
    """Participant statistics of the period from the förbund's publication (suppressed as published)."""
    fixed = FixedPeriod.from_dates(period.first, period.until)
    if fixed is None:
        return Part(
            empty=_(
                "Deltagarstatistik publiceras för hela år, tertial och perioder till ett månadsslut; %(d)s är inte ett."
            )
            % {"d": period.until.isoformat()}
        )
    publication = published_for_period(period.association, fixed.slug)
    if publication is None:
        return Part(
            empty=_(
                "Det finns ingen publicering för %(period)s ännu. Förbundets administratör gör den under "
                "Publiceringar; först då visas deltagarstatistiken här."
            )
            % {"period": fixed.label}
        )
    publication.refresh_from_db()  # the list selector defers the tables
    data = publication.report(None)
    if not data:
        return Part(empty=_("Publiceringen för %(period)s har ingen deltagarstatistik.") % {"period": fixed.label})
    report = as_report(association=period.association, data=data, title=publication.title, published=True)
    report.paragraphs.insert(0, _("Publicerad statistik: %(title)s.") % {"title": publication.title})
    return Part(list(report.paragraphs), list(report.all_tables))


def activities(period: Period) -> Part:
    """The structural activities with attendance (activities): the year's tables, or for a delår the events up to
    its last day."""
    try:
        report = period.report("events", year=str(period.year))
    except ValidationError as error:
        return _refused(error)
    events = [e for e in report.data.get("events", []) if e["date"] <= period.until.isoformat()]
    if not events:
        return Part(
            empty=_("Inga strukturövergripande aktiviteter är registrerade %(y)s till och med %(d)s.")
            % {"y": period.year, "d": period.until.isoformat()}
        )
    if period.until == dt.date(period.year, 12, 31):
        return Part([], list(report.all_tables))
    table = Table(
        _("Aktiviteter till och med %(d)s") % {"d": period.until.isoformat()},
        [
            Column("title", _("Aktivitet")),
            Column("date", _("Datum")),
            Column("days", _("Dagar"), Kind.DECIMAL, decimals=1),
            Column("count", _("Antal deltagare"), Kind.INTEGER),
        ],
        key="events",
    )
    for event in events:
        table.add(title=event["title"], date=event["date"], days=event["days"], count=event["attendance"]["total"])
    table.add(RowStyle.TOTAL, title=_("Totalt"), count=sum(e["attendance"]["total"] for e in events))
    return Part([], [table])


def followup(period: Period) -> Part:
    """Budget, outcome to the date, forecast and deviation per line with comments (finance, seed 000)."""
    try:
        report = period.report("budget-followup", year=str(period.year), until=period.until.isoformat())
    except ValidationError as error:
        return _refused(error)
    if not report.data.get("lines"):
        return Part(empty=_("Det finns ingen budget för %(y)s.") % {"y": period.year})
    comments = [f"{line['name']}: {line['comment']}" for line in report.data["lines"] if line.get("comment")]
    return Part(comments, list(report.tables))


def _accounts(period: Period, keys: tuple[str, ...]) -> Part:
    try:
        report = period.report("annual-accounts", year=str(period.year))
    except ValidationError as error:
        return _refused(error)
    tables = [t for t in report.tables if t.key in keys]
    return Part([], tables)


def key_figures(period: Period) -> Part:
    """Ekonomisk sammanfattning: outcome, budget, deviation and the previous year (finance)."""
    return _accounts(period, ("ekonomisk_sammanfattning",))


def income_statement(period: Period) -> Part:
    """Resultaträkning with the previous year."""
    return _accounts(period, ("resultatrakning",))


def balance_sheet(period: Period) -> Part:
    """Balansräkning with the previous year."""
    return _accounts(period, ("balansrakning",))


def cash_flow(period: Period) -> Part:
    """Kassaflödesanalys with the previous year."""
    return _accounts(period, ("kassaflodesanalys",))


def notes(period: Period) -> Part:
    """Noter 1–3."""
    return _accounts(period, ("not_intakter", "not_fordringar", "not_kortfristiga_skulder"))


def operating(period: Period) -> Part:
    """Driftsredovisning per kostnadsställe (finance)."""
    try:
        report = period.report("driftsredovisning", year=str(period.year), until=period.until.isoformat())
    except ValidationError as error:
        return _refused(error)
    if not report.data.get("lines"):
        return Part(
            empty=_("Det finns ingen budget eller bokföring per kostnadsställe för %(y)s.") % {"y": period.year}
        )
    return Part([], list(report.tables))


def signatures(period: Period) -> Part:
    """The signature page: a line for each ledamot of the board on the period's last day."""
    seats = [
        s
        for s in organisations.board(association=period.association, on=period.until).order_by("person_name")
        if s.seat_type == "ledamot"
    ]
    if not seats:
        return Part(empty=_("Styrelsen har inga ledamöter registrerade den %(d)s.") % {"d": period.until.isoformat()})
    seats.sort(key=lambda s: (OFFICE_RANK.get(s.office, 2), s.person_name))
    table = Table(
        _("Underskrifter"),
        [Column("name", _("Ledamot")), Column("appointed_by", _("Utsedd av")), Column("signature", _("Underskrift"))],
        key="underskrifter",
    )
    for seat in seats:
        office = f", {seat.get_office_display().lower()}" if seat.office else ""
        table.add(name=seat.person_name + office, appointed_by=seat.appointed_by.name, signature="")
    place = _("Ort och datum: ____________________")
    return Part([place], [table])
