"""Read-side queries of the governance app: meetings, their attendance and quorum, the board of a date."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from samordna.core.models import Association
from samordna.finance import selectors as finance_selectors
from samordna.governance.models import (
    AWAITING_DECISION,
    DEFAULT_ORGAN,
    AgendaItem,
    Application,
    ApplicationAmount,
    ApplicationStatus,
    Attendance,
    AttendanceRole,
    GovernanceSettings,
    ItemDocument,
    Meeting,
    MeetingStatus,
)
from samordna.organisations.models import BoardSeat, Member
from samordna.organisations.selectors import board


def meetings(*, user: Any, association: Association) -> QuerySet[Meeting]:
    """The meetings of a förbund the user may read (the caller has checked the role)."""
    return Meeting.objects.for_user(user, association).select_related("association")


def meeting_with_items(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their attendance, adjusters, items and handlingar prefetched."""
    return queryset.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("member", "seat")),
        "adjusters",
        Prefetch(
            "items",
            queryset=AgendaItem.objects.select_related("association").prefetch_related(
                Prefetch("documents", queryset=ItemDocument.objects.order_by("pk")),
                Prefetch("applications", queryset=Application.objects.select_related("association").order_by("name")),
            ),
        ),
    )


def find_meeting(*, association: Association, date: dt.date, organ: str = DEFAULT_ORGAN) -> Meeting | None:
    """The organ's meeting of a date, if any."""
    return meeting_with_items(Meeting.objects.for_association(association).filter(organ=organ, date=date)).first()


def board_of(*, association: Association, on: dt.date) -> list[BoardSeat]:
    """The board seats current on a date (through the organisations selectors)."""
    return list(board(association=association, on=on))


def quorum_minimum(association: Association) -> int | None:
    """The förbund's fixed quorum, or None for the default (more than half of the ledamöter)."""
    settings = GovernanceSettings.objects.filter(association=association).first()
    return settings.quorum_minimum if settings else None


@dataclass(frozen=True)
class Quorum:
    """How many seats, how many beslutande, how many are needed, and whether the meeting has a quorum."""

    seats: int
    voting: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.seats > 0 and self.voting >= self.needed


def quorum(meeting: Meeting, attendance: list[Attendance] | None = None) -> Quorum:
    """The meeting's quorum: beslutande (present ledamöter and tjänstgörande ersättare) against the rule."""
    rows = attendance if attendance is not None else list(meeting.attendance.all())
    seats = sum(1 for s in board_of(association=meeting.association, on=meeting.date) if s.seat_type == "ledamot")
    voting = sum(1 for row in rows if row.votes)
    minimum = quorum_minimum(meeting.association)
    needed = minimum if minimum is not None else seats // 2 + 1
    return Quorum(seats=seats, voting=voting, needed=needed)


def attendance_groups(meeting: Meeting) -> dict[str, list[Attendance]]:
    """Beslutande, ersättare (present, not serving) and övriga, as the protocol lists them; and the absent."""
    groups: dict[str, list[Attendance]] = {"beslutande": [], "ersattare": [], "ovriga": [], "franvarande": []}
    for row in meeting.attendance.all():
        if not row.present:
            groups["franvarande"].append(row)
        elif row.votes:
            groups["beslutande"].append(row)
        elif row.role == AttendanceRole.DEPUTY:
            groups["ersattare"].append(row)
        else:
            groups["ovriga"].append(row)
    return groups


def items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in order."""
    return list(meeting.items.all())


def year_meetings(*, association: Association, organ: str, year: int) -> QuerySet[Meeting]:
    """The organ's meetings of a calendar year, in date order."""
    return Meeting.objects.filter(association=association, organ=organ, date__year=year).order_by("date", "pk")


def applications(*, user: Any, association: Association) -> QuerySet[Application]:
    """The förbund's funding applications with their applicants, amounts, deciding § and insats."""
    return (
        Application.objects.for_user(user, association)
        .select_related("association", "decided_by__meeting__association", "decided_by__association", "intervention")
        .prefetch_related(
            Prefetch("applicants", queryset=Member.objects.order_by("name")),
            Prefetch("amounts", queryset=ApplicationAmount.objects.order_by("year")),
        )
    )


def awaiting_decision(*, association: Association) -> QuerySet[Application]:
    """Applications waiting for the board: inkommen, under beredning or bordlagd, oldest first."""
    awaiting = (ApplicationStatus.RECEIVED, *AWAITING_DECISION)
    return Application.objects.for_association(association).filter(status__in=awaiting).order_by("received_on", "pk")


def upcoming_meetings(*, association: Association, today: dt.date, limit: int = 3) -> list[Meeting]:
    """The next meetings not yet held (from today), with their agenda."""
    rows = (
        Meeting.objects.for_association(association)
        .filter(date__gte=today, status__in=(MeetingStatus.PLANNED, MeetingStatus.CALLED))
        .select_related("association")
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.select_related("association")))
        .order_by("date", "organ")
    )
    return list(rows[:limit])


def awaiting_justification(*, association: Association) -> list[Meeting]:
    """Held meetings whose protocol is not yet justerat, oldest first."""
    return list(
        Meeting.objects.for_association(association)
        .filter(status=MeetingStatus.HELD)
        .select_related("association")
        .order_by("date", "organ")
    )


HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.JUSTIFIED)


def decisions(
    *,
    user: Any,
    association: Association,
    text: str = "",
    year: int | None = None,
    number: int | None = None,
    concerns: str = "",
) -> QuerySet[AgendaItem]:
    """Every decision (a § with Att-clauses of a held meeting), filtered by text (title, text or clauses), year,
    § number and what it concerns (`ansokan`: an application; `budget`: a budget adoption; `ovrigt`: neither)."""
    rows = (
        AgendaItem.objects.for_user(user, association)
        .filter(meeting__status__in=HELD_STATUSES)
        .exclude(decision=[])
        .select_related("association", "meeting__association")
        .prefetch_related(
            Prefetch("applications", queryset=Application.objects.select_related("association").order_by("name"))
        )
    )
    text = text.strip()
    if text:
        # JSON is stored with \u escapes on SQLite and as text on PostgreSQL: look for both spellings.
        escaped = json.dumps(text)[1:-1]
        rows = rows.filter(
            Q(title__icontains=text)
            | Q(text__icontains=text)
            | Q(decision__icontains=text)
            | Q(decision__icontains=escaped)
        )
    if year is not None:
        rows = rows.filter(meeting__date__year=year)
    if number is not None:
        rows = rows.filter(number=number)
    adopted = [a.decision_ref for a in finance_selectors.adoptions(association=association) if a.decision_ref]
    if concerns == "ansokan":
        rows = rows.filter(pk__in=Application.objects.filter(association=association).values("decided_by"))
    elif concerns == "budget":
        rows = rows.filter(pk__in=adopted)
    elif concerns == "ovrigt":
        rows = rows.exclude(pk__in=Application.objects.filter(association=association, decided_by__isnull=False)
                            .values("decided_by")).exclude(pk__in=adopted)  # fmt: skip
    return rows


def budget_adoptions_by_item(*, association: Association) -> dict[int, list[Any]]:
    """The budget adoptions of the förbund by the id of the deciding § (read from finance)."""
    found: dict[int, list[Any]] = {}
    for adoption in finance_selectors.adoptions(association=association):
        if adoption.decision_ref:
            found.setdefault(adoption.decision_ref, []).append(adoption)
    return found


def decided_items(*, user: Any, association: Association) -> QuerySet[AgendaItem]:
    """The §§ of held meetings that may decide something (choices for a decision), newest first."""
    return (
        AgendaItem.objects.for_user(user, association)
        .filter(meeting__status__in=HELD_STATUSES)
        .select_related("association", "meeting__association")
        .order_by("-meeting__date", "-number")
    )


def is_held(meeting: Meeting) -> bool:
    """Whether a meeting has been held (genomfört or justerat): its §§ are decisions."""
    return meeting.status in HELD_STATUSES
