"""Synthetic participants for the demo förbund: a few hundred made-up enrollments, deterministic and idempotent.

A first batch starts 2022–2025 (`DEMO-001`…); each year after that, up to the current one and from two years
back, has a batch of its own (`DEMO-2026-001`…), so the current year always has participants. Each row draws
from its own seed (its code), so a later run agrees with an earlier one: it adds the enrollments that have
started since and registers out those that have ended since. (Until 2026-12 one generator drew all rows in
turn, and a run a month later failed on overlapping enrollments.)

Distributions follow the 2017 tables of seed 002 (gender, age bands by gender, support before, years in
public support, education, end reasons 1–9 and occupation after). No real person is behind any row: codes
are `DEMO-nnn`. The rows go through the participants importer, so every rule applies and loading twice
changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from typing import Any

from samordna.core.models import Association, CodeListEntry
from samordna.interventions.models import FollowUpMethod, Intervention, Orientation, VolumeTarget, VolumeUnit
from samordna.organisations.models import Member
from samordna.participants import services
from samordna.participants.importer import run_import
from samordna.participants.models import AnonymousCount, Enrollment, FollowUp, FollowUpStatus

DEMO_ASSOCIATION = "vastmanland"
COUNTED_ASSOCIATION = "vastra-ostergotland"
COUNT = 320
COUNT_PER_YEAR = 80  # as many new enrollments a year as the first batch has
SEED = 2017
FIRST, LAST = dt.date(2022, 1, 1), dt.date(2025, 12, 31)

AGE_BANDS = {
    "kvinna": [((19, 30), 34), ((31, 50), 58), ((51, 64), 8)],
    "man": [((19, 30), 78), ((31, 50), 11), ((51, 64), 11)],
}
SUPPORT = {
    "kvinna": {
        "forsorjningsstod": 29,
        "sjukpenning": 34,
        "aktivitetsersattning": 18,
        "sjukersattning": 3,
        "aktivitetsstod": 15,
        "arbetsloshetsersattning": 1,
    },
    "man": {
        "forsorjningsstod": 57,
        "sjukpenning": 9,
        "aktivitetsersattning": 22,
        "sjukersattning": 0,
        "aktivitetsstod": 9,
        "arbetsloshetsersattning": 4,
    },
}
SUPPORT_YEARS = {
    "kvinna": [((1, 3), 45), ((4, 7), 24), ((8, 15), 31)],
    "man": [((1, 3), 55), ((4, 7), 25), ((8, 15), 20)],
}
EDUCATION = {
    "kvinna": {
        "grundskola": 18,
        "gymnasium": 49,
        "hogskola_1": 4,
        "hogskola_3": 4,
        "hogskola_mer": 12,
        "uppgift_saknas": 5,
        "annan_eftergymnasial": 8,
    },
    "man": {
        "grundskola": 38,
        "gymnasium": 47,
        "hogskola_1": 2,
        "hogskola_3": 2,
        "hogskola_mer": 0,
        "uppgift_saknas": 9,
        "annan_eftergymnasial": 2,
    },
}
END_REASONS = {"1": 37, "2": 30, "3": 20, "4": 2, "5": 4, "6": 1, "7": 2, "9": 4}
OCCUPATION_AFTER = {
    "1": {"arbete": 3, "arbete_subventionerat": 5, "studier": 4, "arbetssokande": 8},
    "2": {"rehabilitering": 1},
    "3": {"ingen": 1},
}
# Home municipalities of seed 002 (all participants 2017), used when the förbund has these kommuner.
KOMMUN_WEIGHTS = {"1982": 20, "1961": 28, "1962": 10, "1981": 45, "1904": 5, "1907": 11}
HEADER = [
    "participant",
    "intervention",
    "gender",
    "birth_year",
    "municipality",
    "start_date",
    "end_date",
    "end_reason",
    "education",
    "support_before",
    "years_in_support_before",
    "occupation_after",
    "support_after",
    "continued_planning",
    "referred_by",
]


def _pick(rng: random.Random, weights: dict[Any, float] | list[tuple[Any, float]]) -> Any:
    items = list(weights.items()) if isinstance(weights, dict) else weights
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _interventions(association: Association) -> list[Intervention]:
    individual = Intervention.objects.for_association(association).filter(
        orientation=Orientation.INDIVIDUAL, follow_up_method=FollowUpMethod.INDIVIDUAL
    )
    teams = [i for i in individual if "samordningsteam" in i.name.lower()]
    return teams or list(individual)


def _row(
    code: str,
    intervention: Intervention,
    kommuner: dict[str, float],
    members: list[str],
    period: tuple[dt.date, dt.date],
    today: dt.date,
) -> list[str] | None:
    """One enrollment starting within `period` (its own seeded draws, whatever the date), as of `today`: not
    yet there if it starts after today, still running if it ends after today."""
    first = max(period[0], intervention.start)
    last = min(period[1], intervention.end or period[1])
    if first > last:
        return None
    rng = random.Random(f"{SEED}:{code}")  # every row draws the same whatever today is, so reruns agree
    gender = "kvinna" if rng.random() < 0.62 else "man"
    start = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
    low, high = _pick(rng, AGE_BANDS[gender])
    birth_year = start.year - rng.randint(low, high)
    months = max(2.0, min(36.0, rng.gammavariate(4.0, 3.6)))  # mean ≈ 14 months, as in seed 002
    end = start + dt.timedelta(days=int(months * 30.4))
    support = [c for c, share in SUPPORT[gender].items() if rng.random() < share / 100]
    low, high = _pick(rng, SUPPORT_YEARS[gender])
    years = f"{rng.uniform(low, high):.1f}"
    education = _pick(rng, EDUCATION[gender])
    kommun = _pick(rng, kommuner)
    referred_by = rng.choice(members) if members else ""
    reason = _pick(rng, END_REASONS)
    occupation = _pick(rng, OCCUPATION_AFTER.get(reason, {"annan": 1, "ingen": 1}))
    continued = "ja" if rng.random() < 0.7 else "nej"
    if start > today:
        return None
    ended = end <= today and (intervention.end is None or end <= intervention.end)
    support_after = ""
    if ended:
        support_after = (
            "lon"
            if occupation in ("arbete", "arbete_subventionerat", "eget_foretag")
            else "|".join(support[:1] or ["forsorjningsstod"])
        )
    return [
        code,
        intervention.code,
        gender,
        str(birth_year),
        kommun,
        start.isoformat(),
        end.isoformat() if ended else "",
        reason if ended else "",
        education,
        "|".join(support or ["forsorjningsstod"]),
        years,
        occupation if ended else "",
        support_after,
        continued if ended else "",
        referred_by,
    ]


def _rows(
    association: Association, interventions: list[Intervention], kommuner: dict[str, float], today: dt.date
) -> list[list[str]]:
    """The seed-002-like batch of 2022–2025 and a batch for each year from the current one back two years
    (years after 2025 only: the first batch covers the rest). A code already stored with another insats or
    start (a database loaded by an earlier version of the demo) keeps what is stored."""
    members = sorted(Member.objects.for_association(association).values_list("code", flat=True))
    batches = [(f"DEMO-{n:03d}", n, (FIRST, LAST)) for n in range(1, COUNT + 1)]
    for year in range(max(today.year - 2, LAST.year + 1), today.year + 1):
        period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        batches += [(f"DEMO-{year}-{n:03d}", n, period) for n in range(1, COUNT_PER_YEAR + 1)]
    stored = {
        code: (insats, start.isoformat())
        for code, insats, start in Enrollment.objects.filter(
            association=association, participant__code__startswith="DEMO-"
        ).values_list("participant__code", "intervention__code", "start_date")
    }
    rows = []
    for code, number, period in batches:
        row = _row(code, interventions[number % len(interventions)], kommuner, members, period, today)
        if row is not None and stored.get(code, (row[1], row[5])) == (row[1], row[5]):
            rows.append(row)
    return rows


def _record_past_follow_ups(association: Association, acting_user: Any, today: dt.date) -> None:
    """Most follow-ups whose time has long passed are recorded, so due lists show only some."""
    overdue = FollowUp.objects.filter(
        association=association,
        status=FollowUpStatus.PENDING,
        enrollment__participant__code__startswith="DEMO-",
        due_date__lt=today - dt.timedelta(days=45),
    )
    occupations = {e.code: e for e in CodeListEntry.objects.filter(list="occupation")}
    for follow_up in overdue.select_related("enrollment__participant", "enrollment__occupation_after"):
        rng = random.Random(f"{follow_up.enrollment.participant.code}:{follow_up.months_after_end}")
        status = _pick(rng, {FollowUpStatus.DONE: 75, FollowUpStatus.NOT_REACHED: 15, FollowUpStatus.DECLINED: 10})
        if rng.random() < 0.1:
            continue  # left pending: shows up as overdue
        occupation = None
        if status == FollowUpStatus.DONE:
            after = follow_up.enrollment.occupation_after
            occupation = (
                after
                if after and rng.random() < 0.7
                else occupations.get(
                    _pick(rng, {"arbete": 3, "studier": 1, "arbetssokande": 2, "rehabilitering": 2, "ingen": 2})
                )
            )
        services.follow_up_record(
            acting_user=acting_user,
            follow_up=follow_up,
            status=status,
            occupation=occupation,
            done_on=follow_up.due_date + dt.timedelta(days=rng.randint(0, 30)),
        )


def load_counts(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Counted-only participants in Västra Östergötland (its insatser are followed with counts, seed 003): for
    each insats with a participant target, the current year (so far) and the two before it, about the target
    (a fixed seed per insats and year). An existing count is left as it is; returns how many were set."""
    today = today or dt.date.today()
    targets = VolumeTarget.objects.filter(
        intervention__association__slug=COUNTED_ASSOCIATION, unit=VolumeUnit.PARTICIPANTS, year__lte=today.year
    ).select_related("intervention")
    by_insats: dict[Intervention, dict[int, int]] = {}
    for target in targets.order_by("year"):
        by_insats.setdefault(target.intervention, {})[target.year] = target.value
    existing = set(
        AnonymousCount.objects.filter(intervention__in=list(by_insats)).values_list("intervention_id", "year")
    )
    created = 0
    for insats, values in by_insats.items():
        for year in range(max(today.year - 2, insats.start.year), today.year + 1):
            earlier = [y for y in values if y <= year] or sorted(values)
            if (insats.pk, year) in existing:
                continue
            rng = random.Random(f"{SEED}:{insats.code}:{year}")
            share_of_year = 1.0 if year < today.year else today.timetuple().tm_yday / 365
            total = round(values[max(earlier)] * rng.uniform(0.75, 1.05) * share_of_year)
            women = round(total * rng.uniform(0.5, 0.65))
            other = 1 if total > 40 and rng.random() < 0.3 else 0
            services.anonymous_count_set(
                acting_user=acting_user,
                intervention=insats,
                year=year,
                women=women,
                men=total - women - other,
                other=other,
            )
            created += 1
    return {"counts": created} if created else {}


def load(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Add the synthetic enrollments as of `today` to the demo förbund (nothing if it does not exist). Idempotent."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    interventions = _interventions(association)
    if not interventions:
        return {}
    today = today or dt.date.today()
    kommun_members = (
        Member.objects.for_association(association).filter(kind="kommun").values_list("municipality_id", flat=True)
    )
    kommuner = {code: KOMMUN_WEIGHTS.get(code, 10) for code in kommun_members} or {"1980": 1}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_rows(association, interventions, kommuner, today))
    result = run_import(
        association=association, source=buffer.getvalue().encode(), filename="demo.csv", acting_user=acting_user
    )
    if not result.ok:
        raise RuntimeError("Demodeltagarna kunde inte läsas in: " + "; ".join(str(p) for p in result.problems[:5]))
    _record_past_follow_ups(association, acting_user, today)
    return result.counts
