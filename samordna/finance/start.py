"""Finance on the start page: the year's budget used and forecast result with a monthly chart (admins), the
budget of an insatsansvarig's own insatser, and what needs attention (unmapped amounts, a year without budget).

Everything is read through the follow-up the finance pages show (`selectors.budget_followup`), so the start
page and Budgetuppföljning agree. A budget line belongs to an insats through its `intervention`, or else by
sharing its code (the demo's cost centres are the insatser's codes).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samordna.core.barchart import layout
from samordna.core.choices import Role
from samordna.core.dashboard import Notice, StartContext
from samordna.finance import selectors
from samordna.finance.selectors import COST_CATEGORIES, ZERO, FollowUp, FollowUpLine
from samordna.interventions.models import Intervention
from samordna.interventions.selectors import assigned_intervention_ids
from samordna.reporting.tables import format_number

NEXT_YEAR_FROM_MONTH = 10  # from October on, a missing budget for next year needs attention too


def _kr(value: Decimal) -> str:
    return f"{format_number(value)} kr"


def _share(part: Decimal, whole: Decimal) -> int | None:
    return round(100 * part / whole) if whole else None


def _costs(items: list[FollowUpLine]) -> tuple[Decimal, Decimal]:
    """(budgeted costs, booked costs) of some lines, both as positive amounts."""
    costs = [i for i in items if i.line.category in COST_CATEGORIES]
    return -sum((i.budget for i in costs), ZERO), -sum((i.actual for i in costs), ZERO)


def _followup_url(context: StartContext) -> str:
    url = reverse("finance:followup", kwargs={"association": context.association.slug})
    return f"{url}?year={context.today.year}"


def _chart(context: StartContext, budget_costs: Decimal, until: dt.date | None) -> Any:
    """Booked costs to date month by month (bars) against the budget spread evenly over the year (line)."""
    year = context.today.year
    monthly = selectors.monthly_costs(association=context.association, year=year, until=until) if until else {}
    last_month = until.month if until else 0
    running, cumulative = ZERO, []
    for month in range(1, 13):
        running += monthly.get(month, ZERO)
        cumulative.append(running if month <= last_month else None)
    labels = [date_format(dt.date(year, m, 1), "M") for m in range(1, 13)]
    description = (
        _("Bokförda kostnader t.o.m. %(date)s: %(used)s av budgeterade %(budget)s.")
        % {"date": until.isoformat(), "used": _kr(running), "budget": _kr(budget_costs)}
        if until
        else _("Inget utfall är bokfört %(year)s.") % {"year": year}
    )
    return layout(
        key="start-costs-chart",
        title=_("Kostnader %(year)s, ackumulerat per månad") % {"year": year},
        description=description,
        labels=labels,
        values=cumulative,
        line=[budget_costs * m / 12 for m in range(1, 13)],
        fmt=_kr,
        bar_label=_("bokförda kostnader"),
        line_label=_("budget, jämnt fördelad"),
        label_heading=_("Månad"),
    )


def _followup(context: StartContext) -> FollowUp:
    """This year's follow-up to today, with the forecast (admins), read once for both admin panels."""
    return context.shared(
        "finance.followup",
        lambda: selectors.budget_followup(
            association=context.association, year=context.today.year, until=context.today
        ),
    )


def year_figures(context: StartContext) -> dict[str, Any]:
    """This year's budgeted and booked costs, the share used, the budget and forecast results, and the chart."""
    year = context.today.year
    followup = _followup(context)
    budget_costs, used = _costs(followup.lines)
    used -= sum((a for _a, _c, a in followup.unmapped if a < 0), ZERO)
    total = followup.total()
    until = selectors.booked_until(association=context.association, year=year)
    return {
        "year": year,
        "has_budget": bool(followup.lines),
        "budget_costs": _kr(budget_costs),
        "used": _kr(used),
        "used_share": _share(used, budget_costs),
        "until": until,
        "budget_result": _kr(total["budget"] or ZERO),
        "forecast_result": _kr(total["forecast"] or ZERO),
        "url": _followup_url(context),
        "plan_url": reverse("finance:plan", kwargs={"association": context.association.slug}),
        "chart": _chart(context, budget_costs, until),
    }


def _line_matches(item: FollowUpLine, insats: Intervention) -> bool:
    line = item.line
    return line.intervention_id == insats.pk or (line.intervention_id is None and line.code == insats.code)


def manager_budget(context: StartContext) -> dict[str, Any]:
    """The budget used this year on each insats the insatsansvarig is assigned to."""
    assigned = assigned_intervention_ids(
        user=context.user, association=context.association, role=Role.INTERVENTION_MANAGER
    )
    insatser = list(Intervention.objects.for_association(context.association).filter(pk__in=assigned))
    followup: FollowUp = selectors.budget_followup(
        association=context.association, year=context.today.year, until=context.today, include_forecast=False
    )
    rows = []
    for insats in insatser:
        budget, used = _costs([i for i in followup.lines if _line_matches(i, insats)])
        rows.append(
            {
                "insats": insats,
                "budget": _kr(budget),
                "used": _kr(used),
                "share": _share(used, budget),
                "url": reverse(
                    "interventions:detail", kwargs={"association": context.association.slug, "pk": insats.pk}
                ),
            }
        )
    return {"year": context.today.year, "rows": rows}


def notices(context: StartContext) -> list[Notice]:
    """Booked amounts no budget line takes this year, and this year (or, late in the year, next year) without
    an adopted budget."""
    association, today = context.association, context.today
    slug = association.slug
    found: list[Notice] = []
    unmapped = _followup(context).unmapped
    if unmapped:
        found.append(
            Notice(
                _("%(n)s bokförda belopp %(year)s (sammanlagt %(sum)s) hör inte till någon budgetrad.")
                % {"n": len(unmapped), "year": today.year, "sum": _kr(abs(sum((a for _a, _c, a in unmapped), ZERO)))},
                reverse("finance:mapping", kwargs={"association": slug}),
            )
        )
    years = [today.year, today.year + 1] if today.month >= NEXT_YEAR_FROM_MONTH else [today.year]
    budgeted = selectors.years_with_budget(association=association, years=years)
    for year in years:
        if year not in budgeted:
            found.append(
                Notice(
                    _("%(year)s har ingen fastställd budget.") % {"year": year},
                    reverse("finance:plan", kwargs={"association": slug}) + f"?years={year}-{year + 3}",
                )
            )
    return found
