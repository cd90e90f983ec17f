"""Building the seed förbund in tests from the seed lines (never from the printed results)."""

from __future__ import annotations

import tempfile
from decimal import Decimal

from django.core.management import call_command

from samordna.core import services as core_services
from samordna.core.models import Association, Municipality
from samordna.finance import seed_data, services
from samordna.organisations import services as org_services


def write_temp(data: bytes, suffix: str = ".csv") -> str:
    """A temporary file holding `data`."""
    with tempfile.NamedTemporaryFile(delete=False, suffix=suffix) as handle:
        handle.write(data)
    return handle.name


def vastra_ostergotland(decimals: int | None = seed_data.ALLOCATION_DECIMALS) -> Association:
    """Seed 003's förbund with its five kommuner and their populations."""
    association = core_services.association_create(
        acting_user=None,
        slug="vastra-ostergotland",
        name="Samordningsförbundet Västra Östergötland",
        allocation_percent_decimals=decimals,
    )
    org_services.member_create(
        acting_user=None, association=association, code="fk", name="Försäkringskassan", kind="forsakringskassan"
    )
    org_services.member_create(
        acting_user=None, association=association, code="region", name="Region Östergötland", kind="region"
    )
    for code, name, population in seed_data.POPULATIONS_003:
        member = org_services.member_create(
            acting_user=None,
            association=association,
            code=code,
            name=name,
            kind="kommun",
            municipality=Municipality.objects.get(code=code),
        )
        org_services.population_set(
            acting_user=None, member=member, year=seed_data.ALLOCATION_POPULATION_YEAR, population=population
        )
    return association


def vastmanland_plan() -> Association:
    """Seed 004's förbund with its budget 2024–2025 and plan 2026–2027, imported through import_budget."""
    association = core_services.association_create(
        acting_user=None, slug="vastmanland", name="Samordningsförbundet Västmanland"
    )
    call_command("import_budget", "--association", association.slug, write_temp(seed_data.plan_csv()))
    return association


def opening_equity_2024() -> Decimal:
    """Seed 004 prints no opening equity; the equity at the start of 2024 is its printed 2024 end less the result.

    Only 2024's end is thereby tied to the document; 2025–2027 are computed forward and checked.
    """
    end_2024, result_2024 = Decimal(2_246_700), sum(Decimal(a[0]) for _c, _n, _k, a in seed_data.PLAN_004)
    return end_2024 - result_2024


def set_opening_equity(association: Association) -> None:
    services.opening_equity_set(acting_user=None, association=association, year=2024, amount=opening_equity_2024())
