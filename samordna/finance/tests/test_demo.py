"""The finance demo: loads seed figures into existing demo associations, creates nothing otherwise, idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samordna.core import services as core_services
from samordna.core.models import Association, AuditEntry
from samordna.finance import demo
from samordna.finance.allocation import allocation_for
from samordna.finance.annual import annual_accounts
from samordna.finance.models import BudgetAmount, BudgetLine, LedgerEntry
from samordna.finance.selectors import budget_followup, budget_plan
from samordna.organisations import services as org_services

pytestmark = pytest.mark.django_db


def test_nothing_is_created_without_the_associations() -> None:
    assert demo.load() == {"vastmanland": False, "vastra-ostergotland": False}
    assert not Association.objects.exists()
    assert not BudgetLine.objects.exists()


def test_demo_loads_seed_figures_and_is_idempotent() -> None:
    vastmanland = core_services.association_create(acting_user=None, slug="vastmanland", name="Västmanland")
    vo = core_services.association_create(acting_user=None, slug="vastra-ostergotland", name="Västra Östergötland")
    org_services.member_create(
        acting_user=None, association=vo, code="fk", name="Försäkringskassan", kind="forsakringskassan"
    )
    assert demo.load() == {"vastmanland": True, "vastra-ostergotland": True}
    counts = (BudgetAmount.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count())
    demo.load()
    assert (BudgetAmount.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count()) == counts
    plan = budget_plan(association=vastmanland, years=[2024, 2025, 2026, 2027])
    assert [plan.equity_end[y] for y in (2024, 2025, 2026, 2027)] == [2_246_700, 1_000_700, 1_732_100, 2_054_100]
    follow = budget_followup(association=vastmanland, year=2024, until=dt.date(2024, 8, 31))
    total = follow.total()
    assert total["actual"] == 2_355_335 and total["forecast"] == -1_703_329
    assert BudgetLine.objects.get(association=vastmanland, code="1063").name == "Samordningsteam FNS"
    accounts = annual_accounts(association=vastmanland, year=2017)  # seed 002's balances
    assert all(check.ok for check in accounts.checks)
    assert accounts.balance_sheet["eget_kapital"][2016] == Decimal("3718297.70")
    vo.refresh_from_db()
    allocation = allocation_for(association=vo, year=2025)
    assert allocation.total == 8_644_000
    assert {m.name: m.amount for m in allocation.municipalities}["Motala kommun"] == 1_045_924
