"""The participants' panels on the start page.

Admins and insatsansvariga get counts per insats (active, new and ended this year against the year's volume
target, follow-ups overdue); a deltagaransvarig gets the follow-ups to do and their latest registrations, the
only row-level panel (its view is access-logged, and the page is then never cached).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from samordna.core.audit import log_access
from samordna.core.choices import Role
from samordna.core.dashboard import StartContext
from samordna.interventions.models import Intervention, Orientation, VolumeUnit
from samordna.interventions.selectors import assigned_intervention_ids, volume_targets
from samordna.participants import selectors

DUE_ROWS = 10
LATEST_ROWS = 5
FIGURES = ("active", "new", "ended", "in_year", "counted", "overdue")


def _table(context: StartContext, interventions: QuerySet[Intervention]) -> dict[str, Any]:
    """Per insats and in total: this year's participant counts against the volume target (five queries)."""
    year, slug = context.today.year, context.association.slug
    figures = selectors.year_figures(interventions, year=year, today=context.today)
    targets = volume_targets(association=context.association, year=year, unit=VolumeUnit.PARTICIPANTS)
    rows = []
    for pk, row in sorted(figures.items(), key=lambda item: item[1]["code"]):
        target = targets.get(pk)
        served = row["in_year"] + row["counted"]
        if not served and not row["active"] and not row["overdue"] and target is None:
            continue
        rows.append(
            {
                **row,
                "served": served,
                "target": target,
                "share": round(100 * served / target) if target else None,
                "url": reverse("interventions:detail", kwargs={"association": slug, "pk": pk}),
            }
        )
    total = {name: sum(r[name] for r in rows) for name in (*FIGURES, "served")}
    total_target = sum(r["target"] or 0 for r in rows)
    total["target"] = total_target or None
    total["share"] = round(100 * total["served"] / total_target) if total_target else None
    return {"year": year, "today": context.today, "rows": rows, "total": total}


def admin_figures(context: StartContext) -> dict[str, Any]:
    """The förbund's individual insatser: participants this year against the targets, overdue follow-ups."""
    interventions = Intervention.objects.for_association(context.association).filter(orientation=Orientation.INDIVIDUAL)
    table = _table(context, interventions)
    table["report_url"] = (
        reverse("reports:participants", kwargs={"association": context.association.slug})
        + f"?period=year&year={context.today.year}"
    )
    return table


def manager_figures(context: StartContext) -> dict[str, Any]:
    """The insatsansvarig's own insatser: participants this year against the targets."""
    assigned = assigned_intervention_ids(
        user=context.user, association=context.association, role=Role.INTERVENTION_MANAGER
    )
    return _table(context, Intervention.objects.for_association(context.association).filter(pk__in=assigned))


def registrar_work(context: StartContext) -> dict[str, Any]:
    """The deltagaransvarig's follow-ups due this month or overdue (with their record links) and latest
    registrations, across their insatser. Row-level: the view is access-logged."""
    association, today = context.association, context.today
    due = selectors.due_follow_ups(user=context.user, association=association, today=today)
    counts = selectors.due_follow_up_counts(user=context.user, association=association, today=today)
    rows = list(due[:DUE_ROWS])
    latest = selectors.latest_enrollments(user=context.user, association=association, limit=LATEST_ROWS)
    log_access(
        user=context.user, association=association, what="participants.start_page", count=len(rows) + len(latest)
    )
    return {
        "due": rows,
        "due_total": counts["total"],
        "overdue": counts["overdue"],
        "month_end": selectors.month_end(today),
        "today": today,
        "latest": latest,
        "due_url": reverse("participants:due", kwargs={"association": association.slug}),
        "home_url": reverse("participants:home", kwargs={"association": association.slug}),
        "back": reverse("core:dashboard", kwargs={"association": association.slug}),
    }
