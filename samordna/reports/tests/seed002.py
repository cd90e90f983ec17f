"""Seed 002's participants of 2017 as rows: enrollments whose marginals are the seed's published tables.

The annual report of seed 002 (Norra Västmanland, 2017) publishes only tables. This module builds one
set of enrollments that has all of them as marginals, so the report can recompute them from rows:

- team × home kommun × gender (FNS 35 = Fagersta 14/6, Norberg 7/3, Skinnskatteberg 4/1; Hallsta-Sura
  39 = Hallstahammar 15/13, Surahammar 8/3; Sala 45 = 27/18), new per kommun (10, 10, 1, 13, 4, 12);
- 54 ended (15/20/19 per team) with end reasons and occupation after as the end-reason table
  (arbete 3, subventionerat 5, studier 4, arbetssökande 8 = reason 1; fortsatt rehabilitering 16 =
  reason 2; sjukdom 12; flytt 2; övrigt 4) and the teams' "1 subventionerat arbete och 1 studier" etc.,
  support before of the ended as that table's third column;
- months in the insats per team averaging 13.2, 13.9 and 15.0 (overall 761/54 = 14.1);
- years in public support of the new: women 13/7/9 and men 11/5/4 in the bands 1-3/4-7/8-, one new man
  with no value (the seed's percentages only fit 49 of the 50 new), mean 223.0/49 = 4.55;
- the "Samtliga" column of the age, support-before and education tables (counts chosen so that their
  percentages of 119 round to the published ones).

Where the seed contradicts itself the fixture keeps the end-reason table and documents the rest:
the teams' positive outcomes (6 + 14 + 13 = 33) do not add up to the 36 (67 %) of the end-reason
table, so Sala gets 16; and the gender columns of the age / support-before tables cannot be percentages
of 75 women and 44 men (e.g. 34 % of 75 women is no whole number), so there the split is constructed
near the published one and only the consistent cells are asserted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from samordna.core.models import Association, CodeListEntry, Municipality
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.participants.models import Enrollment, Participant
from samordna.participants.support_mask import mask_of, support_bits

YEAR = 2017
FAGERSTA, NORBERG, SKINNSKATTEBERG, HALLSTAHAMMAR, SURAHAMMAR, SALA = ("1982", "1962", "1904", "1961", "1907", "1981")

# team → kommun → (women, men, new, ended-only, started-and-ended-in-2017)
TEAMS: dict[str, dict[str, tuple[int, int, int, int, int]]] = {
    "FNS": {FAGERSTA: (14, 6, 10, 10, 0), NORBERG: (7, 3, 9, 0, 1), SKINNSKATTEBERG: (4, 1, 1, 4, 0)},
    "HS": {HALLSTAHAMMAR: (15, 13, 13, 14, 0), SURAHAMMAR: (8, 3, 4, 6, 0)},
    "SALA": {SALA: (27, 18, 12, 19, 0)},
}
TEAM_NAMES = {"FNS": "Samordningsteam FNS", "HS": "Samordningsteam Hallsta-Sura", "SALA": "Samordningsteam Sala"}
# New women per kommun (the rest of the new are men): 29 women, 21 men.
NEW_WOMEN = {FAGERSTA: 7, NORBERG: 7, SKINNSKATTEBERG: 1, HALLSTAHAMMAR: 7, SURAHAMMAR: 2, SALA: 5}

# Outcome categories: (end reason, occupation after). Counts per team (FNS, HS, SALA).
OUTCOMES: dict[str, tuple[str, str | None, tuple[int, int, int]]] = {
    "arbete": ("1", "arbete", (0, 3, 0)),
    "subv": ("1", "arbete_subventionerat", (1, 0, 4)),
    "studier": ("1", "studier", (1, 1, 2)),
    "sokande": ("1", "arbetssokande", (2, 3, 3)),
    "rehab": ("2", "rehabilitering", (2, 7, 7)),
    "sjukdom": ("3", None, (5, 4, 3)),
    "flytt": ("5", None, (1, 1, 0)),
    "ovrigt": ("9", None, (3, 1, 0)),
}
FS, SJP, AKE, SJE, AKS, ALO = (
    "forsorjningsstod",
    "sjukpenning",
    "aktivitetsersattning",
    "sjukersattning",
    "aktivitetsstod",
    "arbetsloshetsersattning",
)
# Support before of the ended, per outcome category (the third column of the end-reason table).
ENDED_SUPPORT: dict[str, list[tuple[str, ...]]] = {
    "arbete": [(AKE,), (AKS,), (FS,)],
    "subv": [(SJP,), (AKE,), (SJE,), (FS,), (FS,)],
    "studier": [(AKE,), (AKS,), (FS,), (FS,)],
    "sokande": [(SJP, FS), (SJP, FS), (SJP,), (SJP,), (SJP,), (AKS,), (AKS,), (FS,)],
    "rehab": [(SJP, FS)] + [(SJP,)] * 5 + [(AKE,), (SJE,)] + [(AKS,)] * 3 + [(FS,)] * 5,
    "sjukdom": [(SJP, FS)] + [(SJP,)] * 3 + [(AKE,)] + [(FS,)] * 7,
    "flytt": [(AKE,), (AKE,)],
    "ovrigt": [(AKE,)] + [(FS,)] * 3,
}
# Support before of the 65 who did not end: makes the totals 50/31/24/2/17/3 of 119.
OTHER_SUPPORT: list[tuple[str, ...]] = (
    [(FS, SJP)] * 4 + [(FS,)] * 21 + [(SJP,)] * 11 + [(AKE,)] * 16 + [(AKS,)] * 10 + [(ALO,)] * 3
)
# Whole months in the insats of the ended-only, per team (FNS's started-and-ended one has 6 months):
# FNS (6 + 10×14 + 4×13) / 15 = 13.2, HS (18×14 + 2×13) / 20 = 13.9, Sala 19×15 / 19 = 15.0.
DURATIONS = {"FNS": [14] * 10 + [13] * 4, "HS": [14] * 18 + [13] * 2, "SALA": [15] * 17}
# Sala's last two: 15.5 and 14.5 months (fractions of the end month), still 15.0 on average.
SALA_FRACTIONAL = [(dt.date(2016, 3, 1), dt.date(2017, 6, 16)), (dt.date(2016, 3, 16), dt.date(2017, 6, 1))]
# Age (in 2017) by gender: women 26/43/6, men 29/10/5 → all 55/53/11 (46/45/9 % of 119).
AGES = {"kvinna": [25] * 26 + [40] * 43 + [58] * 6, "man": [23] * 29 + [45] * 10 + [60] * 5}
# Education by gender → all 30/57/4/4/9/8/7.
EDUCATION = {
    "kvinna": (
        ["grundskola"] * 13
        + ["gymnasium"] * 37
        + ["hogskola_1"] * 3
        + ["hogskola_3"] * 3
        + ["hogskola_mer"] * 9
        + ["uppgift_saknas"] * 4
        + ["annan_eftergymnasial"] * 6
    ),
    "man": (
        ["grundskola"] * 17
        + ["gymnasium"] * 20
        + ["hogskola_1"]
        + ["hogskola_3"]
        + ["uppgift_saknas"] * 4
        + ["annan_eftergymnasial"]
    ),
}
# Years in public support before, new only. Band 1-3 / 4-7 / 8- values; women take 13/7/9, men 11/5/4.
_BAND1 = ["1.0"] * 12 + ["3.0"] * 11 + ["3.9"]
_BAND2 = ["5.5"] * 10 + ["4.0", "7.9"]
_BAND3 = ["8.0"] * 12 + ["11.2"]
YEARS = {"kvinna": _BAND1[:13] + _BAND2[:7] + _BAND3[:9], "man": _BAND1[13:] + _BAND2[7:] + _BAND3[9:] + [None]}


@dataclass
class Seed002:
    """The built fixture: its three teams and the enrollments by team."""

    association: Association
    teams: dict[str, Intervention]
    enrollments: dict[str, list[Enrollment]] = field(default_factory=dict)


def _months_before(end: dt.date, months: int) -> dt.date:
    index = end.year * 12 + end.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, end.day)


def build(association: Association) -> Seed002:
    """Create the three teams of seed 002 and their 119 enrollments of 2017 in `association`."""
    bits = support_bits()
    codes = {(e.list, e.code): e for e in CodeListEntry.objects.all()}
    kommuner = {m.pk: m for m in Municipality.objects.filter(pk__in=[k for t in TEAMS.values() for k in t])}
    teams = {
        key: intervention_services.intervention_create(
            acting_user=None,
            association=association,
            code=key,
            name=name,
            orientation="individinriktad",
            category="individinsatser",
            start=dt.date(2011, 1, 1),
        )
        for key, name in TEAM_NAMES.items()
    }
    ages = {g: iter(v) for g, v in AGES.items()}
    education = {g: iter(v) for g, v in EDUCATION.items()}
    years = {g: iter(v) for g, v in YEARS.items()}
    ended_support = {k: iter(v) for k, v in ENDED_SUPPORT.items()}
    other_support = iter(OTHER_SUPPORT)
    participants: list[Participant] = []
    enrollments: list[Enrollment] = []
    supports: list[tuple[Enrollment, tuple[str, ...]]] = []
    seed = Seed002(association, teams)
    serial = 0
    for team_index, (team, kommun_rows) in enumerate(TEAMS.items()):
        outcomes: Iterator[str] = iter(
            [name for name, (_, _, per_team) in OUTCOMES.items() for _ in range(per_team[team_index])]
        )
        durations: Iterator[Any] = iter(DURATIONS[team] + (SALA_FRACTIONAL if team == "SALA" else []))
        seed.enrollments[team] = []
        for kommun, (women, men, new, ended, both) in kommun_rows.items():
            new_women = NEW_WOMEN[kommun]
            # Slots: new (women first), started-and-ended, ended-only, continuing; genders fill in order.
            genders = ["kvinna"] * women + ["man"] * men
            new_genders = ["kvinna"] * new_women + ["man"] * (new - new_women)
            rest = list(genders)
            for gender in new_genders:
                rest.remove(gender)
            statuses = (
                [("new", g) for g in new_genders]
                + [("both", rest.pop(0)) for _ in range(both)]
                + [("ended", rest.pop(0)) for _ in range(ended)]
                + [("continuing", g) for g in rest]
            )
            for slot, (status, gender) in enumerate(statuses):
                serial += 1
                person = Participant(
                    association=association,
                    code=f"S002-{serial:03d}",
                    gender=gender,
                    birth_year=YEAR - next(ages[gender]),
                    municipality=kommuner[kommun],
                )
                fields: dict[str, Any] = {"education": codes[("education", next(education[gender]))]}
                if status in ("new", "both"):
                    value = next(years[gender])
                    fields["years_in_support_before"] = None if value is None else Decimal(value)
                if status == "new":
                    fields["start_date"] = dt.date(YEAR, slot % 12 + 1, 5)
                elif status == "continuing":
                    fields["start_date"] = dt.date(YEAR - 1, 6, 1)
                else:
                    outcome = next(outcomes)
                    reason, occupation, _ = OUTCOMES[outcome]
                    if status == "both":
                        start, end = dt.date(YEAR, 2, 10), dt.date(YEAR, 8, 10)
                    else:
                        duration = next(durations)
                        if isinstance(duration, tuple):
                            start, end = duration
                        else:
                            end = dt.date(YEAR, slot % 12 + 1, 20)
                            start = _months_before(end, duration)
                    fields.update(
                        start_date=start,
                        end_date=end,
                        end_reason=codes[("end_reason", reason)],
                        occupation_after=codes[("occupation", occupation)] if occupation else None,
                    )
                support = next(ended_support[outcome]) if status in ("ended", "both") else next(other_support)
                enrollment = Enrollment(association=association, participant=person, intervention=teams[team], **fields)
                participants.append(person)
                enrollments.append(enrollment)
                supports.append((enrollment, support))
                # Bulk-inserted links need their mask, as the importer writes it (participants/support_mask.py).
                enrollment.support_before_mask = mask_of([codes[("support", c)].pk for c in support], bits)
                seed.enrollments[team].append(enrollment)
    Participant.objects.bulk_create(participants)
    Enrollment.objects.bulk_create(enrollments)
    through = Enrollment.support_before.through
    through.objects.bulk_create(
        [
            through(enrollment_id=e.pk, codelistentry_id=codes[("support", c)].pk)
            for e, codes_ in supports
            for c in codes_
        ]
    )
    return seed
