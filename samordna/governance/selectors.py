"""Read-side queries of the governance app: meetings, their attendance and quorum, the board of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from samordna.core.models import Association
from samordna.governance.models import (
    DEFAULT_ORGAN,
    AgendaItem,
    Attendance,
    AttendanceRole,
    GovernanceSettings,
    ItemDocument,
    Meeting,
)
from samordna.organisations.models import BoardSeat
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
                Prefetch("documents", queryset=ItemDocument.objects.order_by("pk"))
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
