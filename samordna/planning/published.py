"""Published indicator values: taken from the period's publication, never counted anew.

Published participant figures come from the förbund's releases (publications), which are audited against
differencing: a figure derived only from figures a release already shows reveals nothing new. So a published
goal report gives a computed value only when its numerator and denominator are sums of counts its period's
publication shows (none of them hidden):

- `participants`: the participants during the period of the goal's insatser (their rows, or the total when
  the goal covers every insats of the publication);
- `ended_share` with exactly the positive end reasons: the positive outcomes of the goal's insatser of the
  ended ones (both printed per insats);
- `ended_share` by end reasons or by occupation after, when the goal covers every insats of the publication:
  the rows of those tables of the ended ones.

Anything else (follow-up shares, support reduced, an end-reason share for some insatser, a mix of end
reasons and occupation) is not in any publication, so it is not published: the report says so. The same rule
of docs/contracts.md applies on top: a share built on 1..k−1 is null.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from samordna.core.models import Association
from samordna.participants.selectors import positive_end_reasons
from samordna.planning.indicators import Measure
from samordna.planning.models import Goal, Indicator, SourceKind
from samordna.publications.selectors import published_counts
from samordna.reporting.periods import ALLOWED_PERIODS, FixedPeriod

NOT_PUBLISHED = "not_published"
NO_PUBLICATION = "no_publication"
HIDDEN = "hidden"


@dataclass(frozen=True)
class Source:
    """The publication a published goal report takes its counts from (None: the period has none)."""

    period: FixedPeriod
    publication: Any
    shown: dict[tuple[Any, ...], int | None]
    insatser: frozenset[str]


def source_for(association: Association, year: int, until: dt.date) -> Source:
    """The period's publication; a period that is not a fixed one is refused with what is allowed."""
    period = FixedPeriod.from_dates(dt.date(year, 1, 1), until)
    if period is None:
        raise ValidationError(ALLOWED_PERIODS())
    publication, shown = published_counts(association, period.slug)
    codes = frozenset(publication.insats_codes) if publication is not None else frozenset()
    return Source(period, publication, shown, codes)


def goal_codes(goal_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """Goal id → the codes of its insatser (one query)."""
    linked: dict[int, set[str]] = defaultdict(set)
    for goal_id, code in Goal.interventions.through.objects.filter(goal_id__in=set(goal_ids)).values_list(
        "goal_id", "intervention__code"
    ):
        linked[goal_id].add(code)
    return {goal_id: frozenset(codes) for goal_id, codes in linked.items()}


def _sum(source: Source, keys: Sequence[tuple[Any, ...]]) -> int | None:
    """The sum of shown counts; None when one is hidden. A key the release does not have counts 0."""
    total = 0
    for key in keys:
        if key in source.shown and source.shown[key] is None:
            return None
        total += source.shown.get(key) or 0
    return total


def _key(source: Source, measure: str, insats: str | None, table: str | None = None, code: str | None = None) -> tuple:
    return (source.period.slug, measure, insats, None, table, code)


def _per_insats(source: Source, codes: frozenset[str], measure: str, table: str | None = None) -> int | None:
    """Sum over the goal's insatser, or the all-insatser count when the goal covers them all."""
    if source.insatser and source.insatser <= codes:
        return _sum(source, [_key(source, measure, None, table)])
    return _sum(source, [_key(source, measure, code, table) for code in sorted(codes & source.insatser)])


def _share(numerator: int | None, denominator: int | None) -> Measure:
    if numerator is None or denominator is None:
        return Measure(None, reason=HIDDEN)
    if denominator == 0:
        return Measure(None, numerator, 0, reason="no_data")
    return Measure(Decimal(numerator) / Decimal(denominator), numerator, denominator)


def _ended(source: Source, indicator: Indicator, codes: frozenset[str], positive: set[str]) -> Measure:
    reasons = set(indicator.params.get("end_reasons") or [])
    occupation = set(indicator.params.get("occupation_after") or [])
    everything = bool(source.insatser) and source.insatser <= codes
    denominator = _per_insats(source, codes, "ended")
    if reasons and not occupation and reasons == positive:
        return _share(_per_insats(source, codes, "ended", "positive"), denominator)
    if everything and bool(reasons) != bool(occupation):
        table, wanted = ("end_reasons", reasons) if reasons else ("occupation_after", occupation)
        keys = [_key(source, "ended", None, table, code) for code in sorted(wanted)]
        return _share(_sum(source, keys), denominator)
    return Measure(None, reason=NOT_PUBLISHED)


def published_measures(
    indicators: Sequence[Indicator],
    computed: dict[int, Measure],
    source: Source,
    reused: dict[str, Any] | None = None,
) -> dict[int, Measure]:
    """Indicator id → what the published report shows for the computed kinds (manual values stay as entered).

    `computed` is the internal measure: its reason (no data) is kept, and for a share of the volume target its
    denominator (the targets, which are not participant counts) is used."""
    if source.publication is None:
        return {i.pk: Measure(None, reason=NO_PUBLICATION) for i in indicators if i.source_kind != SourceKind.MANUAL}
    reused = {} if reused is None else reused  # several periods of the same indicators (a goal page's years)
    if "codes_of" not in reused:
        reused["codes_of"] = goal_codes(i.goal_id for i in indicators)
    if "positive" not in reused and any(i.source_kind == SourceKind.ENDED_SHARE for i in indicators):
        reused["positive"] = positive_end_reasons()
    codes_of, positive = reused["codes_of"], reused.get("positive", set())
    result: dict[int, Measure] = {}
    for indicator in indicators:
        codes = codes_of.get(indicator.goal_id, frozenset())
        kind = indicator.source_kind
        if kind == SourceKind.MANUAL:
            continue
        if kind == SourceKind.PARTICIPANTS and codes:
            during = _per_insats(source, codes, "during")
            if indicator.params.get("of_target"):
                result[indicator.pk] = _share(during, computed[indicator.pk].denominator or 0)
            else:
                result[indicator.pk] = (
                    Measure(Decimal(during), during, None) if during is not None else Measure(None, reason=HIDDEN)
                )
        elif kind == SourceKind.ENDED_SHARE and codes:
            result[indicator.pk] = _ended(source, indicator, codes, positive)
        elif kind == SourceKind.SURVEY_SHARE:
            # Anonymous survey answers, not participant data: read from the surveys (the small-cell rule of the
            # reader still hides a share built on 1..k−1 answers).
            result[indicator.pk] = computed[indicator.pk]
        else:
            # Not from the publication: no count of it is shown, only why there is no value.
            result[indicator.pk] = Measure(None, reason=computed[indicator.pk].reason or NOT_PUBLISHED)
    return result


NOT_FIXED = "not_fixed"


def _small(measured: Measure, threshold: int) -> bool:
    return any(c is not None and 0 < c < threshold for c in (measured.numerator, measured.denominator))


def for_reader(
    indicators: Sequence[Indicator],
    computed: dict[int, Measure],
    *,
    association: Association,
    year: int,
    until: dt.date | None,
    internal: Callable[[Indicator], bool],
    reused: dict[str, Any] | None = None,
) -> dict[int, Measure]:
    """What a reader is shown on the plan pages: the internal value (`computed`) of the indicators `internal`
    allows, and for the others what the published goal report shows (from the period's publication; none built
    on 1..k−1; a period that is not a fixed one has none)."""
    outside = [i for i in indicators if i.source_kind != SourceKind.MANUAL and not internal(i)]
    if not outside:
        return computed
    shown = dict(computed)
    period = FixedPeriod.from_dates(dt.date(year, 1, 1), until or dt.date(year, 12, 31))
    if period is None:
        shown.update({i.pk: Measure(None, reason=NOT_FIXED) for i in outside})
        return shown
    publication, counts = published_counts(association, period.slug)
    codes = frozenset(publication.insats_codes) if publication is not None else frozenset()
    published = published_measures(outside, computed, Source(period, publication, counts, codes), reused)
    threshold = int(association.suppression_threshold)
    shown.update({pk: Measure(None, reason=HIDDEN) if _small(m, threshold) else m for pk, m in published.items()})
    return shown
