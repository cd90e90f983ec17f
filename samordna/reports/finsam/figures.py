"""All the figures of Uppföljning Finsam for one förbund and year, internal or published (suppressed).

`build_finsam_figures` joins the participant figures (participants.statistics.finsam) and the finance figures
(finsam.finance) per insats, in the national form's order: individinriktade insatser (participants by
gender, budget, utfall), strukturövergripande insatser (participants, budget, utfall), administration
(styrelse and kansli), other costs, totals, and allocated funds (tilldelade medel) with equity.

An insats is listed when it runs some day of the year, has participants counted in it, or has budget or
outcome that year. `planned_participants` is the insats's volume target in participants for the year
(budgeterat antal deltagare, also asked by the form; None without one): a plan, not a count of people.

Published figures (viewers, `--publish`) go through the suppression engine: the individual table as
women / men / other per insats with "all" and a totals row (suppress_by_gender), the structural counts
as a list with its total (suppress_list); a hidden count is None. The split into
registered and anonymous participants is internal only (it would publish more small counts).
Money is never suppressed: it counts kronor, not people.
"""

from __future__ import annotations

from typing import Any

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.interventions.models import Intervention, Orientation, VolumeTarget, VolumeUnit
from samordna.participants.statistics.finsam import KEYS, build_uppfoljning_finsam
from samordna.reporting.suppression import suppress_by_gender, suppress_list
from samordna.reporting.tables import json_number
from samordna.reports.finsam.finance import INSATS_CATEGORIES, Money, finsam_finance

GENDERED = ("all", *KEYS)
# Other costs, in category order: insats money tied to no insats, then the unallocated reserve.
OTHER_COST_CATEGORIES = [*(c for c in BudgetCategory.values if c in INSATS_CATEGORIES), BudgetCategory.UNALLOCATED]


def money_json(money: Money) -> dict[str, Any]:
    """{"budget", "outcome"} as JSON numbers."""
    return {"budget": json_number(money.budget), "outcome": json_number(money.outcome)}


def _planned_total(rows: list[dict[str, Any]]) -> int | None:
    planned = [r["planned_participants"] for r in rows if r["planned_participants"] is not None]
    return sum(planned) if planned else None


def _suppress_individual(rows: list[dict[str, Any]], total: dict[str, Any], k: int) -> int:
    """Replace the participant counts by their published values (None = hidden); return the hidden count."""
    if not rows:
        return 0
    table = suppress_by_gender(
        [r["participants"]["women"] for r in rows],
        [r["participants"]["men"] for r in rows],
        [r["participants"]["other"] for r in rows],
        totals_row=True,
        k=k,
    )
    for i, row in enumerate(rows):
        assert table.row_totals is not None
        row["participants"] = {"all": table.row_totals[i], **dict(zip(KEYS, table.cells[i], strict=True))}
    assert table.column_totals is not None
    total["participants"] = {"all": table.grand_total, **dict(zip(KEYS, table.column_totals, strict=True))}
    return table.hidden_count


def _suppress_structural(rows: list[dict[str, Any]], total: dict[str, Any], k: int) -> int:
    if not rows:
        return 0
    published = suppress_list([r["participants"] for r in rows], total=True, k=k)
    for row, value in zip(rows, published.values, strict=True):
        row["participants"] = value
    total["participants"] = published.total
    return published.hidden_count


def build_finsam_figures(*, association: Association, year: int, publish: bool = False) -> dict[str, Any]:
    """The Uppföljning Finsam figures of `year` (see the module docstring); `publish` suppresses small counts."""
    counts = build_uppfoljning_finsam(association=association, year=year)
    finance = finsam_finance(association=association, year=year)
    with_money = {
        i["code"]: i
        for i in Intervention.objects.filter(association=association, pk__in=list(finance.interventions)).values(
            "pk", "code", "name", "orientation"
        )
    }
    money_by_code = {code: finance.interventions[i["pk"]] for code, i in with_money.items()}
    planned = dict(
        VolumeTarget.objects.filter(
            intervention__association=association, year=year, unit=VolumeUnit.PARTICIPANTS
        ).values_list("intervention__code", "value")
    )
    zero = {k: 0 for k in GENDERED}

    def money(code: str) -> dict[str, Any]:
        return {**money_json(money_by_code.get(code, Money())), "planned_participants": planned.get(code)}

    individual = [
        {
            "code": r["code"],
            "name": r["name"],
            "participants": dict(r["participants"]),
            "registered": dict(r["registered"]),
            "anonymous": dict(r["anonymous"]),
            **money(r["code"]),
        }
        for r in counts["individual"]
    ]
    structural = [
        {"code": r["code"], "name": r["name"], "participants": r["participants"]["all"], **money(r["code"])}
        for r in counts["structural"]
    ]
    listed = {r["code"] for r in individual} | {r["code"] for r in structural}
    for code, info in with_money.items():  # insatser with money that year but neither running nor counted
        if code in listed:
            continue
        if info["orientation"] == Orientation.INDIVIDUAL:
            individual.append(
                {
                    "code": code,
                    "name": info["name"],
                    "participants": dict(zero),
                    "registered": dict(zero),
                    "anonymous": dict(zero),
                    **money(code),
                }
            )
        else:
            structural.append({"code": code, "name": info["name"], "participants": 0, **money(code)})
    individual.sort(key=lambda r: r["code"])
    structural.sort(key=lambda r: r["code"])

    individual_money = sum((money_by_code.get(r["code"], Money()) for r in individual), Money())
    structural_money = sum((money_by_code.get(r["code"], Money()) for r in structural), Money())
    individual_total: dict[str, Any] = {
        "participants": {k: sum(r["participants"][k] for r in individual) for k in GENDERED},
        **money_json(individual_money),
        "planned_participants": _planned_total(individual),
    }
    structural_total: dict[str, Any] = {
        "participants": sum(r["participants"] for r in structural),
        **money_json(structural_money),
        "planned_participants": _planned_total(structural),
    }
    hidden = 0
    if publish:
        k = association.suppression_threshold
        hidden += _suppress_individual(individual, individual_total, k)
        hidden += _suppress_structural(structural, structural_total, k)
        for row in individual:
            del row["registered"], row["anonymous"]

    board = finance.category(BudgetCategory.BOARD)
    office = finance.category(BudgetCategory.ADMINISTRATION)
    administration = board + office
    other = {str(c): finance.category(c) for c in OTHER_COST_CATEGORIES}
    other["unmapped"] = finance.unmapped_costs
    costs = individual_money + structural_money + administration + sum(other.values(), Money())
    contributions = finance.category(BudgetCategory.MEMBER_INCOME)
    other_income = finance.category(BudgetCategory.OTHER_INCOME) + finance.unmapped_income
    income = contributions + other_income
    result = Money(income.budget - costs.budget, income.outcome - costs.outcome)
    opening = finance.opening_equity
    return {
        "association": association.slug,
        "suppression": {"threshold": association.suppression_threshold, "hidden_cells": hidden},
        "year": year,
        "published": publish,
        "budget_version": finance.budget_version,
        "outcome_source": finance.outcome_source,
        "individual": individual,
        "individual_total": individual_total,
        "structural": structural,
        "structural_total": structural_total,
        "administration": {
            "board": money_json(board),
            "office": money_json(office),
            "total": money_json(administration),
        },
        "other_costs": {key: money_json(value) for key, value in other.items()},
        "costs_total": money_json(costs),
        "funds": {
            "member_contributions": money_json(contributions),
            "other_income": money_json(other_income),
            "income_total": money_json(income),
            "result": money_json(result),
            "equity_opening": json_number(opening),
            "equity_end": None
            if opening is None
            else money_json(Money(opening + result.budget, opening + result.outcome)),
        },
    }
