"""Write services for finance; each writes an audit row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from samordna.core.audit import create_audited, update_audited
from samordna.core.models import Association
from samordna.finance.models import OpeningEquity


@transaction.atomic
def opening_equity_set(*, acting_user: Any, association: Association, year: int, amount: Decimal) -> OpeningEquity:
    """Set the equity at the start of `year` (create or change)."""
    existing = OpeningEquity.objects.filter(association=association, year=year).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, amount=Decimal(amount))
    return create_audited(OpeningEquity, acting_user=acting_user, association=association, year=year,
                          amount=Decimal(amount))
