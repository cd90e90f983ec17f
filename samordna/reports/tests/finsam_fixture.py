"""A year of Uppföljning Finsam data in the cast's förbund Alfa (and noise in Beta), for the finsam tests.

Participants: registered enrollments and anonymous counts; finance: a Budget CSV (budget, plan, forecast
and actual versions) imported through the finance service, and opening equity. The constants are the
inputs; tests derive what they expect from them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from samordna.finance.models import OpeningEquity
from samordna.finance.services import budget_import
from samordna.interventions import services as intervention_services
from samordna.interventions.models import VolumeTarget
from samordna.participants.models import AnonymousCount
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests.builders import enroll, person

YEAR = 2024
# Registered enrollments during YEAR per (insats code, gender) and anonymous counts (women, men, other).
REGISTERED = {("1063", "kvinna"): 6, ("1063", "man"): 7, ("1063", "annat"): 1, ("1064", "man"): 5}
ANONYMOUS = {"1063": (2, 0, 0), "1064": (2, 0, 0), "2001": (12, 7, 1), "2002": (2, 1, 0)}
EQUITY = Decimal(800000)
PLANNED = {"1063": 40, "2001": 3}  # volume targets in participants (budgeterat antal deltagare)
# Budget CSV rows: line, name, category, insats, {version: amount} (income +, costs −).
LINES: list[tuple[str, str, str, str, dict[str, int]]] = [
    (
        "1063",
        "Samordningsteam",
        "individinsatser",
        "1063",
        {"budget": -500000, "plan": -999999, "forecast": -1, "actual": -480000},
    ),
    ("1064", "Annat team", "individinsatser", "1064", {"budget": -300000, "actual": -310000}),
    ("1064I", "ESF-medel Annat team", "ovriga_intakter", "1064", {"budget": 50000, "actual": 40000}),
    ("2001", "Utbildningsdagar", "struktur", "2001", {"budget": -100000, "actual": -90000}),
    ("2002", "Nätverk", "struktur", "", {"budget": -30000}),  # not linked: found by its code
    ("0999", "Avslutat projekt", "individinsatser", "0999", {"actual": -7000}),
    ("5000", "Metodstöd", "metoder", "", {"budget": -70000, "actual": -65000}),
    ("9000", "Styrelse", "styrelse", "", {"budget": -60000, "actual": -55000}),
    ("9100", "Kansli", "administration", "", {"budget": -400000, "actual": -410000}),
    ("9900", "Ofördelat", "ofordelat", "", {"budget": -20000}),
    ("8000", "Medlemsintäkter", "medlemsintakter", "", {"budget": 1400000, "actual": 1400000}),
]


def amount(code: str, version: str) -> int:
    """The fixture's amount of a line and version (0 when none)."""
    return next(a.get(version, 0) for c, _n, _c, _i, a in LINES if c == code)


def build(cast: Any) -> None:
    """Create the fixture."""
    a = cast.a
    association = a.association
    structural2 = intervention_services.intervention_create(
        acting_user=None,
        association=association,
        code="2002",
        name="Nätverk",
        orientation="strukturovergripande",
        category="struktur",
        follow_up_method="antal",
        start=dt.date(2024, 1, 1),
    )
    intervention_services.intervention_create(
        acting_user=None,
        association=association,
        code="0999",
        name="Avslutat projekt",
        orientation="individinriktad",
        category="individinsatser",
        start=dt.date(2015, 1, 1),
        end=dt.date(2019, 12, 31),
    )
    by_code = {"1063": a.intervention, "1064": a.other_intervention, "2001": a.structural, "2002": structural2}
    for (code, gender), count in REGISTERED.items():
        for _i in range(count):
            enroll(a, dt.date(2023, 6, 1), who=person(a, gender=gender), intervention=by_code[code])
    enroll(a, dt.date(2022, 1, 1), dt.date(2023, 12, 31))  # ended the year before: not counted
    enroll(cast.b, dt.date(2024, 5, 1))  # another förbund
    for code, (women, men, other) in ANONYMOUS.items():
        AnonymousCount.objects.create(intervention=by_code[code], year=YEAR, women=women, men=men, other=other)
    AnonymousCount.objects.create(intervention=a.intervention, year=YEAR - 1, women=50, men=50, other=0)
    rows = ["year,line,name,category,intervention,version,amount"]
    for code, name, category, insats, amounts in LINES:
        rows += [f"{YEAR},{code},{name},{category},{insats},{version},{value}" for version, value in amounts.items()]
    rows.append(f"{YEAR - 1},9100,Kansli,administration,,actual,-999")  # another year
    budget_import(acting_user=None, association=association, data="\n".join(rows).encode(), filename="budget.csv")
    budget_import(
        acting_user=None,
        association=cast.b.association,
        filename="b.csv",
        data=f"year,line,name,category,intervention,version,amount\n{YEAR},1063,X,individinsatser,1063,"
        f"budget,-123456\n".encode(),
    )
    OpeningEquity.objects.create(association=association, year=YEAR, amount=EQUITY)
    for code, value in PLANNED.items():
        VolumeTarget.objects.create(intervention=by_code[code], year=YEAR, unit="deltagare", value=value)
    VolumeTarget.objects.create(intervention=a.intervention, year=YEAR, unit="moten", value=99)
    VolumeTarget.objects.create(intervention=a.intervention, year=YEAR + 1, unit="deltagare", value=77)
    release(cast)


def release(cast: Any) -> None:
    """Publish the year for both förbund, as an admin would before the published version can be read."""
    for tenant in (cast.a, cast.b):
        release_publication(association=tenant.association, period=FixedPeriod.whole_year(YEAR), acting_user=None)
