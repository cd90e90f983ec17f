"""Helpers for tests of every app that name members."""

from __future__ import annotations

import datetime as dt

from samordna.organisations import services
from samordna.organisations.models import Member

#: What a form says when a member that has left the förbund is chosen for a new row.
ARCHIVED_REFUSED = "En medlem som har lämnat förbundet kan inte väljas för en ny rad."


def leave(member: Member, on: dt.date | None = None) -> Member:
    """Archive `member` through the service: it left the förbund on `on` (default yesterday)."""
    return services.member_leave(acting_user=None, member=member, on=on or dt.date.today() - dt.timedelta(days=1))
