"""Demo finance for the current year and the two before it, relative to today, so that every finance page
opened with its default year shows real-looking figures (for `samordna demo`, through `finance.demo.load`).

For each of those years in Västmanland: a budget where the year has none (the plan's amounts where seed 004
gives a plan, else last year's budget plus two percent), and a ledger up to the end of last month (the whole
year for earlier years) where the year has no ledger of its own: each line's budget spread over the months,
each month varied by a fixed seed. A year with a ledger from elsewhere (2024, seed 000) keeps it. The current
year also gets a forecast on a few lines and one small booked amount without a cost centre (so the start
page has something to point out), and the kommuner get populations (POPULATIONS) for the member
contributions. Running again the same month changes nothing; in a later month the current year's ledger is
imported again up to the new last month (the same amounts, one more month).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samordna.core.models import Association
from samordna.finance import seed_data, services
from samordna.finance.ledger_services import ledger_import
from samordna.finance.models import BudgetAmount, BudgetLine, LedgerImport
from samordna.organisations import services as org_services
from samordna.organisations.models import Member, Population

SEED = 2026
GENERATED = "demo-bokforing-"  # the prefix of the ledger files made here
INDEXATION = Decimal("1.02")
# The current year's forecast: (line code, change against the budget, comment).
FORECAST_CHANGES = (
    ("1000", Decimal("-60000"), "Revisionen beräknas bli dyrare än budgeterat."),
    ("1070", Decimal("250000"), "En vakant tjänst under våren ger lägre kostnad."),
    ("1026", Decimal("-80000"), "Fler utbildningsdagar än planerat."),
)
UNMAPPED = ("6570", Decimal("1240"), "Bankkostnader")  # account, debit, text: booked without a cost centre
# Västmanland's kommuner, rounded to thousands: demo values of the right size, not SCB's figures. Stored for
# two years back, the population year the current year's member contributions use.
POPULATIONS = {
    "1980": 158_000,
    "1983": 27_000,
    "1981": 23_000,
    "1961": 16_000,
    "1984": 14_000,
    "1982": 13_000,
    "1907": 10_000,
    "1960": 9_000,
    "1962": 6_000,
    "1904": 4_000,
}


def _round(amount: Decimal, unit: int = 1000) -> Decimal:
    return (amount / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _amounts(association: Association, year: int, version: str) -> dict[str, Decimal]:
    return dict(
        BudgetAmount.objects.filter(association=association, year=year, version=version).values_list(
            "line__code", "amount"
        )
    )


def _budget(association: Association, acting_user: Any, year: int) -> dict[str, Decimal]:
    """The year's budget by line code: the stored one, else one made from the plan or last year's budget."""
    budget = _amounts(association, year, "budget")
    if budget:
        return budget
    budget = _amounts(association, year, "plan") or {
        code: _round(amount * INDEXATION) for code, amount in _amounts(association, year - 1, "budget").items()
    }
    if not budget:
        return {}
    lines = {line.code: line for line in BudgetLine.objects.filter(association=association)}
    rows = [
        [str(year), code, lines[code].name, lines[code].category, "", "budget", str(amount), ""]
        for code, amount in budget.items()
    ]
    services.budget_import(
        acting_user=acting_user,
        association=association,
        data=seed_data._csv(rows, seed_data.BUDGET_HEADER),
        filename=f"demo-budget-{year}.csv",
    )
    return budget


def _forecast(association: Association, acting_user: Any, year: int, budget: dict[str, Decimal]) -> None:
    if _amounts(association, year, "forecast"):
        return
    lines = {line.code: line for line in BudgetLine.objects.filter(association=association)}
    rows = [
        [str(year), code, lines[code].name, lines[code].category, "", "forecast", str(budget[code] + change), text]
        for code, change, text in FORECAST_CHANGES
        if code in budget and code in lines
    ]
    if rows:
        services.budget_import(
            acting_user=acting_user,
            association=association,
            data=seed_data._csv(rows, seed_data.BUDGET_HEADER),
            filename=f"demo-prognos-{year}.csv",
        )


def ledger_csv(year: int, until: dt.date, budget: dict[str, Decimal], *, unmapped: bool) -> bytes:
    """A ledger CSV of `year` to `until`: each line's budget over twelve months, each month varied (fixed seed)."""
    rows = []
    for month in range(1, until.month + 1):
        day = _month_end(year, month)
        for code, amount in sorted(budget.items()):
            if not amount:
                continue
            rng = random.Random(f"{SEED}:{year}:{code}:{month}")
            monthly = (amount / 12 * Decimal(str(rng.uniform(0.8, 1.15)))).quantize(Decimal(1))
            account = "3511" if amount > 0 else "4610"
            rows.append([day.isoformat(), account, code, str(-monthly), "Utfall"])
    if unmapped and rows:
        account, debit, text = UNMAPPED
        rows.append([until.isoformat(), account, "", str(debit), text])
    return seed_data._csv(rows, ["date", "account", "cost_centre", "amount", "text"])


def _ledger(
    association: Association, acting_user: Any, year: int, until: dt.date, budget: dict[str, Decimal], *, current: bool
) -> None:
    imports = LedgerImport.objects.filter(association=association, last_date__year=year)
    if imports.exclude(filename__startswith=GENERATED).exists():
        return  # a ledger of its own (seed 000's 2024, or one imported in the application) is kept
    filename = f"{GENERATED}{year}-tom-{until.isoformat()}.csv"
    if imports.filter(filename=filename).exists():
        return
    ledger_import(
        acting_user=acting_user,
        association=association,
        data=ledger_csv(year, until, budget, unmapped=current),
        filename=filename,
        year=year,
    )


def _populations(association: Association, acting_user: Any, year: int) -> None:
    """The kommuner's populations of `year` where a kommun has none stored for it or later."""
    for member in Member.objects.filter(association=association, kind="kommun", municipality_id__in=POPULATIONS):
        population = POPULATIONS.get(member.municipality_id or "")
        if population and not Population.objects.filter(member=member, year__gte=year).exists():
            org_services.population_set(acting_user=acting_user, member=member, year=year, population=population)


def load_recent_years(association: Association, acting_user: Any, today: dt.date) -> None:
    """Budget, ledger and (this year) forecast for the current year and the two before it, and populations."""
    _populations(association, acting_user, today.year - 2)
    for year in range(today.year - 2, today.year + 1):
        budget = _budget(association, acting_user, year)
        if not budget:
            continue
        until = dt.date(year, 12, 31) if year < today.year else today.replace(day=1) - dt.timedelta(days=1)
        if until.year == year:  # in January the current year has no finished month yet
            _ledger(association, acting_user, year, until, budget, current=year == today.year)
        if year == today.year:
            _forecast(association, acting_user, year, budget)
