"""Small builders for participant tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import CodeListEntry, Municipality
from samordna.participants import services
from samordna.participants.models import Enrollment


def code(list_name: str, value: str) -> CodeListEntry:
    """A code-list entry."""
    return CodeListEntry.objects.get(list=list_name, code=value)


def enroll(
    intervention: Any,
    *,
    code_: str = "",
    start: dt.date = dt.date(2024, 1, 10),
    birth_year: int = 1990,
    gender: str = "kvinna",
    **fields: Any,
) -> Enrollment:
    """Register a new participant into `intervention`."""
    return services.register_in(
        acting_user=None,
        intervention=intervention,
        code=code_,
        gender=gender,
        birth_year=birth_year,
        municipality=Municipality.objects.get(code="1980"),
        start_date=start,
        **fields,
    )
