"""Indicator values for a year (up to a date): computed from the insatser's data, or as entered by hand.

`measure(indicators, year=…, until=…)` answers indicator id → `Measure` for any number of indicators with a
fixed number of queries: one grouped count per kind through the participants' selectors
(`participants.measures`), one for the goals' insatser, one for the volume targets and one for manual values.
Each value carries its numerator and denominator so a reader can check it. A share whose denominator is 0, a
manual indicator without a value and the kinds whose data Samordna does not hold yet have no value: "ingen
data", never 0 %. `survey_share` reads the answers of the förbund's survey rounds through
`surveys.selectors.survey_share_counts` (one grouped query for all such indicators).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samordna.activities.selectors import attendance_by_intervention, attendance_by_intervention_and_year
from samordna.core.models import Association
from samordna.interventions.selectors import volume_count_totals, volume_count_totals_by_year, volume_targets
from samordna.participants import measures
from samordna.planning.models import Goal, Indicator, IndicatorValue, SourceKind, Unit
from samordna.surveys.selectors import ShareSpec, survey_share_counts, survey_share_counts_by_year

PARTICIPANTS_UNIT = "deltagare"


@dataclass(frozen=True)
class Measure:
    """An indicator's value for a period: a share 0–1 (percent) or a number (count), and what it is built on.

    `value` is None when there is no data (`reason` then says why). For follow-up shares `not_reached` and
    `declined` say how many of the denominator were not reached or declined.
    """

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    not_reached: int = 0
    declined: int = 0
    reason: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None


NO_INSATSER = "no_interventions"
NO_DATA = "no_data"
NOT_YET = "not_available"


def met(indicator: Indicator, value: Decimal | None) -> bool | None:
    """Whether a value reaches the target (None without a value or a target); a percent target is 0–100."""
    if value is None or indicator.target is None:
        return None
    target = indicator.target / 100 if indicator.unit == Unit.PERCENT else indicator.target
    return value >= target


def period(year: int, until: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day counted: 1 January to `until` (default 31 December)."""
    return dt.date(year, 1, 1), until or dt.date(year, 12, 31)


def _share(counted: measures.Counted) -> Measure:
    if counted.denominator == 0:
        return Measure(None, counted.numerator, 0, reason=NO_DATA)
    value = Decimal(counted.numerator) / Decimal(counted.denominator)
    return Measure(value, counted.numerator, counted.denominator, counted.not_reached, counted.declined)


def _codes(params: dict[str, Any], name: str) -> frozenset[str] | None:
    value = params.get(name)
    return frozenset(value) if isinstance(value, list) and value else None


def goal_interventions(goal_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Goal id → the ids of its insatser (one query)."""
    linked: dict[int, set[int]] = defaultdict(set)
    through = Goal.interventions.through
    for goal_id, intervention_id in through.objects.filter(goal_id__in=set(goal_ids)).values_list(
        "goal_id", "intervention_id"
    ):
        linked[goal_id].add(intervention_id)
    return {goal_id: frozenset(ids) for goal_id, ids in linked.items()}


def measure(
    indicators: Sequence[Indicator],
    *,
    association: Association,
    year: int,
    until: dt.date | None = None,
    linked: dict[int, frozenset[int]] | None = None,
    attendance: dict[int, int] | None = None,
    counted_participants: dict[int, int] | None = None,
    surveys: dict[int, tuple[int, int]] | None = None,
) -> dict[int, Measure]:
    """Indicator id → its Measure for the year up to `until`, for indicators of one förbund (`linked`: the
    goals' insatser when the caller has read them already, as `goal_interventions` answers; `attendance`: the
    period's event attendance per insats id, `counted_participants` the participants the insatser counted
    (interventions.VolumeCount) and `surveys` the survey_share counts per indicator id, when the caller has
    read them for several years at once)."""
    first, last = period(year, until)
    insatser = linked if linked is not None else goal_interventions(i.goal_id for i in indicators)
    result: dict[int, Measure] = {}
    ended: dict[int, measures.EndedSpec] = {}
    followed: dict[int, measures.FollowUpSpec] = {}
    reduced: dict[int, measures.FollowUpSpec] = {}
    counted: list[Indicator] = []
    attended: list[Indicator] = []
    surveyed: list[Indicator] = []
    manual: list[Indicator] = []
    for indicator in indicators:
        kind, params = indicator.source_kind, indicator.params or {}
        ids = insatser.get(indicator.goal_id, frozenset())
        if kind == SourceKind.MANUAL:
            manual.append(indicator)
        elif kind == SourceKind.SURVEY_SHARE:
            surveyed.append(indicator)
        elif not ids:
            result[indicator.pk] = Measure(None, reason=NO_INSATSER)
        elif kind == SourceKind.ENDED_SHARE:
            ended[indicator.pk] = measures.EndedSpec(
                ids, _codes(params, "end_reasons"), _codes(params, "occupation_after")
            )
        elif kind == SourceKind.FOLLOWUP_SHARE:
            followed[indicator.pk] = measures.FollowUpSpec(
                ids, int(params["months"]), _codes(params, "occupation"), _codes(params, "support")
            )
        elif kind == SourceKind.SUPPORT_REDUCED:
            reduced[indicator.pk] = measures.FollowUpSpec(ids, int(params["months"]))
        elif kind == SourceKind.PARTICIPANTS:
            counted.append(indicator)
        elif kind == SourceKind.EVENT_ATTENDANCE:
            attended.append(indicator)
    for found in (
        measures.ended_counts(association, first, last, ended),
        measures.followup_counts(association, first, last, followed),
        measures.support_reduced_counts(association, first, last, reduced),
    ):
        result.update({pk: _share(c) for pk, c in found.items()})
    result.update(_participants(association, counted, insatser, first, last, year, until, counted_participants))
    result.update(_manual(manual, year))
    result.update(_attendance(association, attended, insatser, first, last, attendance))
    result.update(survey_shares(association, surveyed, first, last, surveys))
    return result


def share_specs(indicators: Iterable[Indicator]) -> dict[int, ShareSpec]:
    """The `survey_share` indicators' parameters as the surveys' selector takes them."""
    specs: dict[int, ShareSpec] = {}
    for indicator in indicators:
        params = indicator.params or {}
        try:
            at_least = Decimal(str(params.get("at_least")))
        except ArithmeticError:
            at_least = Decimal(0)
        specs[indicator.pk] = ShareSpec(str(params.get("survey", "")), str(params.get("question", "")), at_least)
    return specs


def survey_shares(
    association: Association,
    indicators: Sequence[Indicator],
    first: dt.date,
    last: dt.date,
    counted: dict[int, tuple[int, int]] | None = None,
) -> dict[int, Measure]:
    """The `survey_share` indicators: the share of answers to the question (by code) of the questionnaire (by
    code) at or above `at_least`, over the rounds that start in the period, all versions together. No answer is
    "ingen data". Answers are anonymous and not participant data, so they need no publication; published
    figures still hide a share whose numerator or denominator is 1..k−1 (planning.report)."""
    if not indicators:
        return {}
    if counted is None:
        counted = survey_share_counts(association, first, last, share_specs(indicators))
    result: dict[int, Measure] = {}
    for indicator in indicators:
        numerator, denominator = counted.get(indicator.pk, (0, 0))
        pk = indicator.pk
        result[pk] = (
            Measure(Decimal(numerator) / Decimal(denominator), numerator, denominator)
            if denominator
            else Measure(None, 0, 0, reason=NO_DATA)
        )
    return result


def _attendance(
    association: Association,
    indicators: list[Indicator],
    insatser: dict[int, frozenset[int]],
    first: dt.date,
    last: dt.date,
    by_insats: dict[int, int] | None = None,
) -> dict[int, Measure]:
    """Attendance at the period's events of the goals' insatser (staff, not participants: a count, not
    suppressed); no event at all is "ingen data"."""
    if not indicators:
        return {}
    if by_insats is None:
        by_insats = attendance_by_intervention(association, first, last)
    result: dict[int, Measure] = {}
    for indicator in indicators:
        ids = insatser[indicator.goal_id]
        if not any(pk in by_insats for pk in ids):
            result[indicator.pk] = Measure(None, reason=NO_DATA)
            continue
        total = sum(by_insats.get(pk, 0) for pk in ids)
        result[indicator.pk] = Measure(Decimal(total), total, None)
    return result


def _participants(
    association: Association,
    indicators: list[Indicator],
    insatser: dict[int, frozenset[int]],
    first: dt.date,
    last: dt.date,
    year: int,
    until: dt.date | None = None,
    counted: dict[int, int] | None = None,
) -> dict[int, Measure]:
    """Participants during the period of the goals' insatser: registered, plus those the insatser counted."""
    if not indicators:
        return {}
    all_ids = set().union(*(insatser[i.goal_id] for i in indicators))
    during = measures.participants_during(association, first, last, all_ids)
    if counted is None:
        counted = volume_count_totals(association=association, year=year, unit=PARTICIPANTS_UNIT, until=until)
    targets = (
        volume_targets(association=association, year=year, unit=PARTICIPANTS_UNIT)
        if any(i.params.get("of_target") for i in indicators)
        else {}
    )
    result: dict[int, Measure] = {}
    for indicator in indicators:
        ids = insatser[indicator.goal_id]
        count = sum(during.get(pk, 0) + counted.get(pk, 0) for pk in ids)
        if not indicator.params.get("of_target"):
            result[indicator.pk] = Measure(Decimal(count), count, None)
            continue
        target = sum(targets.get(pk, 0) for pk in ids)
        result[indicator.pk] = (
            Measure(Decimal(count) / Decimal(target), count, target)
            if target
            else Measure(None, count, 0, reason=NO_DATA)
        )
    return result


def _manual_value(indicator: Indicator, value: Decimal | None) -> Measure:
    if value is None:
        return Measure(None, reason=NO_DATA)
    return Measure(value / 100 if indicator.unit == Unit.PERCENT else value)


def _manual(indicators: list[Indicator], year: int) -> dict[int, Measure]:
    if not indicators:
        return {}
    values = dict(
        IndicatorValue.objects.filter(indicator__in=indicators, year=year).values_list("indicator_id", "value")
    )
    return {indicator.pk: _manual_value(indicator, values.get(indicator.pk)) for indicator in indicators}


def measure_years(
    indicators: Sequence[Indicator], *, association: Association, years: Iterable[int]
) -> dict[int, dict[int, Measure]]:
    """Indicator id → year → Measure over several years (a goal page's small charts): the goals' insatser and
    the manual values are read once, the computed kinds with one `measure` per year."""
    years = list(years)
    by_indicator: dict[int, dict[int, Measure]] = defaultdict(dict)
    manual = [i for i in indicators if i.source_kind == SourceKind.MANUAL]
    computed = [i for i in indicators if i.source_kind != SourceKind.MANUAL]
    if manual and years:
        values = {
            (pk, year): value
            for pk, year, value in IndicatorValue.objects.filter(indicator__in=manual, year__in=years).values_list(
                "indicator_id", "year", "value"
            )
        }
        for indicator in manual:
            for year in years:
                by_indicator[indicator.pk][year] = _manual_value(indicator, values.get((indicator.pk, year)))
    if computed:
        linked = goal_interventions(i.goal_id for i in computed)
        attended = (
            attendance_by_intervention_and_year(association, min(years), max(years))
            if years and any(i.source_kind == SourceKind.EVENT_ATTENDANCE for i in computed)
            else {}
        )
        counted = (
            volume_count_totals_by_year(association=association, years=years, unit=PARTICIPANTS_UNIT)
            if any(i.source_kind == SourceKind.PARTICIPANTS for i in computed)
            else {}
        )
        surveyed = [i for i in computed if i.source_kind == SourceKind.SURVEY_SHARE]
        answered = (
            survey_share_counts_by_year(association, min(years), max(years), share_specs(surveyed))
            if years and surveyed
            else {}
        )
        for year in years:
            found = measure(
                computed,
                association=association,
                year=year,
                linked=linked,
                attendance=attended.get(year, {}),
                counted_participants=counted.get(year, {}),
                surveys=answered.get(year, {}) if surveyed else None,
            )
            for pk, value in found.items():
                by_indicator[pk][year] = value
    return dict(by_indicator)


def known_without_counting(
    indicators: Sequence[Indicator], *, association: Association, year: int, linked: dict[int, frozenset[int]]
) -> dict[int, Measure]:
    """What can be said of computed indicators without counting participants: why one has no value (no
    insatser, data Samordna does not hold yet) and, for a share of the volume target, the targets (not participant
    counts). What a published value needs besides the publication (planning.published); one query at most."""
    targets = (
        volume_targets(association=association, year=year, unit=PARTICIPANTS_UNIT)
        if any(i.source_kind == SourceKind.PARTICIPANTS and i.params.get("of_target") for i in indicators)
        else {}
    )
    result: dict[int, Measure] = survey_shares(
        association,
        [i for i in indicators if i.source_kind == SourceKind.SURVEY_SHARE],
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
    )
    for indicator in indicators:
        ids = linked.get(indicator.goal_id, frozenset())
        if indicator.source_kind == SourceKind.SURVEY_SHARE:
            continue
        if not ids:
            result[indicator.pk] = Measure(None, reason=NO_INSATSER)
        elif indicator.source_kind == SourceKind.PARTICIPANTS and indicator.params.get("of_target"):
            result[indicator.pk] = Measure(None, None, sum(targets.get(pk, 0) for pk in ids))
        else:
            result[indicator.pk] = Measure(None)
    return result
