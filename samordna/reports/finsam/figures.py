"""All the figures of Uppföljning Finsam for one förbund and year, internal or published (suppressed).

`build_finsam_figures` joins the participant figures (participants.statistics.finsam) and the finance figures
(finsam.finance) per insats, in the national form's order: individinriktade insatser (participants by
gender, budget, utfall), strukturövergripande insatser (participants, budget, utfall), administration
(styrelse and kansli), other costs, totals, and allocated funds (tilldelade medel) with equity.

An insats is listed when it runs some day of the year, has participants counted in it, or has budget or
outcome that year. `planned_participants` is the insats's volume target in participants for the year
(budgeterat antal deltagare, also asked by the form; None without one): a plan, not a count of people.

Published figures (viewers, `--publish`) take their participant counts from the förbund's publication of
the year (publications.finsam): suppressed there together with the year's participant statistics and
audited against every earlier release, so the same count has the same status everywhere and nothing hidden
can be worked out by subtracting one published table from another. A hidden count is None; an insats the
publication does not list has its counts hidden. The split into registered and anonymous participants is
internal only. Money is never suppressed (it counts kronor, not people) and is today's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.interventions.models import Intervention, Orientation, VolumeTarget, VolumeUnit
from samordna.interventions.selectors import counted_volumes
from samordna.participants.statistics.finsam import KEYS, build_uppfoljning_finsam
from samordna.publications.kind import publication_for
from samordna.publications.models import Publication
from samordna.reporting.periods import FixedPeriod
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


def published_counts(association: Association, year: int, release_as: Any = None) -> Publication:
    """The förbund's publication of the year with Uppföljning Finsam's table; released first as `release_as`
    (the command line) when there is none, otherwise NoPublication. A publication from before Finsam's table
    was part of it asks for a correction."""
    publication = publication_for(association, FixedPeriod.whole_year(year), release_as=release_as)
    if "finsam" not in publication.content:
        raise ValidationError(
            _(
                "Publiceringen för %(year)s gjordes innan Uppföljning Finsam ingick i den. "
                "Förbundets administratör kan göra en ny publicering av året under Publiceringar."
            )
            % {"year": year}
        )
    return publication


def _published(
    rows: list[dict[str, Any]],
    totals: dict[str, Any],
    structural_rows: list[dict[str, Any]],
    structural_total: dict[str, Any],
    publication: Publication,
) -> int:
    """Replace the participant counts by the publication's (None = hidden); return how many are hidden."""
    counts = publication.content["finsam"]
    individual = {r["code"]: r["participants"] for r in counts["individual"]}
    structural = {r["code"]: r["participants"] for r in counts["structural"]}
    hidden_all = dict.fromkeys(GENDERED)
    for row in rows:
        row["participants"] = dict(individual.get(row["code"], hidden_all))
        del row["registered"], row["anonymous"]
    totals["participants"] = dict(counts["individual_total"])  # as released (zeros when it listed none)
    for row in structural_rows:
        row["participants"] = structural.get(row["code"])
    structural_total["participants"] = counts["structural_total"]
    shown = [*(v for r in rows for v in r["participants"].values()), *totals["participants"].values()]
    shown += [r["participants"] for r in structural_rows] + [structural_total["participants"]]
    return sum(1 for value in shown if value is None)


def build_finsam_figures(
    *, association: Association, year: int, publish: bool = False, release_as: Any = None
) -> dict[str, Any]:
    """The Uppföljning Finsam figures of `year` (see the module docstring); `publish`: the published version
    (participant counts from the year's publication; `release_as` releases one when there is none)."""
    publication = published_counts(association, year, release_as) if publish else None
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
    if publication is not None:
        hidden = _published(individual, individual_total, structural, structural_total, publication)

    volumes = [] if publish else counted_volumes(association=association, year=year)
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
        "publication": None
        if publication is None
        else {
            "id": publication.pk,
            "title": publication.title,
            "released_at": localtime(publication.released_at).isoformat(timespec="seconds"),
        },
        "budget_version": finance.budget_version,
        "outcome_source": finance.outcome_source,
        "individual": individual,
        "individual_total": individual_total,
        "volumes": volumes,
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
