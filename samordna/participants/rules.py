"""The enrollment rules, shared by the services, the forms and the importer (one place for each rule).

Each check returns {field: Swedish message} for what is wrong (empty when all is well), so a page
can put the message on the field concerned and the importer can name the column. The follow-up
schedule (`plan_follow_ups`) and felregistrering (`is_felregistrering`, `participants_left_over`) are
decided here too: the services apply them one object at a time (audited), the importer in bulk.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from samordna.core.validators import participant_code_problem
from samordna.core.years import LAST_YEAR
from samordna.interventions.models import FollowUpMethod, Intervention, Orientation
from samordna.participants.models import (
    DEFAULT_FOLLOW_UP_MONTHS,
    MAX_AGE,
    MIN_AGE,
    Enrollment,
    FollowUpStatus,
    Participant,
)

# Unambiguous characters: no 0/O, 1/I/L, and no U/V pair confusion worth worrying about.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
FELREGISTRERING = "8"
LATEST_YEAR = LAST_YEAR

_PNR = re.compile(r"^\s*(?:19|20)?(\d{2})(\d{2})(\d{2})\s*[-+]?\s*\d{4}\s*$")


def new_code() -> str:
    """A random pseudonym code like `K7M-4QX` (31⁶ ≈ 890 million codes; never derived from anything).

    Drawn again until it passes the code rule (`core.validators.participant_code_problem`): about one draw in
    six has no digit; six characters can never make a personnummer or a run of 8 digits.
    """
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{raw[:3]}-{raw[3:]}"
        if participant_code_problem(code) is None:
            return code


def looks_like_personnummer(value: Any) -> bool:
    """Whether a value parses as a Swedish personnummer or samordningsnummer (YYMMDD-NNNN, YYYYMMDDNNNN)."""
    if value is None:
        return False
    text = str(value)
    if len(text) > 20:
        return False
    match = _PNR.match(text)
    if not match:
        return False
    month, day = int(match.group(2)), int(match.group(3))
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


def age_at(birth_year: int, on: dt.date) -> int:
    """Age in whole years a person born in `birth_year` reaches during the year of `on`."""
    return on.year - birth_year


def check_intervention(intervention: Intervention) -> dict[str, str]:
    """The insats takes individual registrations."""
    if intervention.orientation != Orientation.INDIVIDUAL:
        return {"intervention": _("Deltagare registreras bara i individinriktade insatser.")}
    if intervention.follow_up_method != FollowUpMethod.INDIVIDUAL:
        return {"intervention": _("Insatsen följs upp med antal, inte med individuell registrering.")}
    return {}


def check_dates(
    *, intervention: Intervention, start_date: dt.date | None, end_date: dt.date | None, has_end_reason: bool
) -> dict[str, str]:
    """Start and end inside the insats's period, end not before start, end reason iff end date."""
    errors: dict[str, str] = {}
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not LATEST_YEAR >= value.year >= 1900:
            errors[name] = _("Datumet är orimligt.")
    if errors:
        return errors
    if start_date is not None:
        if start_date < intervention.start:
            errors["start_date"] = _("Startdatum ligger före insatsens start (%(d)s).") % {"d": intervention.start}
        elif intervention.end and start_date > intervention.end:
            errors["start_date"] = _("Startdatum ligger efter insatsens slut (%(d)s).") % {"d": intervention.end}
    if end_date is not None:
        if start_date is not None and end_date < start_date:
            errors["end_date"] = _("Slutdatum kan inte ligga före startdatum.")
        elif intervention.end and end_date > intervention.end:
            errors["end_date"] = _("Slutdatum ligger efter insatsens slut (%(d)s).") % {"d": intervention.end}
        if not has_end_reason:
            errors["end_reason"] = _("Ange avslutsanledning när deltagandet har ett slutdatum.")
    elif has_end_reason:
        errors["end_reason"] = _("Avslutsanledning anges bara tillsammans med slutdatum.")
    return errors


def check_age(*, birth_year: int | None, start_date: dt.date | None) -> dict[str, str]:
    """Age 15–70 at start."""
    if birth_year is None or start_date is None:
        return {}
    age = age_at(birth_year, start_date)
    if not MIN_AGE <= age <= MAX_AGE:
        return {
            "birth_year": _("Deltagaren måste vara %(min)s–%(max)s år vid start (födelseåret ger %(age)s år).")
            % {"min": MIN_AGE, "max": MAX_AGE, "age": age}
        }
    return {}


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """Whether two periods (open end = still running) share a day."""
    return a_start <= (b_end or dt.date.max) and b_start <= (a_end or dt.date.max)


def check_overlap(
    *, start_date: dt.date, end_date: dt.date | None, others: Iterable[tuple[dt.date, dt.date | None]]
) -> dict[str, str]:
    """A person has at most one enrollment at a time in one insats."""
    for other_start, other_end in others:
        if overlaps(start_date, end_date, other_start, other_end):
            return {
                "start_date": _("Deltagaren har redan ett deltagande i insatsen under perioden (från %(d)s).")
                % {"d": other_start}
            }
    return {}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def schedule_months(schedule: Any) -> tuple[int, ...]:
    """Follow-up points of an insats (its FollowUpSchedule, else 3, 6, 12)."""
    months = getattr(schedule, "months", None)
    return tuple(sorted({int(m) for m in months})) if months else DEFAULT_FOLLOW_UP_MONTHS


@dataclass(frozen=True)
class FollowUpPlan:
    """What one enrollment's follow-ups become: (months, due date) to create and to move, months to delete."""

    create: tuple[tuple[int, dt.date], ...] = ()
    move: tuple[tuple[int, dt.date], ...] = ()
    drop: tuple[int, ...] = ()


def plan_follow_ups(
    *, end_date: dt.date | None, months: Iterable[int], existing: Mapping[int, tuple[str, dt.date]]
) -> FollowUpPlan:
    """The follow-ups of an enrollment that ends on `end_date` (None: still running, or reopened).

    `months` are the insats's follow-up points, `existing` the enrollment's follow-ups as months → (status, due
    date). With an end, each point has a follow-up due that many months after it: missing ones are created and
    pending ones move with the end; one already recorded (done, not reached, declined) stays as it is. Without
    an end, the pending ones go.
    """
    if end_date is None:
        return FollowUpPlan(drop=tuple(m for m, (status, _due) in existing.items() if status == FollowUpStatus.PENDING))
    create: list[tuple[int, dt.date]] = []
    move: list[tuple[int, dt.date]] = []
    for m in months:
        due = add_months(end_date, m)
        found = existing.get(m)
        if found is None:
            create.append((m, due))
        elif found[0] == FollowUpStatus.PENDING and found[1] != due:
            move.append((m, due))
    return FollowUpPlan(create=tuple(create), move=tuple(move))


def is_felregistrering(end_reason_code: str | None) -> bool:
    """Whether an end reason is 8, felregistrering: the registration was a mistake and is removed, not ended."""
    return end_reason_code == FELREGISTRERING


def participants_left_over(association_id: int, participant_ids: Iterable[Any]) -> Any:
    """Of these participants, those no enrollment refers to any more (removed with their last felregistrering)."""
    return Participant.objects.filter(association_id=association_id, pk__in=list(participant_ids)).exclude(
        Exists(Enrollment.objects.filter(participant=OuterRef("pk")))
    )
