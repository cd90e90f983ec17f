"""The participant figures of Uppföljning Finsam (the national yearly follow-up) for one förbund and year.

Per individinriktad insats: participants by gender, registered enrollments during the year plus the
anonymous counts (AnonymousCount) of that year. Per strukturövergripande insats: the anonymous counts.
The finance figures (budget and outcome per insats and for administration) are added by the finance layer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from samordna.core.models import Association
from samordna.interventions.models import Intervention, Orientation
from samordna.participants.models import AnonymousCount
from samordna.participants.statistics.builder import GENDER_KEYS, period_enrollments

KEYS = ("women", "men", "other")


def _with_all(values: dict[str, int]) -> dict[str, int]:
    return {"all": sum(values[k] for k in KEYS), **{k: values[k] for k in KEYS}}


def _add(*parts: dict[str, int]) -> dict[str, int]:
    return _with_all({k: sum(p[k] for p in parts) for k in KEYS})


def build_uppfoljning_finsam(*, association: Association, year: int) -> dict[str, Any]:
    """Uppföljning Finsam's participant figures of `year`, insatser in code order (four queries).

    An insats is listed when it runs some day of the year or has participants counted in it.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    registered: dict[int, dict[str, int]] = {}
    rows = (
        period_enrollments(associations=[association], date_from=first, date_to=last, interventions=None)
        .values("intervention_id")
        .annotate(**{key: Count("pk", filter=Q(participant__gender=gender)) for gender, key in GENDER_KEYS.items()})
    )
    for row in rows:
        registered[row["intervention_id"]] = {k: row[k] for k in KEYS}
    anonymous = {
        c.intervention_id: {"women": c.women, "men": c.men, "other": c.other}
        for c in AnonymousCount.objects.filter(intervention__association=association, year=year)
    }
    interventions = (
        Intervention.objects.filter(association=association)
        .filter(
            Q(start__lte=last, end__isnull=True)
            | Q(start__lte=last, end__gte=first)
            | Q(pk__in=list(registered))
            | Q(pk__in=list(anonymous))
        )
        .order_by("code")
    )
    zero = {k: 0 for k in KEYS}
    individual, structural = [], []
    for intervention in interventions:
        counted = anonymous.get(intervention.pk, zero)
        if intervention.orientation == Orientation.INDIVIDUAL:
            rows_registered = registered.get(intervention.pk, zero)
            individual.append(
                {
                    "code": intervention.code,
                    "name": intervention.name,
                    "registered": _with_all(rows_registered),
                    "anonymous": _with_all(counted),
                    "participants": _add(rows_registered, counted),
                }
            )
        else:
            structural.append(
                {"code": intervention.code, "name": intervention.name, "participants": _with_all(counted)}
            )
    return {
        "association": association.slug,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "suppression": {"threshold": association.suppression_threshold, "hidden_cells": 0},
        "year": year,
        "individual": individual,
        "individual_total": _add(*(r["participants"] for r in individual)) if individual else _with_all(zero),
        "structural": structural,
        "structural_total": _add(*(r["participants"] for r in structural)) if structural else _with_all(zero),
    }


def finsam_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Sum relations of the Finsam figures (as groups.table_groups): rows by gender, columns to totals."""
    groups: list[dict[str, Any]] = []
    for table in ("individual", "structural"):
        rows = report[table]
        for column in ("all", *KEYS):
            groups.append(
                {
                    "name": f"{table}.{column}",
                    "total": (f"{table}_total", column),
                    "cells": [(table, i, "participants", column) for i in range(len(rows))],
                }
            )
        for i in range(len(rows)):
            parts = ("participants", "registered", "anonymous") if table == "individual" else ("participants",)
            for part in parts:
                groups.append(
                    {
                        "name": f"{table}[{i}].{part}",
                        "total": (table, i, part, "all"),
                        "cells": [(table, i, part, k) for k in KEYS],
                    }
                )
            if table == "individual":
                for column in ("all", *KEYS):
                    groups.append(
                        {
                            "name": f"{table}[{i}].{column}",
                            "total": (table, i, "participants", column),
                            "cells": [(table, i, "registered", column), (table, i, "anonymous", column)],
                        }
                    )
    return groups
