"""Read-side queries of the surveys app: who sees and manages which rounds, results per question, and the
`survey_share` figure the goal indicators of the planning app read.

Results follow docs/suppression.md for surveys: a published result of a round with 1..k−1 answers (k the
förbund's threshold) shows no count, no distribution, no mean and no share at all, and neither does a round that
still takes answers (else watching the figures grow one answer at a time would show each answer); free-text
answers are only ever given to the internal (admin) view.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from samordna.activities import selectors as activity_selectors
from samordna.activities.models import Event
from samordna.core.choices import Role
from samordna.core.models import Association
from samordna.core.tenancy import ALL_INTERVENTIONS_READERS
from samordna.interventions import selectors as intervention_selectors
from samordna.interventions.models import Intervention
from samordna.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SurveyRound,
)

#: Kinds whose answers are numbers on a scale (a mean and a share at or above a value make sense).
SCALES = (QuestionKind.SCALE5, QuestionKind.SCALE10)


def questionnaires_for(*, user: Any, association: Association) -> QuerySet[Questionnaire]:
    """The förbund's questionnaires (every reader of activities sees them; admins edit them)."""
    return Questionnaire.objects.for_user(user, association)


def versions(questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
    """A questionnaire's versions, newest first, with their questions (two queries)."""
    return list(questionnaire.versions.order_by("-number").prefetch_related("questions"))


def rounds_for(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[SurveyRound]:
    """The rounds a user sees: all for admins and viewers; for an insatsansvarig those of the insatser and
    events they see, and those about neither."""
    qs = SurveyRound.objects.for_user(user, association)
    if roles & ALL_INTERVENTIONS_READERS:
        return qs
    visible = intervention_selectors.interventions_for(user=user, association=association, roles=roles)
    events = activity_selectors.events_for(user=user, association=association, roles=roles)
    return qs.filter(
        Q(intervention__isnull=True, event__isnull=True)
        | Q(intervention__in=visible.values("pk"))
        | Q(event__in=events.values("pk"))
    )


def rounds_editable_by(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[SurveyRound]:
    """Rounds a user manages: all for admins; for an insatsansvarig those of their own insatser (or of events
    of their own insatser)."""
    qs = SurveyRound.objects.for_user(user, association)
    if Role.ADMIN in roles:
        return qs
    if Role.INTERVENTION_MANAGER in roles:
        editable = intervention_selectors.interventions_editable_by(user=user, association=association, roles=roles)
        return qs.filter(Q(intervention__in=editable.values("pk")) | Q(event__intervention__in=editable.values("pk")))
    return qs.none()


def round_interventions(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Intervention]:
    """The insatser a round may be about: every one for admins, their own for an insatsansvarig."""
    return intervention_selectors.interventions_editable_by(user=user, association=association, roles=roles).order_by(
        "code"
    )


def round_events(*, user: Any, association: Association, roles: frozenset[str]) -> QuerySet[Event]:
    """The events a round may be about: those the user may change."""
    return activity_selectors.events_editable_by(user=user, association=association, roles=roles).order_by(
        "-date", "code"
    )


def with_counts(qs: QuerySet[SurveyRound]) -> QuerySet[SurveyRound]:
    """Rounds with their questionnaire, insats and event joined in and their number of answers (`answers`)."""
    return qs.select_related("association", "version__questionnaire", "intervention", "event").annotate(
        answers=Count("responses")
    )


def round_by_token(token: str) -> SurveyRound | None:
    """The round of a public address, or None (no login: the token is the only key)."""
    if (
        not isinstance(token, str)
        or not 10 <= len(token) <= 32
        or not token.replace("-", "").replace("_", "").isalnum()
    ):
        return None
    return SurveyRound.objects.select_related("association", "version__questionnaire").filter(token=token).first()


def unused_codes(survey_round: SurveyRound) -> list[str]:
    """A round's codes not used yet, in the order they were made (the printable slips)."""
    return list(survey_round.codes.filter(used=False).order_by("pk").values_list("code", flat=True))


def code_counts(survey_round: SurveyRound) -> tuple[int, int]:
    """(codes made, codes used) of a round."""
    counts = survey_round.codes.aggregate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))
    return int(counts["total"] or 0), int(counts["used"] or 0)


# --- Results ---


def takes_answers(survey_round: SurveyRound, today: dt.date | None = None) -> bool:
    """Whether a round may still get answers through its link or codes (open and its period not over)."""
    return survey_round.is_open and (today or timezone.localdate()) <= survey_round.ends_on


def default_at_least(question: Question) -> int | None:
    """The value "at or above" counts from unless asked otherwise: the top two of five, the top three of ten,
    ja for ja/nej; None for other kinds."""
    if question.kind == QuestionKind.SCALE5:
        return 4
    if question.kind == QuestionKind.SCALE10:
        return 8
    if question.kind == QuestionKind.YES_NO:
        return 1
    return None


@dataclass
class QuestionResult:
    """One question's results in one round: how many answered, the distribution (value, label, count), the
    mean (scales and numbers), and the share at or above `at_least`. Everything None/empty when suppressed."""

    question: Question
    count: int | None
    distribution: list[tuple[int, str, int | None]] = field(default_factory=list)
    mean: Decimal | None = None
    at_least: int | None = None
    at_least_count: int | None = None
    share_at_least: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class RoundResults:
    """A round's results: `responses` (None when suppressed), the questions' results, and whether published
    figures were withheld because the round has fewer than `threshold` answers."""

    survey_round: SurveyRound
    responses: int | None
    questions: list[QuestionResult]
    published: bool
    threshold: int
    suppressed: bool
    still_open: bool = False


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def round_results(
    survey_round: SurveyRound, *, published: bool, free_text: bool = False, at_least: int | None = None
) -> RoundResults:
    """The results of a round per question (two queries).

    `published`: apply the förbund's small-cell rule (fewer than k answers → nothing but the fact that there were
    too few). `free_text`: include the free-text answers (the internal view of admins only; never published).
    `at_least`: the value shares count from (default per question, `default_at_least`).
    """
    threshold = int(survey_round.association.suppression_threshold)
    questions = list(survey_round.version.questions.all())
    still_open = published and takes_answers(survey_round)
    responses = Response.objects.filter(round=survey_round).count()
    suppressed = published and (still_open or 0 < responses < threshold)
    if suppressed:
        return RoundResults(
            survey_round, None, [QuestionResult(q, None) for q in questions], published, threshold, True, still_open
        )
    values: dict[int, list[Decimal]] = {q.pk: [] for q in questions}
    picked: dict[int, Counter[int]] = {q.pk: Counter() for q in questions}
    counts: Counter[int] = Counter()
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    rows = Answer.objects.filter(response__round=survey_round).values_list("question_id", "value", "choices", "text")
    for question_id, value, choices, text in rows:
        if question_id not in values:
            continue
        counts[question_id] += 1
        if value is not None:
            values[question_id].append(value)
        for index in choices or []:
            picked[question_id][index] += 1
        if text:
            texts[question_id].append(text)
    results = []
    for question in questions:
        answered = counts[question.pk]
        result = QuestionResult(question, answered)
        numbers = values[question.pk]
        if question.kind == QuestionKind.CHOICES:
            result.distribution = [(i, label, picked[question.pk][i]) for i, label in question.options()]
        elif question.kind != QuestionKind.FREE_TEXT and question.kind != QuestionKind.NUMBER:
            tally = Counter(int(v) for v in numbers)
            result.distribution = [(v, label, tally[v]) for v, label in question.options()]
        if numbers and (question.kind in SCALES or question.kind == QuestionKind.NUMBER):
            result.mean = _round(sum(numbers, Decimal(0)) / len(numbers))
        limit = at_least if at_least is not None and question.kind in SCALES else default_at_least(question)
        if limit is not None and question.kind in (*SCALES, QuestionKind.YES_NO):
            result.at_least = limit
            result.at_least_count = sum(1 for v in numbers if v >= limit)
            result.share_at_least = _round(Decimal(result.at_least_count) / len(numbers), "0.0001") if numbers else None
        if question.kind == QuestionKind.FREE_TEXT:
            result.texts = texts[question.pk] if free_text and not published else []
        results.append(result)
    return RoundResults(survey_round, responses, results, published, threshold, False)


@dataclass
class GroupCell:
    """One group's results for one question: answers, mean and share at or above the default value; all None
    when hidden (published: a group of 1..k−1 answers, and one more group when only one would be hidden)."""

    label: str
    count: int | None
    mean: Decimal | None
    share_at_least: Decimal | None
    hidden: bool = False


def group_results(
    survey_round: SurveyRound, by: Question, *, published: bool
) -> list[tuple[Question, list[GroupCell]]]:
    """The scale and ja/nej questions of a round split by the answer to the one-choice question `by` (e.g. "Jag
    deltog som: individ / handläggare"), one query. Published, a group with 1..k−1 answers to a question is hidden,
    and when that would hide just one group another is hidden too, so no hidden group follows from the round's
    totals. A suppressed round (`round_results`) has no groups at all."""
    threshold = int(survey_round.association.suppression_threshold)
    questions = [q for q in survey_round.version.questions.all() if q.kind in (*SCALES, QuestionKind.YES_NO)]
    if not questions or by.kind != QuestionKind.ONE_CHOICE:
        return []
    group_of: dict[int, int] = {}
    values: dict[tuple[int, int], list[Decimal]] = {}
    rows = Answer.objects.filter(
        response__round=survey_round, question__in=[by, *questions], value__isnull=False
    ).values_list("response_id", "question_id", "value")
    pending: list[tuple[int, int, Decimal]] = []
    for response_id, question_id, value in rows:
        if value is None:
            continue
        if question_id == by.pk:
            group_of[response_id] = int(value)
        else:
            pending.append((response_id, question_id, value))
    for response_id, question_id, value in pending:
        if response_id in group_of:
            values.setdefault((question_id, group_of[response_id]), []).append(value)
    result = []
    for question in questions:
        limit = default_at_least(question) or 0
        cells = []
        for index, label in by.options():
            numbers = values.get((question.pk, index), [])
            n = len(numbers)
            cells.append(
                GroupCell(
                    label,
                    n,
                    _round(sum(numbers, Decimal(0)) / n) if n else None,
                    _round(Decimal(sum(1 for v in numbers if v >= limit)) / n, "0.0001") if n else None,
                )
            )
        if published:
            small = [c for c in cells if c.count and c.count < threshold]
            if len(small) == 1:
                others = sorted((c for c in cells if c not in small and c.count), key=lambda c: c.count or 0)
                small += others[:1]
            for cell in small:
                cell.count = cell.mean = cell.share_at_least = None
                cell.hidden = True
        result.append((question, cells))
    return result


def questionnaire_rounds(questionnaire: Questionnaire) -> list[SurveyRound]:
    """A questionnaire's rounds over all its versions in date order, with their number of answers."""
    return list(
        with_counts(SurveyRound.objects.filter(version__questionnaire=questionnaire)).order_by("starts_on", "code")
    )


@dataclass
class Comparison:
    """Rounds over time for one questionnaire: per round and per scale or ja/nej question code, the mean and
    the share at or above the default value (None where there is no answer or the round is suppressed)."""

    rounds: list[SurveyRound]
    codes: list[tuple[str, str]]  # (question code, its newest text)
    cells: dict[tuple[int, str], QuestionResult]
    suppressed: set[int]


def compare_rounds(questionnaire: Questionnaire, *, published: bool) -> Comparison:
    """The comparison of a questionnaire's rounds over time (questions matched by code across versions)."""
    rounds = questionnaire_rounds(questionnaire)
    codes: dict[str, str] = {}
    cells: dict[tuple[int, str], QuestionResult] = {}
    suppressed: set[int] = set()
    for survey_round in rounds:
        results = round_results(survey_round, published=published)
        if results.suppressed:
            suppressed.add(survey_round.pk)
        for result in results.questions:
            if result.question.kind in (*SCALES, QuestionKind.YES_NO):
                codes[result.question.code] = result.question.text
                cells[(survey_round.pk, result.question.code)] = result
    return Comparison(rounds, sorted(codes.items()), cells, suppressed)


# --- The goal indicator kind `survey_share` (planning reads this) ---


@dataclass(frozen=True)
class ShareSpec:
    """What one `survey_share` indicator counts: answers to question `question` of questionnaire `survey`
    at or above `at_least`."""

    survey: str
    question: str
    at_least: Decimal


def survey_share_counts(
    association: Association, first: dt.date, last: dt.date, specs: dict[int, ShareSpec]
) -> dict[int, tuple[int, int]]:
    """Indicator id → (answers at or above the value, answers) for rounds of the questionnaire starting within
    `first`–`last`, all versions together (questions matched by code). One grouped query for all indicators."""
    if not specs:
        return {}
    surveys = {s.survey for s in specs.values()}
    questions = {s.question for s in specs.values()}
    rows = (
        Answer.objects.filter(
            response__round__association=association,
            response__round__starts_on__gte=first,
            response__round__starts_on__lte=last,
            question__version__questionnaire__code__in=surveys,
            question__code__in=questions,
            value__isnull=False,
        )
        .values_list("question__version__questionnaire__code", "question__code", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally: dict[tuple[str, str], list[tuple[Decimal, int]]] = {}
    for survey, question, value, n in rows:
        tally.setdefault((survey, question), []).append((value, n))
    result: dict[int, tuple[int, int]] = {}
    for pk, spec in specs.items():
        found = tally.get((spec.survey, spec.question), [])
        result[pk] = (sum(n for v, n in found if v >= spec.at_least), sum(n for _v, n in found))
    return result


def survey_share_counts_by_year(
    association: Association, first_year: int, last_year: int, specs: dict[int, ShareSpec]
) -> dict[int, dict[int, tuple[int, int]]]:
    """Year → indicator id → (at or above, answers) for whole years `first_year`–`last_year`, by the year the
    round starts (a goal page's chart of several years). One grouped query for all indicators and years."""
    if not specs:
        return {}
    rows = (
        Answer.objects.filter(
            response__round__association=association,
            response__round__starts_on__year__gte=first_year,
            response__round__starts_on__year__lte=last_year,
            question__version__questionnaire__code__in={s.survey for s in specs.values()},
            question__code__in={s.question for s in specs.values()},
            value__isnull=False,
        )
        .values_list(
            ExtractYear("response__round__starts_on"),
            "question__version__questionnaire__code",
            "question__code",
            "value",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally: dict[tuple[int, str, str], list[tuple[Decimal, int]]] = {}
    for year, survey, question, value, n in rows:
        tally.setdefault((year, survey, question), []).append((value, n))
    result: dict[int, dict[int, tuple[int, int]]] = {}
    for year in range(first_year, last_year + 1):
        for pk, spec in specs.items():
            found = tally.get((year, spec.survey, spec.question), [])
            result.setdefault(year, {})[pk] = (
                sum(n for v, n in found if v >= spec.at_least),
                sum(n for _v, n in found),
            )
    return result


def questionnaire_codes(association: Association) -> Iterable[str]:
    """The codes of the förbund's questionnaires."""
    return Questionnaire.objects.filter(association=association).values_list("code", flat=True)
