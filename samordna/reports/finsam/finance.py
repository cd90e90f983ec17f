"""The finance figures of Uppföljning Finsam: budget and outcome (utfall) per insats, administration, funds.

Budget is the year's adopted version (`budget`, else `plan`: finance.selectors.plan_version), summed in
the database per budget line. Outcome is finance.selectors.outcome: the ledger summed in the
database per account and cost centre and mapped to budget lines (mapping rules can match account
prefixes, so that step is Python), or the `actual` amounts when the year has no ledger.

A budget line linked to an insats counts for that insats whatever its category; an unlinked line in an
insats category counts for the insats with the line's code; other lines count for their category.
Amounts are turned to what the form asks: costs as positive kronor (net of any income booked on the
same lines), income as positive kronor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.finance import selectors
from samordna.finance.models import BudgetAmount, BudgetLine, OpeningEquity
from samordna.interventions.models import Intervention

ZERO = Decimal(0)
INCOME_CATEGORIES = frozenset(selectors.INCOME_CATEGORIES)
# Lines in these categories are insats money: linked to an insats, or found by code, or shown as unlinked.
INSATS_CATEGORIES = frozenset({BudgetCategory.INDIVIDUAL, BudgetCategory.METHODS, BudgetCategory.STRUCTURAL})


@dataclass
class Money:
    """Budget and outcome of one item in kronor (costs positive, or income positive for income items)."""

    budget: Decimal = ZERO
    outcome: Decimal = ZERO

    def __add__(self, other: Money) -> Money:
        return Money(self.budget + other.budget, self.outcome + other.outcome)

    def as_dict(self) -> dict[str, Decimal]:
        return {"budget": self.budget, "outcome": self.outcome}


@dataclass
class FinsamFinance:
    """A year's finance figures: per insats (by pk), per category for lines without insats, unmapped outcome."""

    year: int
    budget_version: str | None
    outcome_source: str | None  # "ledger", "actual" or None (nothing booked)
    interventions: dict[int, Money] = field(default_factory=lambda: defaultdict(Money))
    categories: dict[str, Money] = field(default_factory=lambda: defaultdict(Money))
    unmapped_costs: Money = field(default_factory=Money)  # booked on no budget line (outcome only)
    unmapped_income: Money = field(default_factory=Money)
    opening_equity: Decimal | None = None

    def category(self, *names: str) -> Money:
        """The sum of the given categories (lines without insats)."""
        total = Money()
        for name in names:
            total += self.categories.get(name, Money())
        return total


def _signed(amount: Decimal, category: str, linked: bool) -> Decimal:
    """Budget sign (income +, costs −) → the form's sign (costs +; income + in income categories)."""
    return amount if category in INCOME_CATEGORIES and not linked else -amount


def _targets(association: Association) -> dict[int, tuple[int | None, str]]:
    """Budget line pk → (insats pk or None, category).

    A line counts for the insats it is linked to; a line in an insats category (individinsatser, metoder,
    struktur) without a link counts for the insats whose code is the line's code (the förbund's cost
    centre is usually the insats code, e.g. 1063), so a budget imported without the intervention column
    still lands on its insatser.
    """
    by_code = dict(Intervention.objects.filter(association=association).values_list("code", "pk"))
    return {
        pk: (intervention or (by_code.get(code) if category in INSATS_CATEGORIES else None), category)
        for pk, code, category, intervention in BudgetLine.objects.for_association(association).values_list(
            "pk", "code", "category", "intervention_id"
        )
    }


def finsam_finance(*, association: Association, year: int) -> FinsamFinance:
    """Budget and outcome of `year` per insats, per category of lines without insats, and the opening equity."""
    version = selectors.plan_version(association, year)
    booked = selectors.outcome(association=association, year=year)
    source = "ledger" if booked.from_ledger else ("actual" if booked.net else None)
    result = FinsamFinance(year=year, budget_version=version, outcome_source=source)
    targets = _targets(association)

    def add(line_id: int, amount: Decimal, attribute: str) -> None:
        intervention, category = targets[line_id]
        money = result.interventions[intervention] if intervention else result.categories[category]
        setattr(money, attribute, getattr(money, attribute) + _signed(amount, category, intervention is not None))

    if version is not None:
        for row in (
            BudgetAmount.objects.for_association(association)
            .filter(year=year, version=version)
            .values("line_id")
            .annotate(total=Sum("amount"))
            .order_by("line_id")
        ):
            add(row["line_id"], row["total"] or ZERO, "budget")
    for line_id, net in booked.net.items():
        add(line_id, net, "outcome")
    unmapped = [amount for _account, _centre, amount in booked.unmapped]
    result.unmapped_costs.outcome = -sum((a for a in unmapped if a < 0), ZERO)
    result.unmapped_income.outcome = sum((a for a in unmapped if a > 0), ZERO)
    result.opening_equity = (
        OpeningEquity.objects.for_association(association).filter(year=year).values_list("amount", flat=True).first()
    )
    return result
