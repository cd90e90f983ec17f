"""Read-side computations of finance: multi-year plan, follow-up with forecast, driftsredovisning, mapping.

Everything is computed from the lines; printed subtotals are never stored. Budget amounts use the
förbund's sign (income +, costs −); ledger entries the accounting sign (debit +), turned round here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Sum
from django.db.models.functions import ExtractMonth

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.finance.models import (
    Account,
    AccountBalance,
    AccountRange,
    AgreedShare,
    AllocationYear,
    BudgetAdoption,
    BudgetAmount,
    BudgetLine,
    LedgerEntry,
    LedgerImport,
    LedgerMapping,
    OpeningEquity,
)

ZERO = Decimal(0)
INCOME_CATEGORIES = (BudgetCategory.MEMBER_INCOME, BudgetCategory.OTHER_INCOME)
COST_CATEGORIES = tuple(c for c in BudgetCategory.values if c not in INCOME_CATEGORIES)
# Sums over several categories, as the printed plan (seed 004) groups them.
GROUPS: dict[str, tuple[str, ...]] = {
    "administrativa_kostnader": (BudgetCategory.BOARD, BudgetCategory.ADMINISTRATION),
    "metoder_och_struktur": (BudgetCategory.METHODS, BudgetCategory.STRUCTURAL),
    "direkta_insatskostnader": (BudgetCategory.INDIVIDUAL, BudgetCategory.METHODS, BudgetCategory.STRUCTURAL),
}


def lines(*, association: Association) -> list[BudgetLine]:
    """The association's budget lines in display order."""
    return list(BudgetLine.objects.for_association(association).select_related("intervention"))


# --- What the finance pages show ---------------------------------------------------------------------------


def ledger_imports(*, association: Association, limit: int) -> list[LedgerImport]:
    """The latest ledger imports, newest first."""
    return list(LedgerImport.objects.for_association(association)[:limit])


def line_count(*, association: Association) -> int:
    """How many budget lines the förbund has."""
    return BudgetLine.objects.for_association(association).count()


def allocation_year(*, association: Association, year: int) -> AllocationYear | None:
    """The stored total and population year of a year's member contributions, if any."""
    return AllocationYear.objects.for_association(association).filter(year=year).first()


def agreed_shares(*, association: Association, year: int) -> dict[int, Decimal]:
    """Agreed municipal shares of a year, by member id."""
    return {a.member_id: a.percent for a in AgreedShare.objects.for_association(association).filter(year=year)}


def opening_equities(*, association: Association) -> list[OpeningEquity]:
    """Opening equity per year."""
    return list(OpeningEquity.objects.for_association(association))


def mapping_rules(*, association: Association) -> list[LedgerMapping]:
    """The ledger mapping rules with their budget lines."""
    return list(LedgerMapping.objects.for_association(association).select_related("line"))


def amounts_by_line_and_year(
    *, association: Association, version: str, years: list[int]
) -> dict[tuple[int, int], BudgetAmount]:
    """The amounts of one version for some years, by (line id, year): what the budget grid edits."""
    rows = BudgetAmount.objects.for_association(association).filter(version=version, year__in=years)
    return {(a.line_id, a.year): a for a in rows}


# --- Multi-year plan -------------------------------------------------------------------------------------


@dataclass
class PlanLine:
    """A line with its amount per year."""

    line: BudgetLine
    amounts: dict[int, Decimal]


@dataclass
class Plan:
    """Seed 004's table: lines, subtotals per category and group, income, costs, result, equity."""

    years: list[int]
    versions: dict[int, str]
    lines: list[PlanLine]
    subtotals: dict[str, dict[int, Decimal]]
    groups: dict[str, dict[int, Decimal]]
    total_income: dict[int, Decimal]
    total_costs: dict[int, Decimal]
    result: dict[int, Decimal]
    equity_end: dict[int, Decimal | None]
    individual_share: dict[int, Decimal | None] = field(default_factory=dict)


def plan_version(association: Association, year: int, versions: tuple[str, ...] = ("budget", "plan")) -> str | None:
    """The version a year shows: `budget` where one exists, else `plan` (docs/contracts.md)."""
    present = set(
        BudgetAmount.objects.for_association(association)
        .filter(year=year, version__in=versions)
        .values_list("version", flat=True)
        .distinct()
    )
    return next((v for v in versions if v in present), None)


def yearly_result(association: Association, year: int) -> Decimal:
    """A year's result in its plan version: the sum of all amounts (income +, costs −)."""
    version = plan_version(association, year)
    if version is None:
        return ZERO
    total = (
        BudgetAmount.objects.for_association(association)
        .filter(year=year, version=version)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


def equity_by_year(association: Association, years: list[int], result: dict[int, Decimal]) -> dict[int, Decimal | None]:
    """Projected equity at each year's end: opening equity (stored, else last year's end) plus the result.

    When the first year has no stored opening equity, the latest earlier one is rolled forward with
    the results of the years in between.
    """
    stored = {e.year: e.amount for e in OpeningEquity.objects.for_association(association)}
    previous: Decimal | None = None
    earlier = [y for y in stored if y < years[0]] if years else []
    if years and years[0] not in stored and earlier:
        previous = stored[max(earlier)]
        for year in range(max(earlier), years[0]):
            previous = stored.get(year, previous) + yearly_result(association, year)
    ends: dict[int, Decimal | None] = {}
    for year in years:
        opening = stored.get(year, previous)
        ends[year] = None if opening is None else opening + result[year]
        previous = ends[year]
    return ends


def budget_plan(*, association: Association, years: list[int]) -> Plan:
    """The multi-year plan over `years`, each year in its budget version where one exists, else plan."""
    versions = {y: plan_version(association, y) for y in years}
    amounts: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for year, version in versions.items():
        if version is None:
            continue
        for line_id, amount in (
            BudgetAmount.objects.for_association(association)
            .filter(year=year, version=version)
            .values_list("line_id", "amount")
        ):
            amounts[line_id][year] = amount
    plan_lines = [
        PlanLine(line, {y: amounts[line.pk].get(y, ZERO) for y in years})
        for line in lines(association=association)
        if line.pk in amounts
    ]
    subtotals: dict[str, dict[int, Decimal]] = {}
    for category in BudgetCategory.values:
        members = [pl for pl in plan_lines if pl.line.category == category]
        if members:
            subtotals[category] = {y: sum((pl.amounts[y] for pl in members), ZERO) for y in years}

    def total(categories: tuple[str, ...]) -> dict[int, Decimal]:
        return {y: sum((subtotals[c][y] for c in categories if c in subtotals), ZERO) for y in years}

    groups = {name: total(cats) for name, cats in GROUPS.items()}
    income = total(INCOME_CATEGORIES)
    costs = total(COST_CATEGORIES)
    result = {y: income[y] + costs[y] for y in years}
    individual = subtotals.get(BudgetCategory.INDIVIDUAL, {})
    share = {
        y: (
            individual.get(y, ZERO) / groups["direkta_insatskostnader"][y]
            if groups["direkta_insatskostnader"][y]
            else None
        )
        for y in years
    }
    return Plan(
        years=years,
        versions={y: v or "" for y, v in versions.items()},
        lines=plan_lines,
        subtotals=subtotals,
        groups=groups,
        total_income=income,
        total_costs=costs,
        result=result,
        equity_end=equity_by_year(association, years, result),
        individual_share=share,
    )


# --- Mapping ledger → lines ------------------------------------------------------------------------------


class Mapper:
    """Resolve (account, cost centre) to a budget line: rules first (most specific wins), then code = cost centre."""

    def __init__(self, association: Association):
        self.by_code = {line.code: line for line in lines(association=association)}
        self.rules = list(LedgerMapping.objects.for_association(association).select_related("line"))

    @staticmethod
    def _account_match(rule_account: str, account: str) -> bool:
        return account == rule_account or account.startswith(rule_account)

    def line_for(self, account: str, cost_centre: str) -> BudgetLine | None:
        """The line for an amount, or None when unmapped."""
        both = [
            r
            for r in self.rules
            if r.account and r.cost_centre == cost_centre and cost_centre and self._account_match(r.account, account)
        ]
        if both:
            return max(both, key=lambda r: len(r.account)).line
        centre = [r for r in self.rules if not r.account and r.cost_centre and r.cost_centre == cost_centre]
        if centre:
            return centre[0].line
        accounts = [
            r for r in self.rules if r.account and not r.cost_centre and self._account_match(r.account, account)
        ]
        if accounts:
            return max(accounts, key=lambda r: len(r.account)).line
        return self.by_code.get(cost_centre) if cost_centre else None


@dataclass
class Outcome:
    """Booked outcome mapped to lines: per line net (budget sign), costs and income; unmapped amounts kept."""

    net: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    costs: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    income: dict[int, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    unmapped: list[tuple[str, str, Decimal]] = field(default_factory=list)
    from_ledger: bool = False


def outcome(*, association: Association, year: int, until: dt.date | None = None) -> Outcome:
    """Outcome of `year` up to `until` (default year end), from the ledger, else from `actual` amounts."""
    until = until or dt.date(year, 12, 31)
    entries = LedgerEntry.objects.for_association(association).filter(date__year=year)
    result = Outcome()
    if entries.exists():
        result.from_ledger = True
        mapper = Mapper(association)
        grouped = (
            entries.filter(date__lte=until)
            .values("account", "cost_centre")
            .annotate(total=Sum("amount"))
            .order_by("cost_centre", "account")
        )
        for row in grouped:
            amount = -row["total"]  # budget sign: income +, costs −
            line = mapper.line_for(row["account"], row["cost_centre"])
            if line is None:
                if amount:
                    result.unmapped.append((row["account"], row["cost_centre"], amount))
                continue
            result.net[line.pk] += amount
            if amount < 0:
                result.costs[line.pk] += amount
            else:
                result.income[line.pk] += amount
        return result
    for line_id, amount in (
        BudgetAmount.objects.for_association(association)
        .filter(year=year, version="actual")
        .values_list("line_id", "amount")
    ):
        result.net[line_id] += amount
        if amount < 0:
            result.costs[line_id] += amount
        else:
            result.income[line_id] += amount
    return result


# --- Follow-up (seed 000) ------------------------------------------------------------------------------


@dataclass
class FollowUpLine:
    """Budget, outcome to date, full-year forecast, deviation and comment for one line."""

    line: BudgetLine
    budget: Decimal
    actual: Decimal
    forecast: Decimal | None
    comment: str

    @property
    def deviation(self) -> Decimal | None:
        return None if self.forecast is None else self.forecast - self.budget


@dataclass
class FollowUp:
    """Seed 000's table with subtotals per category and the SUMMA row."""

    year: int
    until: dt.date
    lines: list[FollowUpLine]
    unmapped: list[tuple[str, str, Decimal]]
    include_forecast: bool

    def sums(self, items: list[FollowUpLine]) -> dict[str, Decimal | None]:
        budget = sum((i.budget for i in items), ZERO)
        actual = sum((i.actual for i in items), ZERO)
        forecast = sum((i.forecast or ZERO for i in items), ZERO) if self.include_forecast else None
        return {
            "budget": budget,
            "actual": actual,
            "forecast": forecast,
            "deviation": None if forecast is None else forecast - budget,
        }

    def subtotals(self) -> dict[str, dict[str, Decimal | None]]:
        return {
            c: self.sums([i for i in self.lines if i.line.category == c])
            for c in BudgetCategory.values
            if any(i.line.category == c for i in self.lines)
        }

    def total(self) -> dict[str, Decimal | None]:
        sums = self.sums(self.lines)
        unmapped = sum((a for _a, _c, a in self.unmapped), ZERO)
        sums["actual"] = (sums["actual"] or ZERO) + unmapped
        return sums


def budget_followup(*, association: Association, year: int, until: dt.date, include_forecast: bool = True) -> FollowUp:
    """Per line: budget (budget version, else plan), outcome to `until`, forecast (default: the budget), deviation."""
    by_version: dict[str, dict[int, BudgetAmount]] = defaultdict(dict)
    for amount in BudgetAmount.objects.for_association(association).filter(year=year):
        by_version[amount.version][amount.line_id] = amount
    budget_version = "budget" if by_version.get("budget") else "plan"
    booked = outcome(association=association, year=year, until=until)
    items: list[FollowUpLine] = []
    for line in lines(association=association):
        budget = by_version[budget_version].get(line.pk)
        forecast = by_version["forecast"].get(line.pk) if include_forecast else None
        if budget is None and forecast is None and line.pk not in booked.net:
            continue
        budget_amount = budget.amount if budget else ZERO
        # Viewers get no forecast, so `forecast` is None for them and only the budget's comment shows.
        comment = (forecast.comment if forecast else "") or (budget.comment if budget else "")
        forecast_amount = (forecast.amount if forecast else budget_amount) if include_forecast else None
        items.append(FollowUpLine(line, budget_amount, booked.net.get(line.pk, ZERO), forecast_amount, comment))
    return FollowUp(year=year, until=until, lines=items, unmapped=booked.unmapped, include_forecast=include_forecast)


# --- Driftsredovisning (seed 002) ----------------------------------------------------------------------


@dataclass
class OperatingLine:
    """Årsbudget, Kostnader, Intäkter, Nettokostnad, Nettoavvikelse (= budget − nettokostnad) per cost centre."""

    code: str
    name: str
    budget: Decimal
    costs: Decimal
    income: Decimal

    @property
    def net(self) -> Decimal:
        return self.costs + self.income

    @property
    def deviation(self) -> Decimal:
        return self.budget - self.net


def operating_statement(*, association: Association, year: int, until: dt.date | None = None) -> list[OperatingLine]:
    """The driftsredovisning of `year` per cost centre; unmapped amounts get their own rows."""
    budget_version = plan_version(association, year) or "budget"
    budgets = dict(
        BudgetAmount.objects.for_association(association)
        .filter(year=year, version=budget_version)
        .values_list("line_id", "amount")
    )
    booked = outcome(association=association, year=year, until=until)
    rows = [
        OperatingLine(
            line.code,
            line.name,
            budgets.get(line.pk, ZERO),
            booked.costs.get(line.pk, ZERO),
            booked.income.get(line.pk, ZERO),
        )
        for line in sorted(lines(association=association), key=lambda ln: ln.code)
        if line.pk in budgets or line.pk in booked.net
    ]
    for account, centre, amount in booked.unmapped:
        rows.append(
            OperatingLine(
                centre or "–",
                f"Ej kopplat (konto {account})",
                ZERO,
                amount if amount < 0 else ZERO,
                amount if amount > 0 else ZERO,
            )
        )
    return rows


# --- Start page ------------------------------------------------------------------------------------------


def monthly_costs(*, association: Association, year: int, until: dt.date) -> dict[int, Decimal]:
    """Booked costs (as positive amounts) per month of `year` up to `until`, mapped as the follow-up maps them:
    the net of the cost lines and the unmapped debits. One grouped query besides the mapping rules."""
    mapper = Mapper(association)
    grouped = (
        LedgerEntry.objects.for_association(association)
        .filter(date__year=year, date__lte=until)
        .annotate(month=ExtractMonth("date"))
        .values("month", "account", "cost_centre")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    costs: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in grouped:
        amount = -row["total"]  # budget sign: costs −
        line = mapper.line_for(row["account"], row["cost_centre"])
        if (line is None and amount < 0) or (line is not None and line.category in COST_CATEGORIES):
            costs[row["month"]] -= amount
    return dict(costs)


def booked_until(*, association: Association, year: int) -> dt.date | None:
    """The date of the latest ledger entry of `year` (how far the outcome goes), or None without a ledger."""
    return LedgerEntry.objects.for_association(association).filter(date__year=year).aggregate(last=Max("date"))["last"]


def years_with_budget(*, association: Association, years: list[int]) -> set[int]:
    """Which of `years` have an adopted budget (the `budget` version)."""
    return set(
        BudgetAmount.objects.for_association(association)
        .filter(year__in=years, version="budget")
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


# --- Account balances and the account map (annual accounts) ----------------------------------------------


def balances(*, association: Association, years: list[int]) -> dict[tuple[int, str], dict[str, Decimal]]:
    """{(year, kind): {account: amount}} for `years`, kind ib/ub/res, accounting sign (debit +).

    Each (year, kind) comes from the year's own import when it stored that kind, else from the next
    year's import (its year −1).
    """
    found: dict[tuple[int, str, int], dict[str, Decimal]] = defaultdict(dict)
    for ledger_year, year, kind, account, amount in (
        AccountBalance.objects.for_association(association)
        .filter(year__in=years)
        .values_list("ledger_year", "year", "kind", "account", "amount")
    ):
        if ledger_year in (year, year + 1):
            found[(year, kind, ledger_year)][account] = amount
    chosen: dict[tuple[int, str], dict[str, Decimal]] = {}
    for year in years:
        for kind in AccountBalance.Kind.values:
            amounts = found.get((year, kind, year))
            if amounts is None:
                amounts = found.get((year, kind, year + 1))
            if amounts is not None:
                chosen[(year, kind)] = amounts
    return chosen


def account_names(*, association: Association) -> dict[str, str]:
    """Account number → name (from the ledger imports' #KONTO)."""
    return dict(Account.objects.for_association(association).values_list("number", "name"))


def account_ranges(*, association: Association) -> list[AccountRange]:
    """The förbund's own account map, ordered by first account (empty: the default BAS map applies)."""
    return list(AccountRange.objects.for_association(association).order_by("first"))


def accounts_with_balance(*, association: Association) -> list[str]:
    """Every account that has a non-zero balance or result in some stored year."""
    return sorted(
        set(
            AccountBalance.objects.for_association(association)
            .exclude(amount=0)
            .values_list("account", flat=True)
            .distinct()
        )
    )


def adoptions(*, association: Association, years: list[int] | None = None) -> list[BudgetAdoption]:
    """The board's adoptions of budget versions (year, version, the deciding §), by year."""
    rows = BudgetAdoption.objects.filter(association=association)
    if years is not None:
        rows = rows.filter(year__in=years)
    return list(rows.order_by("year", "version"))
