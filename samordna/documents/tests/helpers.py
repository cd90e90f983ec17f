"""Shared set-up of the documents tests: the demo förbund Västmanland (members and board from the demo
organisation file) with seed 000's budget, forecast and ledger imported as the finance tests do (`_seed_000`
in finance/tests/test_budget.py), or with the whole finance demo."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from samordna.core.models import Association
from samordna.demo import DEMO_DIR
from samordna.finance import demo as finance_demo
from samordna.finance import seed_data
from samordna.finance.tests.helpers import write_temp
from samordna.onboarding.organisation import import_organisation_file

UNTIL = dt.date(2024, 8, 31)


def vastmanland(*, finance_demo_data: bool = False) -> Association:
    """Västmanland with seed 000's figures (or, with `finance_demo_data`, the finance demo of `samordna demo`)."""
    import_organisation_file(acting_user=None, path=DEMO_DIR / "vastmanland.json")
    association = Association.objects.get(slug="vastmanland")
    if finance_demo_data:
        finance_demo.load(today=dt.date(2026, 12, 1))
        return association
    out = io.StringIO()
    call_command(
        "import_budget", "--association", association.slug, write_temp(seed_data.followup_budget_csv()), stdout=out
    )
    call_command(
        "import_ledger", "--association", association.slug, write_temp(seed_data.followup_ledger_csv()), stdout=out
    )
    return association


def section(data: dict, key: str) -> dict:  # type: ignore[type-arg]
    """A section of a document's content by key."""
    return next(part for part in data["sections"] if part["key"] == key)
