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
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.choices import Gender
from samordna.core.models import Association, CodeList, CodeListEntry, Municipality
from samordna.interventions.models import Intervention
from samordna.participants.models import Enrollment
from samordna.participants.statistics.bands import (
    DEFAULT_AGE_BANDS,
    DEFAULT_SUPPORT_YEARS_BANDS,
    MONTH_PARTS,
    OUTSIDE_BAND,
    Band,
    parse_bands,
    round_half_up,
    share,
)
from samordna.participants.statistics.counting import Columns, Tally, count_period

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
        # The participants too (they are always the enrollment's förbund's): PostgreSQL then reads only the
        # förbund's participants by index, instead of hashing every participant of the install for the join.
        qs = (
            qs.filter(association__in=associations, participant__association__in=associations)
            if len(associations) != 1
            else qs.filter(association=associations[0], participant__association=associations[0])
        )
    if interventions is not None:
        qs = qs.filter(intervention__in=[i.pk for i in interventions])
    return qs.order_by()


class Code(NamedTuple):
    """A code-list entry as the report reads it: values, not a model instance (read on every report)."""

    pk: int
    codelist: str
    code: str
    label: str
    is_active: bool
    is_positive: bool


def _entries_by_list() -> dict[str, list[Code]]:
    codes: dict[str, list[Code]] = {name: [] for name in CodeList.values}
    entries = CodeListEntry.objects.filter(list__in=CodeList.values).order_by("list", "sort_order", "code")
    for entry in entries.values_list("pk", "list", "code", "label", "is_active", "is_positive"):
        codes[entry[1]].append(Code(*entry))
    codes[CodeList.END_REASON] = [e for e in codes[CodeList.END_REASON] if e.code != DELETED_END_REASON]
    return codes


def _by_gender(cells: Counter[Any], table: str, key: Any = None) -> dict[str, int]:
    """{"all", "women", "men", "other"} of one row of a gendered table of the tally."""
    values = {name: cells[(table, key, gender)] for gender, name in GENDER_KEYS.items()}
    return {"all": sum(values.values()), **values}


def _band_rows(cells: Counter[Any], table: str, bands: list[Band], of: dict[str, int]) -> list[dict[str, Any]]:
    """One row per band, and a trailing "outside" row (when not empty) so that the rows add up to `of`."""
    rows = [{"band": band.label, **_by_gender(cells, table, i)} for i, band in enumerate(bands)]
    outside = {key: of[key] - sum(r[key] for r in rows) for key in ("all", "women", "men", "other")}
    if outside["all"]:
        rows.append({"band": OUTSIDE_BAND, **outside})
    return rows


def _listed(entries: list[Code], counts: dict[int, int]) -> list[Code]:
    """Active entries, and inactive ones only where something was counted."""
    return [e for e in entries if e.is_active or counts.get(e.pk)]


def _gendered_codes(cells: Counter[Any], table: str, entries: list[Code]) -> list[dict[str, Any]]:
    """One row per code of a gendered table (support before, education)."""
    rows = {e.pk: _by_gender(cells, table, e.pk) for e in entries}
    listed = _listed(entries, {pk: row["all"] for pk, row in rows.items()})
    return [{"code": e.code, "label": e.label, **rows[e.pk]} for e in listed]


def _education(cells: Counter[Any], entries: list[Code]) -> list[dict[str, Any]]:
    """Education; enrollments with none are counted as "uppgift saknas" (or a trailing row when no such code)."""
    rows = _gendered_codes(cells, "education", entries)
    missing = _by_gender(cells, "education", None)
    for row in rows:
        if row["code"] == MISSING_EDUCATION:
            row.update({key: row[key] + missing[key] for key in missing})
            return rows
    if missing["all"]:
        rows.append({"code": None, "label": _("Uppgift saknas"), **missing})
    return rows


def _mean_months(parts: int, ended: int) -> float | None:
    """Mean months in the insats of `ended` enrollments whose months add up to `parts` (MONTH_PARTS)."""
    return round_half_up(Decimal(parts) / (MONTH_PARTS * ended), 1) if ended else None


def _intervention_rows(
    tally: Tally, chosen: list[Intervention] | None, associations: list[Association] | None
) -> list[dict[str, Any]]:
    """A row per insats: the chosen ones, or those with enrollments in the period."""
    # (id, förbund id, code, name, förbund slug): values, not models (nationally several hundred).
    if chosen is not None:
        slugs = {a.pk: a.slug for a in associations or []}
        missing = {i.association_id for i in chosen} - set(slugs)
        slugs.update(Association.objects.filter(pk__in=missing).values_list("pk", "slug") if missing else [])
        listed = [(i.pk, i.association_id, i.code, i.name, slugs[i.association_id]) for i in chosen]
    else:
        listed = list(
            Intervention.objects.filter(pk__in=list(tally.interventions)).values_list(
                "pk", "association_id", "code", "name", "association__slug"
            )
        )
    rows = []
    for pk, _association_id, code, name, slug in sorted(listed, key=lambda i: (i[1], i[2])):
        sums = tally.interventions.get(pk, Counter())
        participants = {key: sums[("participants", gender)] for gender, key in GENDER_KEYS.items()}
        ended = sum(sums[("ended", gender)] for gender in GENDER_KEYS)
        row: dict[str, Any] = {
            "code": code,
            "name": name,
            "participants": {"all": sum(participants.values()), **participants},
            "new": sum(sums[("new", gender)] for gender in GENDER_KEYS),
            "ended": ended,
            "positive": sums[("positive", None)],
            "mean_months": _mean_months(tally.month_parts[pk], ended),
        }
        if associations is None or len(associations) > 1:
            row["association"] = slug
        rows.append(row)
    return rows


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
    `count_persons` adds totals.persons (distinct people by gender), one query more.
    Six queries whatever the number of participants: code lists; the three of counting.count_period; kommun
    names; insats names (+1 when insatser are given as codes, +1 for the national threshold).
    """
    if date_to < date_from:
        raise ValidationError(_("Periodens slut ligger före dess början."))
    associations, association_value, threshold = _scope(association)
    chosen = _interventions(associations, interventions)
    ages, years = parse_bands(age_bands), parse_bands(support_years_bands)
    codes = _entries_by_list()
    enrollments = period_enrollments(
        associations=associations, date_from=date_from, date_to=date_to, interventions=chosen
    )
    columns = Columns(
        age_year=date_to.year,
        age_bands=ages,
        years_bands=years,
        education=[e.pk for e in codes[CodeList.EDUCATION]],
        end_reasons=[e.pk for e in codes[CodeList.END_REASON]],
        occupations=[e.pk for e in codes[CodeList.OCCUPATION]],
        positive=[e.pk for e in codes[CodeList.END_REASON] if e.is_positive],
    )
    tally = count_period(enrollments, date_from=date_from, date_to=date_to, columns=columns, persons=count_persons)
    cells = tally.cells
    participants, new, ended = (_by_gender(cells, name) for name in ("participants", "new", "ended"))

    reasons = {e.pk: cells[("reason", e.pk, None)] for e in codes[CodeList.END_REASON]}
    end_reasons = [
        {
            "code": e.code,
            "label": e.label,
            "count": reasons[e.pk],
            "share": share(reasons[e.pk], ended["all"]),
            "positive": e.is_positive,
        }
        for e in _listed(codes[CodeList.END_REASON], reasons)
    ]
    occupations = {e.pk: cells[("occupation", e.pk, None)] for e in codes[CodeList.OCCUPATION]}
    occupation_after = [
        {"code": e.code, "label": e.label, "count": occupations[e.pk]}
        for e in _listed(codes[CodeList.OCCUPATION], occupations)
    ]
    if cells[("occupation", None, None)]:
        occupation_after.append(
            {"code": None, "label": _("Uppgift saknas"), "count": cells[("occupation", None, None)]}
        )

    kommuner = {code for code, _column in tally.municipalities}
    names = dict(Municipality.objects.filter(pk__in=kommuner).values_list("pk", "name"))
    municipalities = sorted(
        (
            {
                "code": code,
                "name": names.get(code, code),
                "new": tally.municipalities[(code, "new")],
                "all": tally.municipalities[(code, "all")],
            }
            for code in kommuner
        ),
        key=lambda r: (r["name"], r["code"]),
    )
    positive = cells[("positive", None, None)]
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
            "ended": ended,
            **({"persons": _by_gender(cells, "persons")} if count_persons else {}),
        },
        "age_bands": _band_rows(cells, "age", ages, participants),
        "support_years_bands": _band_rows(cells, "years", years, new),
        "support_before": _gendered_codes(cells, "support", codes[CodeList.SUPPORT]),
        "education": _education(cells, codes[CodeList.EDUCATION]),
        "municipalities": municipalities,
        "end_reasons": end_reasons,
        "occupation_after": occupation_after,
        "positive_outcome": {"count": positive, "share": share(positive, ended["all"])},
        "mean_months_in_intervention": _mean_months(sum(tally.month_parts.values()), ended["all"]),
        "mean_years_in_support_before": (round_half_up(tally.years_sum / tally.years_n, 1) if tally.years_n else None),
        "interventions": _intervention_rows(tally, chosen, associations),
    }
