"""Each indicator kind against a hand-computed fixture (both databases), and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.interventions import services as intervention_services
from samordna.participants import services as participant_services
from samordna.participants.tests.helpers import code, enroll
from samordna.planning import services
from samordna.planning.indicators import NO_DATA, NO_INSATSER, measure, met
from samordna.planning.models import Indicator

pytestmark = pytest.mark.django_db


def _ended(intervention: Any, end: dt.date, reason: str, occupation: str | None = None) -> Any:
    fields: dict[str, Any] = {"end_date": end, "end_reason": code("end_reason", reason)}
    if occupation:
        fields["occupation_after"] = code("occupation", occupation)
    return enroll(intervention, start=dt.date(2023, 3, 1), **fields)


def _follow(enrollment: Any, months: int, status: str, on: dt.date, occupation: str = "", support: tuple = ()) -> None:
    follow_up = enrollment.follow_ups.filter(months_after_end=months).first()
    assert follow_up is not None, f"no {months}-month follow-up"
    participant_services.follow_up_record(
        acting_user=None,
        follow_up=follow_up,
        status=status,
        occupation=code("occupation", occupation) if occupation else None,
        support=[code("support", s) for s in support],
        done_on=on,
    )


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    """Insats A (`intervention`) and B (`other_intervention`) of förbund A with hand-countable data."""
    a, b = cast.a.intervention, cast.a.other_intervention
    # Ended in 2024 in A: reasons 1 (work), 1 and 4; one in 2023 (a felregistrering is removed, never counted).
    e1 = _ended(a, dt.date(2024, 2, 10), "1", "arbete")
    e2 = _ended(a, dt.date(2024, 3, 10), "1", "studier")
    e3 = _ended(a, dt.date(2024, 4, 10), "4", "ingen")
    _ended(a, dt.date(2023, 6, 10), "1", "arbete")
    # In B: one ended 2024 with reason 1.
    _ended(b, dt.date(2024, 6, 1), "1", "arbete")
    # Active in A since 2024 (not ended), and one in B starting 2025.
    enroll(a, start=dt.date(2024, 9, 1))
    enroll(b, start=dt.date(2025, 1, 5))
    # 3-month follow-ups recorded in 2024: e1 done (arbete, lön; before: sjukpenning), e2 not reached,
    # e3 done (ingen, försörjningsstöd+sjukpenning; before: sjukpenning) — support not reduced.
    for enrollment, before in ((e1, ("sjukpenning",)), (e3, ("sjukpenning",))):
        participant_services.enrollment_update(
            acting_user=None, enrollment=enrollment, support_before=[code("support", s) for s in before]
        )
    _follow(e1, 3, "done", dt.date(2024, 5, 15), "arbete", ("lon",))
    _follow(e2, 3, "not_reached", dt.date(2024, 6, 15))
    _follow(e3, 3, "done", dt.date(2024, 7, 15), "ingen", ("forsorjningsstod", "sjukpenning"))
    intervention_services.volume_target_set(acting_user=None, intervention=a, year=2024, unit="deltagare", value=10)
    plan = services.plan_create(
        acting_user=None, association=cast.a.association, code="vp", title="VP", from_year=2024, to_year=2025
    )
    area = services.area_create(acting_user=None, plan=plan, code="1", name="Område")
    goal = services.goal_create(acting_user=None, plan=plan, area=area, code="1:1", text="Mål", interventions=[a])
    both = services.goal_create(acting_user=None, plan=plan, area=area, code="1:2", text="Mål", interventions=[a, b])
    alone = services.goal_create(acting_user=None, plan=plan, area=area, code="1:3", text="Mål")
    return {"a": a, "b": b, "plan": plan, "goal": goal, "both": both, "alone": alone, "association": cast.a.association}


def _indicator(goal: Any, kind: str, unit: str = "percent", target: Any = 50, **params: Any) -> Indicator:
    return services.indicator_create(
        acting_user=None,
        goal=goal,
        code=f"{kind}-{len(params)}-{goal.indicators.count()}",
        name=kind,
        unit=unit,
        target=target,
        source_kind=kind,
        params=params,
    )


def _value(world: dict[str, Any], indicator: Indicator, year: int = 2024, until: dt.date | None = None) -> Any:
    return measure([indicator], association=world["association"], year=year, until=until)[indicator.pk]


def test_ended_share_by_end_reason_and_occupation(world: dict[str, Any]) -> None:
    work = _indicator(world["goal"], "ended_share", end_reasons=["1"])
    assert (_value(world, work).numerator, _value(world, work).denominator) == (2, 3)
    assert _value(world, work).value == Decimal(2) / Decimal(3)
    occupation = _indicator(world["goal"], "ended_share", occupation_after=["arbete"])
    assert (_value(world, occupation).numerator, _value(world, occupation).denominator) == (1, 3)
    both = _indicator(world["both"], "ended_share", end_reasons=["1"], occupation_after=["arbete"])
    assert (_value(world, both).numerator, _value(world, both).denominator) == (2, 4)
    until_march = _value(world, work, until=dt.date(2024, 3, 31))
    assert (until_march.numerator, until_march.denominator) == (2, 2)
    assert _value(world, work, year=2025).value is None and _value(world, work, year=2025).reason == NO_DATA


def test_followup_share_keeps_not_reached_in_the_denominator(world: dict[str, Any]) -> None:
    work = _indicator(world["goal"], "followup_share", months=3, occupation=["arbete", "studier"])
    got = _value(world, work)
    assert (got.numerator, got.denominator, got.not_reached, got.declined) == (1, 3, 1, 0)
    support = _indicator(world["goal"], "followup_share", months=3, support=["sjukpenning"])
    assert (_value(world, support).numerator, _value(world, support).denominator) == (1, 3)
    twelve = _indicator(world["goal"], "followup_share", months=12, occupation=["arbete"])
    assert _value(world, twelve).value is None


def test_support_reduced(world: dict[str, Any]) -> None:
    reduced = _indicator(world["goal"], "support_reduced", months=3)
    got = _value(world, reduced)
    assert (got.numerator, got.denominator) == (1, 3)


def test_participants_and_against_the_volume_target(world: dict[str, Any]) -> None:
    count = _indicator(world["goal"], "participants", unit="count", target=8)
    # In A during 2024: the three ended in 2024 and the one active.
    assert _value(world, count).value == 4
    assert met(count, _value(world, count).value) is False
    of_target = _indicator(world["goal"], "participants", of_target=True, target=40)
    got = _value(world, of_target)
    assert (got.numerator, got.denominator, got.value) == (4, 10, Decimal("0.4"))
    assert met(of_target, got.value) is True
    both = _indicator(world["both"], "participants", unit="count", target=None)
    assert _value(world, both).value == 5 and _value(world, both, year=2025).value == 2


def test_participants_add_the_counted_participants_of_the_year(world: dict[str, Any]) -> None:
    intervention_services.volume_counts_set(
        acting_user=None, intervention=world["a"], year=2024, counts={(3, "deltagare"): 2, (4, "deltagare"): 1}
    )
    intervention_services.volume_counts_set(
        acting_user=None, intervention=world["a"], year=2023, counts={(3, "deltagare"): 5, (3, "moten"): 8}
    )
    count = _indicator(world["goal"], "participants", unit="count", target=8)
    assert _value(world, count).value == 4 + 3  # registered during 2024, and counted in 2024 (not 2023, not möten)
    of_target = _indicator(world["goal"], "participants", of_target=True, target=40)
    assert (_value(world, of_target).numerator, _value(world, of_target).denominator) == (7, 10)


def test_manual_and_not_yet_available_and_unlinked(world: dict[str, Any]) -> None:
    manual = _indicator(world["goal"], "manual", target=80)
    assert _value(world, manual).reason == NO_DATA
    services.indicator_value_set(acting_user=None, indicator=manual, year=2024, value=85)
    assert _value(world, manual).value == Decimal("0.85")
    assert met(manual, _value(world, manual).value) is True
    survey = _indicator(world["goal"], "survey_share", survey="s", question="q", at_least=4)
    assert _value(world, survey).value is None and _value(world, survey).reason == NO_DATA  # no such survey
    unlinked = _indicator(world["alone"], "ended_share", end_reasons=["1"])
    assert _value(world, unlinked).reason == NO_INSATSER


def test_query_count_does_not_grow_with_indicators_of_a_kind(world: dict[str, Any]) -> None:
    def queries(count: int) -> int:
        Indicator.objects.all().delete()
        made = []
        for n in range(count):
            made += [
                _indicator(world["goal"], "ended_share", end_reasons=[str(1 + n % 5)]),
                _indicator(world["both"], "followup_share", months=3, occupation=["arbete"], support=["lon"]),
                _indicator(world["goal"], "support_reduced", months=3 + 3 * (n % 2)),
                _indicator(world["both"], "participants", of_target=True),
                _indicator(world["goal"], "manual"),
            ]
        with CaptureQueriesContext(connection) as captured:
            measure(made, association=world["association"], year=2024)
        return len(captured)

    assert queries(1) == queries(6)


def test_event_attendance_sums_the_goals_insatser(world: dict[str, Any], cast: Any) -> None:
    from samordna.activities import services as activity_services

    structural = cast.a.structural
    goal = services.goal_create(
        acting_user=None,
        plan=world["plan"],
        area=world["goal"].area,
        code="2:1",
        text="Kompetens",
        interventions=[structural],
    )
    events = _indicator(goal, "event_attendance", unit="count", target=100)
    assert _value(world, events).reason == NO_DATA  # no event yet: "ingen data", never 0
    for day, counts in ((dt.date(2024, 3, 5), (12, 30)), (dt.date(2024, 10, 1), (3, 5)), (dt.date(2023, 5, 1), (9, 9))):
        event = activity_services.event_create(
            acting_user=None,
            association=world["association"],
            code=f"E{day:%y%m}",
            title="Utbildning",
            kind="utbildning",
            date=day,
            days=1,
            intervention=structural,
        )
        activity_services.attendance_replace(
            acting_user=None,
            event=event,
            grid={(cast.a.kommun.pk, "chef"): counts[0], (None, "medarbetare"): counts[1]},
        )
    assert _value(world, events).value == 50  # 12 + 30 + 3 + 5 in 2024; the 2023 event is another year
    assert _value(world, events, until=dt.date(2024, 6, 30)).value == 42
