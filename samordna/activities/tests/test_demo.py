"""The demo's 2017 activities: seed 002's eleven, with attendance per member summing to 457; run twice, no change."""

from __future__ import annotations

import datetime as dt

import pytest

from samordna.activities import demo, selectors
from samordna.activities.models import Attendance, Event
from samordna.core.models import Association, AuditEntry
from samordna.demo.steps import DemoContext, run_steps

pytestmark = pytest.mark.django_db

# Seed 002, "Antal deltagare" per myndighetsgemensam kompetensutvecklingsinsats, 2017.
SEED_TOTALS = [61, 96, 32, 5, 49, 41, 33, 8, 46, 63, 23]


def test_the_eleven_2017_activities_sum_to_457_and_run_twice_changes_nothing() -> None:
    run_steps(
        DemoContext(log=lambda _text: None),
        ["samordna.demo.steps.load_organisations", "samordna.demo.steps.create_users", "samordna.activities.demo.load"],
    )
    association = Association.objects.get(slug="vastmanland")
    events = Event.objects.filter(association=association, date__year=2017).order_by("code")
    assert events.count() == 11
    sums = selectors.attendance_sums(association=association, first=dt.date(2017, 1, 1), last=dt.date(2017, 12, 31))
    assert [sums.by_event[e.pk] for e in events] == SEED_TOTALS
    assert sums.total == 457 == sum(sums.by_member.values()) == sum(sums.by_role.values())
    assert len([m for m in sums.by_member if m is not None]) == 13
    counts = (Event.objects.count(), Attendance.objects.count(), AuditEntry.objects.count())
    assert demo.load() == {}
    assert (Event.objects.count(), Attendance.objects.count(), AuditEntry.objects.count()) == counts
