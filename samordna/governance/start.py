"""The governance panels of the start page: upcoming meetings with their agenda and protocols waiting for
justering (admins and the board), and applications waiting for a decision (admins)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samordna.core.dashboard import StartContext
from samordna.governance import selectors

UPCOMING = 3
WAITING = 5


def meetings(context: StartContext) -> dict[str, Any]:
    """The next meetings not yet held, each with its agenda, and the held meetings not yet justerade."""
    association = context.association
    return {
        "upcoming": selectors.upcoming_meetings(association=association, today=context.today, limit=UPCOMING),
        "unjustified": selectors.awaiting_justification(association=association),
        "list_url": reverse("governance:list", kwargs={"association": association.slug}),
    }


def applications(context: StartContext) -> dict[str, Any]:
    """Applications the board has still to decide (inkommen, under beredning, bordlagd), oldest first."""
    association = context.association
    rows = selectors.awaiting_decision(association=association)
    return {
        "rows": list(rows[:WAITING]),
        "total": rows.count(),
        "list_url": reverse("applications:list", kwargs={"association": association.slug}) + "?status=vantar",
    }
