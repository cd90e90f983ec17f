"""Member contributions: seed 003's split, largest remainder, agreed shares, the report command."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from samordna.finance import seed_data, services
from samordna.finance.allocation import allocation_for, largest_remainder, split
from samordna.finance.tests.helpers import vastra_ostergotland
from samordna.organisations.models import Member

pytestmark = pytest.mark.django_db


def test_seed_003_split_with_percent_rounded_to_a_tenth() -> None:
    association = vastra_ostergotland()
    result = allocation_for(association=association, year=2025, total=seed_data.ALLOCATION_TOTAL, population_year=2022)
    assert result.state == 4_322_000
    assert result.region == 2_161_000
    amounts = {m.name: m.amount for m in result.municipalities}
    assert amounts == {
        "Motala kommun": 1_045_924,
        "Mjölby kommun": 676_393,
        "Vadstena kommun": 179_363,
        "Boxholms kommun": 131_821,
        "Ödeshögs kommun": 127_499,
    }
    percents = {m.name: m.share_percent for m in result.municipalities}
    assert percents["Motala kommun"] == Decimal("48.4")
    assert percents["Ödeshögs kommun"] == Decimal("5.9")
    assert result.difference == 0


def test_population_year_defaults_to_latest_complete_year_and_stored_total_is_used() -> None:
    association = vastra_ostergotland()
    services.allocation_year_set(acting_user=None, association=association, year=2025, total=seed_data.ALLOCATION_TOTAL)
    result = allocation_for(association=association, year=2025)
    assert result.population_year == 2022
    assert result.total == 8_644_000
    assert result.municipalities[0].amount + result.state > 0


def test_exact_split_uses_largest_remainder_so_parts_add_up() -> None:
    association = vastra_ostergotland(decimals=None)
    result = allocation_for(association=association, year=2025, total=8_644_003, population_year=2022)
    parts = result.state + result.region + sum(m.amount for m in result.municipalities)
    assert parts == 8_644_003
    assert result.difference == 0
    # Exact shares differ from the rounded-percent rule (Motala: 48.3697… %, not 48.4 %).
    motala = next(m for m in result.municipalities if m.code == "0583")
    assert motala.share_percent.quantize(Decimal("0.01")) == Decimal("48.37")


def test_largest_remainder_ties_and_sum() -> None:
    assert largest_remainder(10, [Decimal(1)] * 3) == [4, 3, 3]
    assert sum(largest_remainder(1_000_001, [Decimal(3), Decimal(7), Decimal(11)])) == 1_000_001


def test_rounded_percents_that_miss_100_report_the_difference() -> None:
    shares = [("a", "A", 1, Decimal(1)), ("b", "B", 1, Decimal(1)), ("c", "C", 1, Decimal(1))]
    result = split(year=2025, total=400, shares=shares, basis="population", percent_decimals=0)
    assert [m.share_percent for m in result.municipalities] == [Decimal(33)] * 3
    assert result.difference == 100 - 3 * 33


def test_agreed_percentages_replace_population() -> None:
    association = vastra_ostergotland(decimals=None)
    kommuner = list(Member.objects.filter(association=association, kind="kommun").order_by("code"))
    percents = {m: Decimal(20) for m in kommuner}
    services.agreed_shares_set(acting_user=None, association=association, year=2025, percents=percents)
    result = allocation_for(association=association, year=2025, total=1_000_000)
    assert result.basis == "agreed"
    assert {m.amount for m in result.municipalities} == {50_000}


def test_agreed_percentages_must_sum_to_100() -> None:
    association = vastra_ostergotland()
    kommun = Member.objects.filter(association=association, kind="kommun").first()
    with pytest.raises(ValidationError):
        services.agreed_shares_set(acting_user=None, association=association, year=2025, percents={kommun: Decimal(50)})


def test_missing_population_is_a_clear_error() -> None:
    association = vastra_ostergotland()
    with pytest.raises(ValidationError, match="Folkmängd"):
        allocation_for(association=association, year=2025, total=100, population_year=2019)


def test_report_allocation_json_follows_the_contract() -> None:
    association = vastra_ostergotland()
    out = io.StringIO()
    call_command(
        "report",
        "allocation",
        "--association",
        association.slug,
        "--year",
        "2025",
        "--total",
        str(seed_data.ALLOCATION_TOTAL),
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["association"] == "vastra-ostergotland"
    assert data["suppression"] == {"threshold": association.suppression_threshold, "hidden_cells": 0}
    assert "generated_at" in data
    assert (data["year"], data["total"], data["state"], data["region"]) == (2025, 8_644_000, 4_322_000, 2_161_000)
    motala = next(m for m in data["municipalities"] if m["code"] == "0583")
    assert motala == {
        "code": "0583",
        "name": "Motala kommun",
        "population": 43_674,
        "share_percent": 48.4,
        "amount": 1_045_924,
    }
