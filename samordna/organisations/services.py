"""Write services for members, populations and board seats; each validates and writes an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, update_audited
from samordna.core.models import Association
from samordna.organisations.models import BoardSeat, Member, Population


@transaction.atomic
def member_create(*, acting_user: Any, association: Association, **fields: Any) -> Member:
    """Add a member (part) to the förbund."""
    return create_audited(Member, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def member_update(*, acting_user: Any, member: Member, **fields: Any) -> Member:
    """Change a member."""
    return update_audited(member, acting_user=acting_user, **fields)


@transaction.atomic
def population_set(*, acting_user: Any, member: Member, year: int, population: int) -> Population:
    """Set a kommun member's population for one year (create or change)."""
    if member.kind != "kommun":
        raise ValidationError({"population": _("Folkmängd anges bara för kommuner.")})
    existing = Population.objects.filter(member=member, year=year).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, population=population)
    return create_audited(Population, acting_user=acting_user, member=member, year=year, population=population)


def _check_board_seat(association: Association, fields: dict[str, Any], seat: BoardSeat | None) -> None:
    appointed_by = fields.get("appointed_by")
    if appointed_by is not None and appointed_by.association_id != association.pk:
        raise ValidationError({"appointed_by": _("Medlemmen tillhör inte förbundet.")})
    office = fields.get("office", seat.office if seat else "")
    if office:
        # One chair (and one vice chair) at a time: no other seat with the office whose term overlaps.
        term_start = fields.get("term_start", seat.term_start if seat else None)
        term_end = fields.get("term_end", seat.term_end if seat else None)
        clash = BoardSeat.objects.filter(association=association, office=office)
        if term_start is not None:
            clash = clash.filter(Q(term_end__isnull=True) | Q(term_end__gte=term_start))
        if term_end is not None:
            clash = clash.filter(term_start__lte=term_end)
        if seat is not None:
            clash = clash.exclude(pk=seat.pk)
        if clash.exists():
            raise ValidationError(
                {"office": _("Någon annan har redan den funktionen i styrelsen under samma mandatperiod.")}
            )


@transaction.atomic
def board_seat_create(*, acting_user: Any, association: Association, **fields: Any) -> BoardSeat:
    """Add a seat to the board."""
    _check_board_seat(association, fields, None)
    return create_audited(BoardSeat, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def board_seat_update(*, acting_user: Any, seat: BoardSeat, **fields: Any) -> BoardSeat:
    """Change a board seat."""
    _check_board_seat(seat.association, fields, seat)
    return update_audited(seat, acting_user=acting_user, **fields)


@transaction.atomic
def board_seat_delete(*, acting_user: Any, seat: BoardSeat) -> None:
    """Remove a board seat; refused while something refers to it (a meeting's attendance)."""
    try:
        with transaction.atomic():
            delete_audited(seat, acting_user=acting_user)
    except ProtectedError as error:
        raise ValidationError(
            _("Platsen finns med i ett mötes närvaro och kan inte tas bort. Avsluta mandatperioden i stället.")
        ) from error


@transaction.atomic
def board_seat_end(*, acting_user: Any, seat: BoardSeat, on: dt.date) -> BoardSeat:
    """End a seat's term on `on` (archive it): it stays in older protocols and the board of earlier dates."""
    if on < seat.term_start:
        message = _("Uppdraget kan inte sluta före mandatperiodens start (%(start)s).")
        raise ValidationError({"term_end": message % {"start": seat.term_start.isoformat()}})
    return update_audited(seat, acting_user=acting_user, term_end=on)


@transaction.atomic
def board_seat_resume(*, acting_user: Any, seat: BoardSeat) -> BoardSeat:
    """Bring an ended seat back: its term runs on, without an end date."""
    return update_audited(seat, acting_user=acting_user, term_end=None)


@transaction.atomic
def member_leave(*, acting_user: Any, member: Member, on: dt.date) -> Member:
    """Archive a member that has left the förbund on `on`; it stays in the data it is part of."""
    return update_audited(member, acting_user=acting_user, left_on=on)


@transaction.atomic
def member_rejoin(*, acting_user: Any, member: Member) -> Member:
    """Bring an archived member back (it is a member again, without a leaving date)."""
    return update_audited(member, acting_user=acting_user, left_on=None)
