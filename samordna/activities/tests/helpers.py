"""Shared helpers of the activities tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from samordna.activities import services
from samordna.activities.models import Event
from samordna.testing.cast import Tenant


def make_event(tenant: Tenant, code: str = "U1", *, date: dt.date = dt.date(2024, 3, 5), **fields: Any) -> Event:
    """An event of `tenant` (on its structural insats unless told otherwise)."""
    values: dict[str, Any] = {
        "title": f"Utbildning {code}",
        "kind": "utbildning",
        "date": date,
        "days": Decimal(1),
        "intervention": tenant.structural,
    }
    values.update(fields)
    return services.event_create(acting_user=None, association=tenant.association, code=code, **values)
