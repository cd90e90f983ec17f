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
    assert 250 <= counts["enrollments_created"] <= 320
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
    assert {e.start_date.year for e in Enrollment.objects.all()} == {2022, 2023, 2024, 2025}
    due = FollowUp.objects.filter(status=FollowUpStatus.PENDING, due_date__lte=dt.date(2026, 11, 30)).count()
    assert due > 0
    assert FollowUp.objects.filter(status=FollowUpStatus.DONE).count() > due
