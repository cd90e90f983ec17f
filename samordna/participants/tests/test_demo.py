"""The demo's synthetic participants: deterministic, idempotent, plausible, some follow-ups due."""

from __future__ import annotations

import datetime as dt

import pytest

from samordna.core import services as core_services
from samordna.core.models import Municipality
from samordna.interventions import services as intervention_services
from samordna.organisations import services as org_services
from samordna.participants import demo
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus, Participant

pytestmark = pytest.mark.django_db


def make_demo_forbund() -> None:
    association = core_services.association_create(acting_user=None, slug="vastmanland", name="Demo")
    for code in ("1982", "1981"):
        org_services.member_create(
            acting_user=None,
            association=association,
            code=code,
            name=code,
            kind="kommun",
            municipality=Municipality.objects.get(code=code),
        )
    for code in ("1063", "1064"):
        intervention_services.intervention_create(
            acting_user=None,
            association=association,
            code=code,
            name=f"Samordningsteam {code}",
            orientation="individinriktad",
            category="individinsatser",
            start=dt.date(2011, 1, 1),
        )


def test_nothing_without_the_demo_forbund() -> None:
    assert demo.load() == {}
    assert not Enrollment.objects.exists()


def test_load_is_idempotent_and_plausible() -> None:
    make_demo_forbund()
    today = dt.date(2026, 11, 15)
    counts = demo.load(today=today)
    # 320 starting 2022–2025, and about 80 × 10.5/12 in 2026 (a batch a year after 2025, to today)
    assert 340 <= counts["enrollments_created"] <= 400
    state = (
        Participant.objects.count(),
        Enrollment.objects.count(),
        FollowUp.objects.count(),
        FollowUp.objects.filter(status=FollowUpStatus.PENDING).count(),
    )
    again = demo.load(today=today)
    assert again["enrollments_created"] == 0 and again["enrollments_unchanged"] == counts["enrollments_created"]
    assert state == (
        Participant.objects.count(),
        Enrollment.objects.count(),
        FollowUp.objects.count(),
        FollowUp.objects.filter(status=FollowUpStatus.PENDING).count(),
    )
    women = Participant.objects.filter(gender="kvinna").count() / Participant.objects.count()
    assert 0.5 < women < 0.75
    ended = Enrollment.objects.filter(end_date__isnull=False)
    positive = ended.filter(end_reason__code__in=["1", "2"]).count() / ended.count()
    assert 0.5 < positive < 0.8
    assert {e.start_date.year for e in Enrollment.objects.all()} == {2022, 2023, 2024, 2025, 2026}
    assert not Enrollment.objects.filter(start_date__gt=today).exists()
    due = FollowUp.objects.filter(status=FollowUpStatus.PENDING, due_date__lte=dt.date(2026, 11, 30)).count()
    assert due > 0
    assert FollowUp.objects.filter(status=FollowUpStatus.DONE).count() > due


def test_a_later_run_adds_what_has_started_and_ends_what_has_ended() -> None:
    """Each row draws from its own seed: a run weeks later agrees with the first one (it used to fail on
    overlapping enrollments once the draws of one ended enrollment shifted every later row)."""
    make_demo_forbund()
    first = dt.date(2026, 11, 15)
    demo.load(today=first)
    before = {e.participant.code: (e.start_date, e.end_date) for e in Enrollment.objects.select_related("participant")}
    later = first + dt.timedelta(days=75)  # into the next year: its batch starts
    counts = demo.load(today=later)
    assert counts["enrollments_created"] > 0 and counts["enrollments_updated"] > 0
    after = {e.participant.code: (e.start_date, e.end_date) for e in Enrollment.objects.select_related("participant")}
    assert all(after[code][0] == start for code, (start, _end) in before.items())  # no start moved
    ended_since = [c for c, (_s, end) in before.items() if end is None and after[c][1] is not None]
    assert ended_since and all(first < after[c][1] <= later for c in ended_since)
    assert any(code.startswith("DEMO-2027-") for code in after)
    again = demo.load(today=later)
    assert again["enrollments_created"] == again["enrollments_updated"] == 0


def test_rows_do_not_depend_on_the_day_they_are_drawn() -> None:
    make_demo_forbund()
    demo.load(today=dt.date(2026, 3, 1))
    march = dict(Enrollment.objects.values_list("participant__code", "start_date"))
    Enrollment.objects.all().delete()
    Participant.objects.all().delete()
    demo.load(today=dt.date(2026, 9, 1))
    september = dict(Enrollment.objects.values_list("participant__code", "start_date"))
    assert set(march) < set(september)
    assert all(september[code] == start for code, start in march.items())
