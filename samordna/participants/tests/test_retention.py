"""Gallring: dry run lists, --apply deletes row-level records past retention, aggregates stay, audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from samordna.core.models import AuditEntry
from samordna.participants import services
from samordna.participants.models import AnonymousCount, Enrollment, FollowUp, Participant
from samordna.participants.tests.helpers import code, enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_prune_dry_run_then_apply(cast: Cast) -> None:
    today = dt.date.today()
    old = enroll(
        cast.a.intervention,
        code_="OLD-1",
        start=dt.date(2020, 2, 1),
        end_date=dt.date(2020, 6, 30),
        end_reason=code("end_reason", "1"),
    )
    shared = enroll(
        cast.a.intervention,
        code_="BOTH-1",
        start=dt.date(2020, 2, 1),
        end_date=dt.date(2020, 6, 30),
        end_reason=code("end_reason", "3"),
    )
    services.enrollment_create(
        acting_user=None,
        participant=shared.participant,
        intervention=cast.a.intervention,
        start_date=today - dt.timedelta(days=30),
    )
    recent = enroll(
        cast.a.intervention,
        code_="NEW-1",
        start=dt.date(2024, 1, 1),
        end_date=today - dt.timedelta(days=10),
        end_reason=code("end_reason", "2"),
    )
    other_forbund = enroll(
        cast.b.intervention,
        code_="OLD-B1",
        start=dt.date(2020, 2, 1),
        end_date=dt.date(2020, 6, 30),
        end_reason=code("end_reason", "1"),
    )
    services.anonymous_count_set(acting_user=None, intervention=cast.a.intervention, year=2020, women=2, men=1, other=0)
    out = io.StringIO()
    call_command("prune", "--association", "alfa", stdout=out)
    assert "enrollments=2, follow_ups=6, participants=1" in out.getvalue()
    assert Enrollment.objects.count() == 5
    call_command("prune", "--association", "alfa", "--apply", stdout=io.StringIO())
    assert not Enrollment.objects.filter(pk__in=[old.pk, shared.pk]).exists()
    assert not Participant.objects.filter(code="OLD-1").exists()
    assert Participant.objects.filter(code="BOTH-1").exists()
    assert Enrollment.objects.filter(pk__in=[recent.pk, other_forbund.pk]).count() == 2
    assert FollowUp.objects.filter(enrollment=recent).count() == 3
    assert AnonymousCount.objects.get(year=2020).women == 2
    entry = AuditEntry.objects.get(
        action="delete", object_type="participants.enrollment", association=cast.a.association
    )
    assert entry.changes["enrollments"] == 2 and entry.changes["reason"] == "gallring"


def test_prune_unknown_association_says_so_and_deletes_nothing(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    enroll(
        cast.a.intervention,
        code_="OLD-1",
        start=dt.date(2020, 2, 1),
        end_date=dt.date(2020, 6, 30),
        end_reason=code("end_reason", "1"),
    )
    with pytest.raises(CommandError, match="ingenting gallrades") as raised:
        call_command("prune", "--association", "finns-ej", "--apply")
    assert raised.value.returncode == 1
    assert "förbundet ”finns-ej” finns inte" in capsys.readouterr().err
    assert Enrollment.objects.count() == 1
