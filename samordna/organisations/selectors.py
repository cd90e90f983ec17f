"""Read-side queries of the organisations app."""

from __future__ import annotations

import datetime as dt
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
