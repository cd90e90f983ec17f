"""The audited counts of a publication, and the audit's model of them.

A `FigureKey` names one count: period, measure (during, new, ended), insats code (None: all), gender (None:
all), and for the tables beyond the totals, the table and the code of its row (end reasons, occupation after,
education, kommun, age bands, years in support before, support before: the *families*, see `Family`).
The same key appears in several tables of a publication (the all-insatser report's totals and its insats
rows, each insats's own report) and so has one status in all of them.

`Model` gives each key its terms over the audit's atoms (`reporting.timeline`: enrollments started and
ended by each time segment, per class). Classes are insats × gender for the totals, and (table, code,
gender) for a family; facts tie a family's classes to the totals (they count the same enrollments), so the
audit sees one system for all of them.

A yearly publication also holds the participant counts of Uppföljning Finsam (publications.finsam): per
individinriktad insats and gender the enrollments during the year plus those counted anonymously
(AnonymousCount), per strukturövergripande insats the anonymous counts; keys of the tables `FINSAM` and
`FINSAM_STRUCTURAL`. The anonymous counts themselves are never published, but they are figures of the audit
(table `ANONYMOUS`, always hidden), so the difference "Finsam minus Deltagarstatistik" cannot give a small
one away. Their atoms are ("anonymous", insats, gender, year). A totals row (insats None) sums the insatser
the table listed that year (`Model.members`, from the keys).

`paths` maps a key to where it is printed in a report dict (participants.statistics, docs/contracts.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from samordna.core.choices import Gender
from samordna.participants.statistics.bands import (
    DEFAULT_AGE_BANDS,
    DEFAULT_SUPPORT_YEARS_BANDS,
    OUTSIDE_BAND,
    parse_bands,
)
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
    """One audited count: `period` is a FixedPeriod slug, `insats` a code (None: all), `gender` None for all;
    `table` and `code` name a family's row (None for the totals)."""

    period: str
    measure: str
    insats: str | None
    gender: str | None
    table: str | None = None
    code: str | None = None

    def stored(self, value: int, hidden: bool) -> list[Any]:
        """As kept in Publication.figures: the first six as before families existed, then table and code."""
        return [self.period, self.measure, self.insats, self.gender, value, hidden, self.table, self.code]

    @classmethod
    def from_stored(cls, row: list[Any]) -> tuple[FigureKey, int, bool]:
        period, measure, insats, gender, value, hidden, *rest = row
        table, code = (rest + [None, None])[:2]
        return cls(period, measure, insats, gender, table, code), value, hidden


class Family(NamedTuple):
    """A table of the all-insatser report audited with the totals: its rows are the codes of `field`.

    `columns` maps what a column counts (during, new, ended) to the row's key; a table by gender has one
    measure and its columns are the genders. `classes_by` says how an enrollment's value of `field` gives
    its class and which classes a row sums:

    - "row": the value (or `missing`) is the row;
    - "years_band": years in support before, the band it falls in (`OUTSIDE_BAND` when none or missing);
    - "birth_year": the class is the birth year; a row (an age band) sums the birth years whose age in the
      release's year (its last day's) falls in it, so the same people move between bands from year to year;
    - "support_code": an enrollment may have several support codes (Enrollment.support_before_mask), so the
      rows overlap. Each code splits the enrollments in two classes, (code, True) and (code, False), each pair
      tied to the totals: a reader learns only each code's count, and any such counts are those of some sets
      of codes, so this is exact; unlike classes per set of codes, it keeps the system a network-like one
      whose linear bounds are integral (classes per set made the audit solve integer programs of seconds);
    - "insats_positive": the class is (insats, ended with a positive end reason); the table has no rows of its
      own: its counts are the positive outcomes per insats and for all (measure "ended", code None), printed
      in the insats rows and in "positive_outcome". Facts tie its classes to each insats's ended and to the
      positive end reasons.
    """

    table: str
    field: str | tuple[str, ...]  # the enrollment's field (a lookup, or lookups) whose code names the row
    columns: dict[str, str]
    gendered: bool
    missing: str | None  # the row enrollments without a value are counted in (None: a row of its own)
    row_key: str = "code"  # the key naming a row in the report
    classes_by: str = "row"

    @property
    def tracks_starts(self) -> bool:
        """Whether the family needs started-by atoms (it counts during or new), not only ended-by ones."""
        return any(measure != "ended" for measure in self.columns)


FAMILIES = (
    Family("end_reasons", "end_reason__code", {"ended": "count"}, gendered=False, missing=None),
    Family("occupation_after", "occupation_after__code", {"ended": "count"}, gendered=False, missing=None),
    Family("education", "education__code", {"during": ""}, gendered=True, missing="uppgift_saknas"),
    Family(
        "municipalities", "participant__municipality", {"new": "new", "during": "all"}, gendered=False, missing=None
    ),
    Family("age_bands", "participant__birth_year", {"during": ""}, True, None, row_key="band", classes_by="birth_year"),
    Family(
        "support_years_bands",
        "years_in_support_before",
        {"new": ""},
        True,
        None,
        row_key="band",
        classes_by="years_band",
    ),
    Family("support_before", "support_before_mask", {"during": ""}, True, None, classes_by="support_code"),
    Family(
        "positive",
        ("intervention__code", "end_reason__is_positive"),
        {"ended": "positive"},
        False,
        None,
        classes_by="insats_positive",
    ),
)
POSITIVE = "positive"
#: Published figures have the förbund's fixed bands (publications.kind refuses others).
AGE_BANDS = parse_bands(DEFAULT_AGE_BANDS)
YEARS_BANDS = parse_bands(DEFAULT_SUPPORT_YEARS_BANDS)
BY_TABLE = {f.table: f for f in FAMILIES}
#: Uppföljning Finsam's tables (yearly publications only) and the never-published anonymous counts.
FINSAM, FINSAM_STRUCTURAL, ANONYMOUS = "finsam", "finsam_structural", "anonymous"
FINSAM_TABLES = (FINSAM, FINSAM_STRUCTURAL, ANONYMOUS)
AnonymousRow = tuple[str, int, int, int, int]  # (insats code, year, women, men, other)
Flow = tuple[Any, str, dt.date, dt.date | None, int]  # (class value, gender, start month, end month, n)


def keys(period: FixedPeriod, insatser: Sequence[str], report: dict[str, Any]) -> list[FigureKey]:
    """Every audited count of a publication for a period (`report`: its all-insatser report, for the rows)."""
    found = [
        FigureKey(period.slug, measure, insats, gender)
        for measure in MEASURES
        for insats in [None, *insatser]
        for gender in [None, *GENDERS]
    ]
    found += [FigureKey(period.slug, "ended", insats, None, POSITIVE) for insats in [None, *insatser]]
    for family in FAMILIES:
        if family.classes_by == "insats_positive":
            continue
        for row in report[family.table]:
            for measure in family.columns:
                for gender in [None, *GENDERS] if family.gendered else [None]:
                    found.append(FigureKey(period.slug, measure, None, gender, family.table, row[family.row_key]))
    return found


class Model:
    """The audit's atoms and facts for a timeline, the förbund's insatser and each family's codes."""

    def __init__(
        self,
        timeline: Timeline,
        insatser: Sequence[str],
        codes: dict[str, list[Any]],
        keys: Iterable[FigureKey] = (),
        support_bits: Mapping[str, int] | None = None,
        positive_reasons: Iterable[str] = (),
    ) -> None:
        self.timeline = timeline
        self.insatser = list(insatser)
        keys = list(keys)
        #: The years of the releases' periods: an age band is taken in its period's year.
        self.years = sorted({FixedPeriod.parse(key.period).date_to.year for key in keys})
        self.codes = {family.table: list(codes.get(family.table, [])) for family in FAMILIES}
        for family in FAMILIES:
            if family.classes_by == "birth_year":
                self.codes[family.table] = sorted({self.class_code(family, born) for born in self.codes[family.table]})
            if family.classes_by == "support_code":
                self.codes[family.table] = [(code, has) for code in sorted(support_bits or {}) for has in (True, False)]
        self.support_bits = dict(support_bits or {})  # support code → its bit in support_before_mask
        self.positive_reasons = frozenset(positive_reasons)  # the end reason codes that are positive outcomes
        #: (period, Finsam table) → the insatser its totals row sums, from the keys of every release.
        self.members: dict[tuple[str, str], list[str]] = {}
        for key in keys:
            if key.table in (FINSAM, FINSAM_STRUCTURAL) and key.insats is not None:
                self.members.setdefault((key.period, key.table), []).append(key.insats)
        for found in self.members.values():
            found[:] = sorted(set(found))

    def classes(self, table: str | None = None) -> list[tuple[Any, ...]]:
        """The classes of the totals (insats, gender), or of a family (table, code, gender or None)."""
        if table is None:
            return [(insats, gender) for insats in self.insatser for gender in GENDERS]
        family = BY_TABLE[table]
        genders: list[str | None] = list(GENDERS) if family.gendered else [None]
        return [(table, code, gender) for code in self.codes[table] for gender in genders]

    def terms(self, key: FigureKey) -> Terms:
        """The count's atoms (and those it subtracts)."""
        if key.table in FINSAM_TABLES:
            return self._finsam_terms(key)
        return self.timeline.measure(key.measure, self._chosen(key), FixedPeriod.parse(key.period))

    def implied(self, keys: Iterable[FigureKey], atoms: Counter[Hashable]) -> list[Figure]:
        """The flows of every time segment that published counts add up to: hidden figures of the audit.

        A year and two of its tertials give the third tertial's new and ended by subtraction, year-to-date
        releases at two month ends give the month's; nobody published those, but a small one must not be
        worked out either. For every count of new or ended (by insats and gender, positive outcomes, and
        the rows of end reasons, occupation after, kommun and years in support) of `keys`, each segment of the
        timeline gives one: always hidden, never a complement (fixed), and possibly 0 (floor 0). Those that
        are the same sum as a real count are left out (the real one is audited).
        """
        shapes = {key._replace(period="") for key in keys if key.measure in ("new", "ended")}
        shapes = {key for key in shapes if key.table not in FINSAM_TABLES}
        any_period = next((key.period for key in keys), None)
        if any_period is None:
            return []
        found = []
        for shape in sorted(shapes, key=repr):
            chosen = self._chosen(shape._replace(period=any_period))
            for j in range(1, self.timeline.segments + 1):
                terms = self.timeline.flow(shape.measure, chosen, j)
                found.append(
                    Figure(
                        ("implied", j, shape),
                        terms.atoms,
                        value(terms, atoms),
                        hidden=True,
                        fixed=True,
                        floor=0,
                        minus=terms.minus,
                    )
                )
        return found

    def _chosen(self, key: FigureKey) -> list[tuple[Any, ...]]:
        """The classes a count sums (its period matters only to age bands)."""
        if key.table is None:
            chosen = [
                c
                for c in self.classes()
                if (key.insats is None or c[0] == key.insats) and (key.gender is None or c[1] == key.gender)
            ]
        elif key.table == POSITIVE:
            chosen = [c for c in self.classes(POSITIVE) if c[1][1] and key.insats in (None, c[1][0])]
        else:
            family, period = BY_TABLE[key.table], FixedPeriod.parse(key.period)
            chosen = [
                c
                for c in self.classes(key.table)
                if self.in_row(family, c[1], key.code, period) and (key.gender is None or c[2] in (None, key.gender))
            ]
        return chosen

    def class_code(self, family: Family, value: Any) -> Any:
        """The class of an enrollment with this value of the family's field.

        For age: the birth years that are in the same band in every release's year are one class (the
        figures cannot tell them apart, so merging them is exact), named by that sequence of bands.
        """
        if family.classes_by == "birth_year":
            return tuple(_age_band(None if value is None else year - int(value)) for year in self.years)
        if family.classes_by == "insats_positive":
            return (value[0], bool(value[1]))
        return row_code(family, value)

    def in_row(self, family: Family, value: Any, row: Any, period: FixedPeriod) -> bool:
        """Whether a family's class (its value) is counted in a row of the table of `period` (Family)."""
        if family.classes_by == "birth_year":
            return bool(value[self.years.index(period.date_to.year)] == row)
        if family.classes_by == "support_code":
            return bool(value[1] and value[0] == row)
        return bool(value == row)

    def _finsam_terms(self, key: FigureKey) -> Terms:
        """Uppföljning Finsam's counts: registered during the year (individinriktade) plus counted anonymously."""
        year = FixedPeriod.parse(key.period).date_from.year
        table = FINSAM if key.table == ANONYMOUS else str(key.table)
        insatser = [key.insats] if key.insats is not None else self.members.get((key.period, table), [])
        genders = [key.gender] if key.gender is not None else list(GENDERS)
        anonymous = frozenset(("anonymous", insats, gender, year) for insats in insatser for gender in genders)
        if key.table != FINSAM:
            return Terms(anonymous)
        registered = self.timeline.measure(
            "during", [(insats, gender) for insats in insatser for gender in genders], FixedPeriod.parse(key.period)
        )
        return Terms(registered.atoms | anonymous, registered.minus)

    def figure(
        self, key: FigureKey, atoms: Counter[Hashable], *, hidden: bool = False, fixed: bool = False, floor: int = 1
    ) -> Figure:
        """The count as a differencing.Figure, with its true value."""
        terms = self.terms(key)
        return Figure(key, terms.atoms, value(terms, atoms), hidden=hidden, fixed=fixed, floor=floor, minus=terms.minus)

    def facts(self) -> list[Fact]:
        """What every reader knows besides the figures.

        Per class: no more ended than started by each segment (and neither ever decreases). Per family and
        segment: its classes count the same enrollments as the totals (by gender where it is by gender).
        """
        found = self.timeline.facts(self.classes())
        last = self.timeline.segments
        for family in FAMILIES:
            classes = self.classes(family.table)
            if family.tracks_starts:
                found += self.timeline.facts(classes)
            else:
                found += self.timeline.end_facts(classes)
            for gender in GENDERS if family.gendered else [None]:
                mine = [c for c in classes if c[2] == gender]
                totals = [c for c in self.classes() if gender is None or c[1] == gender]
                if family.classes_by == "support_code":  # each code's two classes are all the enrollments
                    groups = [[c for c in mine if c[1][0] == code] for code in sorted({c[1][0] for c in mine})]
                else:
                    groups = [mine]
                for group in groups:
                    for j in range(1, last + 1):
                        kinds = ("start", "end") if family.tracks_starts else ("end",)
                        for kind in kinds:
                            found.append(
                                Fact(
                                    frozenset((kind, c, j) for c in group),
                                    frozenset((kind, c, j) for c in totals),
                                    low=0,
                                    high=0,
                                )
                            )
        return found + self._positive_facts()

    def _positive_facts(self) -> list[Fact]:
        """Per segment: each insats's positive and other ends are its ends, and all the positive ends are the
        ends of the positive end reasons (what the insats rows and the end reasons table tell a reader)."""
        found = []
        positive = self.classes(POSITIVE)
        reasons = [c for c in self.classes("end_reasons") if c[1] in self.positive_reasons]
        for j in range(1, self.timeline.segments + 1):
            for insats in self.insatser:
                found.append(
                    Fact(
                        frozenset(("end", c, j) for c in positive if c[1][0] == insats),
                        frozenset(("end", c, j) for c in self.classes() if c[0] == insats),
                        low=0,
                        high=0,
                    )
                )
            found.append(
                Fact(
                    frozenset(("end", c, j) for c in positive if c[1][1]),
                    frozenset(("end", c, j) for c in reasons),
                    low=0,
                    high=0,
                )
            )
        return found

    def truth(
        self,
        flows: Iterable[Flow],
        family_flows: Mapping[str, Iterable[Flow]],
        anonymous: Iterable[AnonymousRow] = (),
    ) -> Counter[Hashable]:
        """The atoms' true values (flows: participants.selectors.enrollment_flows rows; anonymous:
        participants.selectors.anonymous_rows)."""
        rows: list[tuple[Hashable, dt.date, dt.date | None, int]] = [
            ((code, gender), start, end, n) for code, gender, start, end, n in flows
        ]
        for table, found in family_flows.items():
            family = BY_TABLE[table]
            classes: dict[Any, Any] = {}  # many flows share a value: its class is worked out once
            for code, gender, start, end, n in found:
                if family.classes_by == "support_code":
                    for support, bit in self.support_bits.items():
                        has = bool(int(code or 0) & (1 << bit))
                        rows.append(((table, (support, has), gender), start, end, n))
                    continue
                if code not in classes:
                    classes[code] = self.class_code(family, code)
                rows.append(((table, classes[code], gender if family.gendered else None), start, end, n))
        atoms = self.timeline.truth(rows)
        for code, year, *counts in anonymous:
            for gender, count in zip(GENDERS, counts, strict=True):
                if count:
                    atoms[("anonymous", code, gender, year)] += count
        return atoms


def row_code(family: Family, code: Any) -> Any:
    """The class an enrollment with this value of the family's field is counted in (Family.classes_by)."""
    if family.classes_by == "years_band":
        return _years_band(code)
    return family.missing if code is None and family.missing else code


def _age_band(age: int | None) -> str:
    """The label of the default age band an age falls in (age = the year − the birth year), or OUTSIDE_BAND."""
    for band in AGE_BANDS:
        if age is not None and band.low <= age and (band.high is None or age <= band.high):
            return band.label
    return OUTSIDE_BAND


def _years_band(years: Any) -> str:
    """The label of the default band of years in support (decimal: "1-3" holds 1 ≤ years < 4), or OUTSIDE_BAND."""
    for band in YEARS_BANDS:
        if years is not None and band.low <= years and (band.high is None or years < band.high + 1):
            return band.label
    return OUTSIDE_BAND


def paths(key: FigureKey, report: dict[str, Any]) -> list[Path]:
    """Where a count is printed in a report dict of its period (none when the report does not show it)."""
    found: list[Path] = []
    chosen = (report.get("filters") or {}).get("interventions")
    scope = None if not chosen else chosen[0] if len(chosen) == 1 else "?"
    column = GENDER_COLUMNS[key.gender]
    if key.table == POSITIVE:
        if key.insats == scope:
            found.append(("positive_outcome", "count"))
        found += [
            ("interventions", i, "positive")
            for i, r in enumerate(report.get("interventions", []))
            if r["code"] == key.insats
        ]
        return found
    if key.table in FINSAM_TABLES:
        return found  # in the publication's Finsam table (publications.finsam), not in a participants report
    if key.table is not None:
        if scope is not None:
            return found  # the families are published for all insatser together only
        family = BY_TABLE[key.table]
        for i, row in enumerate(report.get(key.table, [])):
            if row[family.row_key] == key.code:
                found.append((key.table, i, column if family.gendered else family.columns[key.measure]))
        return found
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
