"""Demo activities (for `samordna demo`): the eleven myndighetsgemensamma kompetensutvecklingsinsatser of 2017
from Samordningsförbundet Västmanland's annual report (seed 002, "Antal deltagare" per activity, 457 in all).

The titles, lengths, co-organisers and totals are the seed's; the dates and the split of each total over the
members and role groups are made up (a fixed seed), so that the attendance per member sums to the seed's
figures. The 2017 activities predate the förbund's present structural insatser and belong to none. An event
that exists already is left as it is (changes made in the application survive), so running again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from samordna.activities import services
from samordna.activities.models import AttendeeRole, Event, EventKind
from samordna.core.models import Association
from samordna.organisations import selectors as organisation_selectors

DEMO_ASSOCIATION = "vastmanland"
SEED = 2017
COUNTY = "Arrangerades i samverkan med samordningsförbunden i länet."

#: (code, title, kind, date, end date, days, organisers, participants) as in seed 002's table.
EVENTS_2017: tuple[tuple[str, str, str, dt.date, dt.date | None, str, str, int], ...] = (
    (
        "2017-01",
        "Två grundutbildningar i lösningsfokuserat arbetssätt för professionella och arbetsledare",
        EventKind.TRAINING,
        dt.date(2017, 2, 7),
        dt.date(2017, 3, 21),
        "3",
        "",
        61,
    ),
    (
        "2017-02",
        "Konferens Lösningsfokuserade ledtrådar 2017",
        EventKind.CONFERENCE,
        dt.date(2017, 2, 2),
        dt.date(2017, 2, 3),
        "2",
        COUNTY,
        96,
    ),
    (
        "2017-03",
        "Två vidareutbildningar i lösningsfokuserat arbetssätt för professionella och arbetsledare: "
        "Att coacha och leda klienter i grupp",
        EventKind.TRAINING,
        dt.date(2017, 4, 4),
        dt.date(2017, 5, 16),
        "3",
        "",
        32,
    ),
    (
        "2017-04",
        "Lösningsfokuserat ledarskap",
        EventKind.TRAINING,
        dt.date(2017, 3, 14),
        dt.date(2017, 11, 8),
        "5",
        COUNTY,
        5,
    ),
    (
        "2017-05",
        "Nätverksdag i det lösningsfokuserade nätverket i Västmanland, tema: Lösningsfokuserat ledarskap",
        EventKind.NETWORK,
        dt.date(2017, 10, 12),
        None,
        "1",
        COUNTY,
        49,
    ),
    (
        "2017-06",
        "Nätverksdag i det lösningsfokuserade nätverket, tema: Lösningsfokus och Mindfulness",
        EventKind.NETWORK,
        dt.date(2017, 12, 7),
        None,
        "1",
        COUNTY,
        41,
    ),
    (
        "2017-07",
        "Föreläsning om psykisk hälsa/ohälsa: Man dör inte av stress, man slutar bara att leva",
        EventKind.LECTURE,
        dt.date(2017, 9, 26),
        None,
        "1",
        "Arrangerades i samverkan med Studieförbundet Vuxenskolan.",
        33,
    ),
    (
        "2017-08",
        "Grön Kvist handledarutbildning – ett program för att motverka ekonomisk stress",
        EventKind.TRAINING,
        dt.date(2017, 5, 9),
        dt.date(2017, 5, 11),
        "2.5",
        COUNTY,
        8,
    ),
    (
        "2017-09",
        "Inspirationsdag Supported employment och supported education",
        EventKind.SEMINAR,
        dt.date(2017, 4, 25),
        None,
        "1",
        "",
        46,
    ),
    (
        "2017-10",
        "Best Practice Hälsa",
        EventKind.CONFERENCE,
        dt.date(2017, 11, 21),
        None,
        "1",
        "Arrangerades i samverkan med Region Västmanland och Samordningsförbundet Västerås.",
        63,
    ),
    ("2017-11", "Spridningsseminarium om Mitt Val", EventKind.SEMINAR, dt.date(2017, 6, 1), None, "1", "", 23),
)

#: How often each role group attends, relative to the others.
ROLE_WEIGHTS = {AttendeeRole.MANAGER: 1, AttendeeRole.STAFF: 6, AttendeeRole.OTHER: 1}


def split(total: int, cells: list[tuple[int | None, str]], weights: list[float], seed: str) -> dict[Any, int]:
    """`total` attendees drawn one by one over `cells` with `weights` (a fixed seed): the counts sum to `total`."""
    rng = random.Random(seed)
    grid: dict[Any, int] = {}
    for cell in rng.choices(cells, weights=weights, k=total):
        grid[cell] = grid.get(cell, 0) + 1
    return grid


def load(*, acting_user: Any = None) -> dict[str, int]:
    """Create the 2017 events that are missing, with their attendance; returns how many were created."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    existing = set(
        Event.objects.for_association(association)
        .filter(code__in=[e[0] for e in EVENTS_2017])
        .values_list("code", flat=True)
    )
    if len(existing) == len(EVENTS_2017):
        return {}
    members = list(organisation_selectors.members(association=association))
    cells: list[tuple[int | None, str]] = []
    weights: list[float] = []
    for member in [*members, None]:
        size = 4.0 if member is not None and member.kind == "kommun" else 3.0
        if member is not None and member.code == "1980":  # Västerås stad, the largest member
            size = 8.0
        if member is None:
            size = 1.0
        for role, weight in ROLE_WEIGHTS.items():
            cells.append((member.pk if member is not None else None, role))
            weights.append(size * weight)
    created = 0
    for code, title, kind, date, end_date, days, organisers, total in EVENTS_2017:
        if code in existing:
            continue
        event = services.event_create(
            acting_user=acting_user,
            association=association,
            code=code,
            title=title,
            kind=kind,
            date=date,
            end_date=end_date,
            days=Decimal(days),
            organisers=organisers,
        )
        services.attendance_replace(
            acting_user=acting_user, event=event, grid=split(total, cells, weights, f"{SEED}:{code}")
        )
        created += 1
    return {"events": created}
