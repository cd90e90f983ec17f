"""The audited counts of a publication: participants during, new and ended, per insats and gender.

Each is a `FigureKey` (period, measure, insats code or None for all, gender or None for all). The same key
appears in several tables of a publication (the all-insatser report's totals and its insats rows, each
insats's own report) and so has one status in all of them. Its terms over the audit's atoms come from
`reporting.timeline`: starts and ends per time segment, per insats and gender.

`paths` maps a key to where it is printed in a report dict (participants.statistics, docs/contracts.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, NamedTuple

from samordna.core.choices import Gender
from samordna.reporting.differencing import Fact, Figure
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.timeline import Terms, Timeline, value

MEASURES = ("during", "new", "ended")
GENDERS = tuple(g.value for g in Gender)
#: The report's gender columns.
GENDER_COLUMNS = {None: "all", Gender.WOMAN.value: "women", Gender.MAN.value: "men", Gender.OTHER.value: "other"}
#: The report's totals rows.
TOTALS_ROWS = {"during": "participants", "new": "new", "ended": "ended"}

Path = tuple[Any, ...]


class FigureKey(NamedTuple):
    """One audited count: `period` is a FixedPeriod slug, `insats` a code (None: all), `gender` None for all."""

    period: str
    measure: str
    insats: str | None
    gender: str | None


def keys(period: FixedPeriod, insatser: Sequence[str]) -> list[FigureKey]:
    """Every audited count of a publication for a period."""
    return [
        FigureKey(period.slug, measure, insats, gender)
        for measure in MEASURES
        for insats in [None, *insatser]
        for gender in [None, *GENDERS]
    ]


def classes(insatser: Iterable[str]) -> list[tuple[str, str]]:
    """The audit's classes of enrollments: insats × gender."""
    return [(insats, gender) for insats in insatser for gender in GENDERS]


def terms_of(key: FigureKey, timeline: Timeline, insatser: Sequence[str]) -> tuple[frozenset, frozenset]:
    """(atoms, minus) of a count over the timeline's atoms."""
    chosen = [
        c
        for c in classes(insatser)
        if (key.insats is None or c[0] == key.insats) and (key.gender is None or c[1] == key.gender)
    ]
    terms = timeline.measure(key.measure, chosen, FixedPeriod.parse(key.period))
    return terms.atoms, terms.minus


def truth(timeline: Timeline, flows: Iterable[tuple[str, str, dt.date, dt.date | None, int]]) -> Counter[Hashable]:
    """The atoms' true values from participants.selectors.enrollment_flows rows."""
    return timeline.truth(((code, gender), start, end, n) for code, gender, start, end, n in flows)


def figure(
    key: FigureKey,
    timeline: Timeline,
    insatser: Sequence[str],
    atoms: Counter[Hashable],
    *,
    hidden: bool = False,
    fixed: bool = False,
    floor: int = 1,
) -> Figure:
    """The count as a differencing.Figure, with its true value."""
    plus, minus = terms_of(key, timeline, insatser)
    true = value(Terms(plus, minus), atoms)
    return Figure(key, plus, true, hidden=hidden, fixed=fixed, floor=floor, minus=minus)


def facts(timeline: Timeline, insatser: Iterable[str]) -> list[Fact]:
    """What every reader knows besides the figures (no more ended than started, per insats and gender)."""
    return timeline.facts(classes(insatser))


def paths(key: FigureKey, report: dict[str, Any]) -> list[Path]:
    """Where a count is printed in a report dict of its period (none when the report does not show it)."""
    found: list[Path] = []
    chosen = (report.get("filters") or {}).get("interventions")
    scope = None if not chosen else chosen[0] if len(chosen) == 1 else "?"
    column = GENDER_COLUMNS[key.gender]
    if key.insats == scope:
        found.append(("totals", TOTALS_ROWS[key.measure], column))
    for i, row in enumerate(report.get("interventions", [])):
        if row["code"] != key.insats:
            continue
        if key.measure == "during":
            found.append(("interventions", i, "participants", column))
        elif key.gender is None:
            found.append(("interventions", i, key.measure))
    return found


def printed_value(report: dict[str, Any], path: Path) -> Any:
    """The value at a path of a report dict."""
    node: Any = report
    for step in path:
        node = node[step]
    return node
