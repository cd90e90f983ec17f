"""Demo finance data from the source documents, for `samordna demo` (the lead wires `load` in).

* Västmanland (slug "vastmanland"): budget 2024–2025 and plan 2026–2027 (seed 004), the 2024 forecast
  with comments and the outcome to 31 August 2024 as a ledger (seed 000), and the opening equity of
  2024 that makes the plan's projected equity the document's; then budget, ledger and forecast of the
  current year and the two before it (`finance.demo_recent`); and seed 002's balances of 2017 and 2016 as a
  SIE file, so the annual accounts of 2017 have figures.
* Västra Östergötland (slug "vastra-ostergotland"): the 2025 total contribution 8 644 000 kr split by
  the kommuner's 2022 populations, percent rounded to 0.1 (seed 003); the same total for each later year
  up to the current one (a demo value, so the page's default year has figures).

An association that does not exist is left alone (nothing is created for it). Running `load` again
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from samordna.core import services as core_services
from samordna.core.models import Association, Municipality
from samordna.finance import seed_data, services
from samordna.finance.demo_recent import load_recent_years
from samordna.finance.ledger_services import ledger_import
from samordna.finance.models import AllocationYear, LedgerImport, OpeningEquity
from samordna.organisations import services as org_services
from samordna.organisations.models import Member, Population

LEDGER_DEMO_FILE = "demo-utfall-2024-08-31.csv"
ANNUAL_DEMO_FILE = "demo-bokslut-2017.se"  # seed 002's balances: the annual accounts of 2017 with 2016


def _vastmanland(association: Association, acting_user: Any, today: dt.date) -> None:
    services.budget_import(
        acting_user=acting_user,
        association=association,
        data=seed_data.plan_csv(),
        filename="demo-budget-2024-2027.csv",
    )
    services.budget_import(
        acting_user=acting_user,
        association=association,
        data=seed_data.followup_budget_csv(with_budget=False),
        filename="demo-prognos-2024.csv",
    )
    if not LedgerImport.objects.filter(association=association, filename=LEDGER_DEMO_FILE).exists():
        ledger_import(
            acting_user=acting_user,
            association=association,
            data=seed_data.followup_ledger_csv(),
            filename=LEDGER_DEMO_FILE,
        )
    if not LedgerImport.objects.filter(association=association, filename=ANNUAL_DEMO_FILE).exists():
        ledger_import(
            acting_user=acting_user,
            association=association,
            data=seed_data.annual_002_sie(),
            filename=ANNUAL_DEMO_FILE,
        )
    if not OpeningEquity.objects.filter(association=association, year=2024).exists():
        # Seed 004 prints the projected equity at the end of 2024 (2 246 700); the opening equity is
        # that less the 2024 budget result computed from the lines.
        result_2024 = sum(Decimal(amounts[0]) for _c, _n, _k, amounts in seed_data.PLAN_004)
        services.opening_equity_set(
            acting_user=acting_user, association=association, year=2024, amount=Decimal(2_246_700) - result_2024
        )
    load_recent_years(association, acting_user, today)


def _vastra_ostergotland(association: Association, acting_user: Any, today: dt.date) -> None:
    if association.allocation_percent_decimals is None:
        core_services.association_update(
            acting_user=acting_user, association=association, allocation_percent_decimals=seed_data.ALLOCATION_DECIMALS
        )
    year = seed_data.ALLOCATION_POPULATION_YEAR
    for code, name, population in seed_data.POPULATIONS_003:
        municipality = Municipality.objects.get(code=code)
        member = Member.objects.filter(association=association, kind="kommun", municipality=municipality).first()
        if member is None:
            if Member.objects.filter(association=association, code=code).exists():
                continue
            member = org_services.member_create(
                acting_user=acting_user,
                association=association,
                code=code,
                name=name,
                kind="kommun",
                municipality=municipality,
            )
        if not Population.objects.filter(member=member, year=year).exists():
            org_services.population_set(acting_user=acting_user, member=member, year=year, population=population)
    # Seed 003's 2025 total, and the same total (a demo value) for each year up to the current one.
    for allocation_year in range(seed_data.ALLOCATION_YEAR, max(seed_data.ALLOCATION_YEAR, today.year) + 1):
        if not AllocationYear.objects.filter(association=association, year=allocation_year).exists():
            services.allocation_year_set(
                acting_user=acting_user,
                association=association,
                year=allocation_year,
                total=seed_data.ALLOCATION_TOTAL,
                population_year=year,
            )


@transaction.atomic
def load(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, bool]:
    """Load the finance demo into the demo associations that exist; returns which were loaded.

    Besides the seed documents' years, Västmanland gets budget, ledger and forecast for the current year and
    the two before it, relative to `today` (default: today), see `finance.demo_recent`.
    """
    today = today or dt.date.today()
    loaded = {}
    for slug, loader in (("vastmanland", _vastmanland), ("vastra-ostergotland", _vastra_ostergotland)):
        association = Association.objects.filter(slug=slug).first()
        loaded[slug] = association is not None
        if association is not None:
            loader(association, acting_user, today)
    return loaded
