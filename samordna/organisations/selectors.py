"""Read-side queries of the organisations app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from samordna.core.models import Association
from samordna.organisations.models import BoardSeat, Member, Population


def members(*, association: Association) -> QuerySet[Member]:
    """The members of an association with their populations."""
    return (
        Member.objects.for_association(association)
        .select_related("municipality")
        .prefetch_related(Prefetch("populations", queryset=Population.objects.order_by("-year")))
    )


def current_members(
    *, association: Association, keep: Iterable[Member | int | None] = (), on: dt.date | None = None
) -> QuerySet[Member]:
    """The members a new row may name: those that have not left the förbund by `on` (default today).

    A member whose `left_on` is on or before the day is archived and left out, except the members in `keep`
    (members or their ids; None is skipped): those an existing row already names, so that it can be saved
    unchanged.
    """
    on = on or dt.date.today()
    kept = [m.pk if isinstance(m, Member) else m for m in keep if m is not None]
    return Member.objects.for_association(association).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=on) | Q(pk__in=kept)
    )


def kommun_members(*, association: Association) -> QuerySet[Member]:
    """The förbund's kommun members (those with a population and a share of the contributions)."""
    return Member.objects.for_association(association).filter(kind="kommun")


def member_counts(*, association: Association) -> dict[str, Any]:
    """How many members of each kind."""
    return Member.objects.for_association(association).aggregate(
        total=Count("id"), kommuner=Count("id", filter=Q(kind="kommun"))
    )


def board(*, association: Association, on: dt.date | None = None) -> QuerySet[BoardSeat]:
    """The board seats current on a date (default: all seats), chair first."""
    qs = BoardSeat.objects.for_association(association).select_related("appointed_by")
    if on is not None:
        qs = qs.filter(term_start__lte=on).filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
    return qs
