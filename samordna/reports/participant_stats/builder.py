"""The `participants` report of docs/contracts.md, computed with a constant number of aggregate queries.

Definitions (also in the module docstring of the package):
- An enrollment is *during the period* when it overlaps it: start <= to and (no end or end >= from).
- *New*: starts in the period. *Ended*: ends in the period.
- Every count counts enrollments (participations). The seed counts people per team; a person with two
  enrollments in the period (two insatser, or re-enrolled) counts once per enrollment, as SUS counts a
  participant per insats. `totals.persons` (count_persons=True) gives the distinct people as well.
- Age = the period's end year − birth year (only the birth year is stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.choices import Gender
from samordna.core.models import Association, CodeList, CodeListEntry, Municipality
from samordna.interventions.models import Intervention
from samordna.participants.models import Enrollment
from samordna.reports.participant_stats import scan_postgresql, scan_sqlite, sql
from samordna.reports.participant_stats.bands import (
    DEFAULT_AGE_BANDS,
    DEFAULT_SUPPORT_YEARS_BANDS,
    OUTSIDE_BAND,
    Band,
    parse_bands,
    round_half_up,
    share,
)

GENDER_KEYS = {Gender.WOMAN.value: "women", Gender.MAN.value: "men", Gender.OTHER.value: "other"}
DELETED_END_REASON = "8"  # Felregistrering: such enrollments are removed, never reported.
MISSING_EDUCATION = "uppgift_saknas"

Associations = Association | Sequence[Association] | None


def _scope(association: Associations) -> tuple[list[Association] | None, Any, int]:
    """(associations or None for all, the report's "association" value, suppression threshold)."""
    if association is None:
        threshold = Association.objects.aggregate(k=Max("suppression_threshold"))["k"] or 5
        return None, None, threshold
    if isinstance(association, Association):
        return [association], association.slug, association.suppression_threshold
    chosen = list(association)
    return chosen, [a.slug for a in chosen], max((a.suppression_threshold for a in chosen), default=5)


def _interventions(
    associations: list[Association] | None, interventions: Iterable[Intervention | str] | None
) -> list[Intervention] | None:
    if interventions is None:
        return None
    interventions = list(interventions)
    objects = [i for i in interventions if isinstance(i, Intervention)]
    codes = [str(i) for i in interventions if not isinstance(i, Intervention)]
    if codes:
        qs = Intervention.objects.filter(code__in=codes)
        if associations is not None:
            qs = qs.filter(association__in=associations)
        found = list(qs)
        missing = sorted(set(codes) - {i.code for i in found})
        if missing:
            raise ValidationError(_("Okänd insats: %(codes)s.") % {"codes": ", ".join(missing)})
        objects.extend(found)
    if associations is not None:
        allowed = {a.pk for a in associations}
        if any(i.association_id not in allowed for i in objects):
            raise ValidationError(_("Insatsen tillhör inte förbundet."))
    return objects


def period_enrollments(
    *,
    associations: list[Association] | None,
    date_from: dt.date,
    date_to: dt.date,
    interventions: list[Intervention] | None,
) -> QuerySet[Enrollment]:
    """Enrollments overlapping the period, in the chosen förbund and insatser."""
    qs = Enrollment.objects.filter(start_date__lte=date_to).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date_from)
    )
    if associations is not None:
        qs = (
            qs.filter(association__in=associations)
            if len(associations) != 1
            else qs.filter(association=associations[0])
        )
    if interventions is not None:
        qs = qs.filter(intervention__in=[i.pk for i in interventions])
    return qs.order_by()


def _by_gender(row: dict[str, Any], prefix: str) -> dict[str, int]:
    values = {key: int(row.get(f"{prefix}_{gender}", 0) or 0) for gender, key in GENDER_KEYS.items()}
    return {"all": sum(values.values()), **values}


class Code(NamedTuple):
    """A code-list entry as the report reads it: values, not a model instance (read on every report)."""

    pk: int
    codelist: str
    code: str
    label: str
    is_active: bool
    is_positive: bool
    bit: int | None


def _entries_by_list() -> dict[str, list[Code]]:
    codes: dict[str, list[Code]] = {name: [] for name in CodeList.values}
    entries = CodeListEntry.objects.filter(list__in=CodeList.values).order_by("list", "sort_order", "code")
    for entry in entries.values_list("pk", "list", "code", "label", "is_active", "is_positive", "bit"):
        codes[entry[1]].append(Code(*entry))
    codes[CodeList.END_REASON] = [e for e in codes[CodeList.END_REASON] if e.code != DELETED_END_REASON]
    return codes


def _band_rows(total: dict[str, Any], prefix: str, bands: list[Band], of: dict[str, int]) -> list[dict[str, Any]]:
    rows = [{"band": band.label, **_by_gender(total, f"{prefix}{i}")} for i, band in enumerate(bands)]
    outside = {key: of[key] - sum(r[key] for r in rows) for key in ("all", "women", "men", "other")}
    if outside["all"]:
        rows.append({"band": OUTSIDE_BAND, **outside})
    return rows


def _listed(entries: list[Code], counts: dict[int, int]) -> list[Code]:
    """Active entries, and inactive ones only where something was counted."""
    return [e for e in entries if e.is_active or counts.get(e.pk)]


def _support_before(total: dict[str, Any], entries: list[Code]) -> list[dict[str, Any]]:
    counts = {e.pk: int(total.get(f"support{e.pk}", 0)) for e in entries}
    return [{"code": e.code, "label": e.label, **_by_gender(total, f"support{e.pk}")} for e in _listed(entries, counts)]


def _scan(scope: sql.Scope, spec: sql.Spec) -> sql.Counts:
    """The one statement over the period's enrollments, as each database runs it best (see sql)."""
    if connection.vendor == "postgresql":
        return scan_postgresql.scan(scope, spec)
    return scan_sqlite.scan(scope, spec)


def build_participant_report(
    *,
    association: Associations,
    date_from: dt.date,
    date_to: dt.date,
    interventions: Iterable[Intervention | str] | None = None,
    age_bands: str | Iterable[Any] = DEFAULT_AGE_BANDS,
    support_years_bands: str | Iterable[Any] = DEFAULT_SUPPORT_YEARS_BANDS,
    count_persons: bool = False,
) -> dict[str, Any]:
    """The `participants` report (docs/contracts.md) for a period and optionally some insatser.

    `association` is one förbund, a list of förbund, or None for every förbund (national figures).
    `count_persons` adds totals.persons (distinct people by gender) at the cost of one more index probe
    per enrollment.
    Four queries whatever the number of participants: code lists; one statement that passes once over the
    period's enrollments (scan_sqlite or scan_postgresql, see sql); kommun names; insats
    names (+1 when insatser are given as codes, +1 for the national threshold).
    """
    if date_to < date_from:
        raise ValidationError(_("Periodens slut ligger före dess början."))
    associations, association_value, threshold = _scope(association)
    chosen = _interventions(associations, interventions)
    ages, years = parse_bands(age_bands), parse_bands(support_years_bands)
    codes = _entries_by_list()
    scope = sql.Scope(
        date_from=date_from,
        date_to=date_to,
        association_ids=None if associations is None else [a.pk for a in associations],
        intervention_ids=None if chosen is None else [i.pk for i in chosen],
    )
    counts = _scan(
        scope,
        sql.Spec(
            age_bands=ages,
            years_bands=years,
            education=[e.pk for e in codes[CodeList.EDUCATION]],
            end_reasons=[e.pk for e in codes[CodeList.END_REASON]],
            occupations=[e.pk for e in codes[CodeList.OCCUPATION]],
            positive=[e.pk for e in codes[CodeList.END_REASON] if e.is_positive],
            support_bits={e.pk: 1 << e.bit for e in codes[CodeList.SUPPORT] if e.bit is not None},
            persons=count_persons,
        ),
    )
    total = counts.total
    ended_all = sum(total.get(f"ended_{g}", 0) for g in GENDER_KEYS)
    participants = _by_gender(total, "all")
    new = _by_gender(total, "new")

    education = []
    edu_counts = {e.pk: sum(total.get(f"edu{e.pk}_{g}", 0) for g in GENDER_KEYS) for e in codes[CodeList.EDUCATION]}
    for entry in _listed(codes[CodeList.EDUCATION], edu_counts):
        row = _by_gender(total, f"edu{entry.pk}")
        if entry.code == MISSING_EDUCATION:
            null = _by_gender(total, "edunull")
            row = {key: row[key] + null[key] for key in row}
        education.append({"code": entry.code, "label": entry.label, **row})
    if not any(e.code == MISSING_EDUCATION for e in codes[CodeList.EDUCATION]):
        null = _by_gender(total, "edunull")
        if null["all"]:
            education.append({"code": None, "label": _("Uppgift saknas"), **null})

    reason_counts = {e.pk: int(total.get(f"reason{e.pk}", 0)) for e in codes[CodeList.END_REASON]}
    end_reasons = [
        {
            "code": e.code,
            "label": e.label,
            "count": reason_counts[e.pk],
            "share": share(reason_counts[e.pk], ended_all),
            "positive": e.is_positive,
        }
        for e in _listed(codes[CodeList.END_REASON], reason_counts)
    ]
    occ_counts = {e.pk: int(total.get(f"occ{e.pk}", 0)) for e in codes[CodeList.OCCUPATION]}
    occupation_after = [
        {"code": e.code, "label": e.label, "count": occ_counts[e.pk]}
        for e in _listed(codes[CodeList.OCCUPATION], occ_counts)
    ]
    if total.get("occnull"):
        occupation_after.append({"code": None, "label": _("Uppgift saknas"), "count": int(total["occnull"])})

    by_municipality, by_intervention = counts.municipalities, counts.interventions
    names = dict(Municipality.objects.filter(pk__in=list(by_municipality)).values_list("pk", "name"))
    municipalities = sorted(
        ({"code": code, "name": names.get(code, code), **counts} for code, counts in by_municipality.items()),
        key=lambda r: (r["name"], r["code"]),
    )

    # (id, förbund id, code, name, förbund slug) of every insats in the report: the chosen ones, or those that
    # had enrollments in the period (values, not models: nationally several hundred).
    if chosen is not None:
        slugs = {a.pk: a.slug for a in associations or []}
        missing = {i.association_id for i in chosen} - set(slugs)
        slugs.update(Association.objects.filter(pk__in=missing).values_list("pk", "slug") if missing else [])
        listed = [(i.pk, i.association_id, i.code, i.name, slugs[i.association_id]) for i in chosen]
    else:
        listed = list(
            Intervention.objects.filter(pk__in=list(by_intervention)).values_list(
                "pk", "association_id", "code", "name", "association__slug"
            )
        )
    intervention_rows = []
    for pk, _association_id, code, name, slug in sorted(listed, key=lambda i: (i[1], i[2])):
        sums = by_intervention.get(pk, {})
        ended = sum(sums.get(f"ended_{g}", 0) for g in GENDER_KEYS)
        row: dict[str, Any] = {
            "code": code,
            "name": name,
            "participants": _by_gender(sums, "all"),
            "new": _by_gender(sums, "new")["all"],
            "ended": ended,
            "positive": int(sums.get("positive", 0)),
            "mean_months": round_half_up(sums.get("months_sum", 0) / ended, 1) if ended else None,
        }
        if associations is None or len(associations) > 1:
            row["association"] = slug
        intervention_rows.append(row)

    years_n = int(total.get("years_n", 0))
    years_sum = Decimal(str(total.get("years_sum") or 0)).quantize(Decimal("0.1"))
    return {
        "association": association_value,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "suppression": {"threshold": threshold, "hidden_cells": 0},
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "filters": {
            "interventions": None if chosen is None else sorted(i.code for i in chosen),
            "age_bands": [b.label for b in ages],
            "support_years_bands": [b.label for b in years],
        },
        "totals": {
            "participants": participants,
            "new": new,
            "ended": _by_gender(total, "ended"),
            **({"persons": _by_gender(total, "persons")} if count_persons else {}),
        },
        "age_bands": _band_rows(total, "age", ages, participants),
        "support_years_bands": _band_rows(total, "years", years, new),
        "support_before": _support_before(total, codes[CodeList.SUPPORT]),
        "education": education,
        "municipalities": municipalities,
        "end_reasons": end_reasons,
        "occupation_after": occupation_after,
        "positive_outcome": {
            "count": int(total.get("positive", 0)),
            "share": share(int(total.get("positive", 0)), ended_all),
        },
        "mean_months_in_intervention": round_half_up(total.get("months_sum", 0) / ended_all, 1) if ended_all else None,
        "mean_years_in_support_before": round_half_up(years_sum / years_n, 1) if years_n else None,
        "interventions": intervention_rows,
    }
