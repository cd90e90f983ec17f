"""Service rules of enrollments and follow-ups: each refusal is a Swedish message on its field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samordna.core.models import AuditEntry
from samordna.interventions import services as intervention_services
from samordna.participants import rules, services
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus, Participant
from samordna.participants.tests.helpers import code, enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_random_code_is_unambiguous_and_unique(cast: Cast) -> None:
    first = enroll(cast.a.intervention)
    second = enroll(cast.a.intervention)
    codes = {first.participant.code, second.participant.code}
    assert len(codes) == 2
    for value in codes:
        assert set(value.replace("-", "")) <= set(rules.CODE_ALPHABET)
        assert not set(value) & set("01OIL")


def test_own_code_is_kept_and_must_not_be_a_personnummer(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention, code_="fns-0042")
    assert enrollment.participant.code == "fns-0042"
    with pytest.raises(ValidationError) as excinfo:
        enroll(cast.a.intervention, code_="19900101-1234")
    assert "personnummer" in errors_of(excinfo)["code"][0]


def test_structural_insats_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        enroll(cast.a.structural)
    assert "individinriktade" in errors_of(excinfo)["intervention"][0]
    assert not Participant.objects.exists()


def test_start_before_insats_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        enroll(cast.a.intervention, start=dt.date(2019, 12, 31))
    assert "före insatsens start" in errors_of(excinfo)["start_date"][0]


def test_age_limits(cast: Cast) -> None:
    enroll(cast.a.intervention, birth_year=2009, start=dt.date(2024, 1, 1))  # 15
    enroll(cast.a.intervention, birth_year=1954, start=dt.date(2024, 1, 1))  # 70
    for year in (2010, 1953):
        with pytest.raises(ValidationError) as excinfo:
            enroll(cast.a.intervention, birth_year=year, start=dt.date(2024, 1, 1))
        assert "15–70" in errors_of(excinfo)["birth_year"][0]


def test_end_rules_and_follow_ups_created(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention)
    with pytest.raises(ValidationError) as excinfo:
        services.register_out(
            acting_user=None, enrollment=enrollment, end_date=dt.date(2023, 1, 1), end_reason=code("end_reason", "1")
        )
    assert "före startdatum" in errors_of(excinfo)["end_date"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_update(acting_user=None, enrollment=enrollment, end_date=dt.date(2024, 6, 1))
    assert "avslutsanledning" in errors_of(excinfo)["end_reason"][0].lower()
    assert not FollowUp.objects.exists()
    services.register_out(
        acting_user=None,
        enrollment=enrollment,
        end_date=dt.date(2024, 5, 31),
        end_reason=code("end_reason", "1"),
        occupation_after=code("occupation", "arbete"),
        support_after=[code("support", "lon")],
    )
    due = sorted(FollowUp.objects.values_list("months_after_end", "due_date", "status"))
    assert due == [
        (3, dt.date(2024, 8, 31), "pending"),
        (6, dt.date(2024, 11, 30), "pending"),
        (12, dt.date(2025, 5, 31), "pending"),
    ]
    # Changing an ended enrollment is allowed, moves pending follow-ups, and is audited.
    services.enrollment_update(acting_user=None, enrollment=enrollment, end_date=dt.date(2024, 6, 30))
    assert FollowUp.objects.get(months_after_end=3).due_date == dt.date(2024, 9, 30)
    assert AuditEntry.objects.filter(object_type="participants.enrollment", action="update").count() >= 2


def test_end_reason_only_with_end_date_in_database() -> None:
    constraint_names = {c.name for c in Enrollment._meta.constraints}
    assert {
        "enrollment_end_after_start",
        "enrollment_end_reason_iff_end",
        "enrollment_unique_start",
    } <= constraint_names


def test_database_refuses_end_before_start(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(
            end_date=dt.date(2020, 1, 1), end_reason=code("end_reason", "1")
        )


def test_overlap_in_same_insats_refused_but_other_insats_fine(cast: Cast) -> None:
    first = enroll(cast.a.intervention, start=dt.date(2024, 1, 1))
    participant = first.participant
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_create(
            acting_user=None, participant=participant, intervention=cast.a.intervention, start_date=dt.date(2024, 3, 1)
        )
    assert "redan ett deltagande" in errors_of(excinfo)["start_date"][0]
    services.enrollment_create(
        acting_user=None,
        participant=participant,
        intervention=cast.a.other_intervention,
        start_date=dt.date(2024, 3, 1),
    )
    services.register_out(
        acting_user=None, enrollment=first, end_date=dt.date(2024, 2, 1), end_reason=code("end_reason", "2")
    )
    services.enrollment_create(
        acting_user=None, participant=participant, intervention=cast.a.intervention, start_date=dt.date(2024, 3, 1)
    )
    assert participant.enrollments.count() == 3


def test_felregistrering_removes_enrollment_and_orphan_participant(cast: Cast) -> None:
    lone = enroll(cast.a.intervention)
    services.register_out(
        acting_user=None, enrollment=lone, end_date=dt.date(2024, 2, 1), end_reason=code("end_reason", "8")
    )
    assert not Enrollment.objects.filter(pk=lone.pk).exists()
    assert not Participant.objects.filter(pk=lone.participant_id).exists()
    kept = enroll(cast.a.intervention)
    services.enrollment_create(
        acting_user=None,
        participant=kept.participant,
        intervention=cast.a.other_intervention,
        start_date=dt.date(2024, 2, 1),
    )
    services.register_out(
        acting_user=None, enrollment=kept, end_date=dt.date(2024, 2, 1), end_reason=code("end_reason", "8")
    )
    assert Participant.objects.filter(pk=kept.participant_id).exists()
    assert AuditEntry.objects.filter(object_type="participants.participant", action="delete").count() == 1


def test_follow_up_record_and_schedule(cast: Cast) -> None:
    services.schedule_set(acting_user=None, intervention=cast.a.intervention, months=[6, 18])
    enrollment = enroll(cast.a.intervention, end_date=dt.date(2024, 6, 30), end_reason=code("end_reason", "1"))
    assert sorted(enrollment.follow_ups.values_list("months_after_end", flat=True)) == [6, 18]
    follow_up = enrollment.follow_ups.get(months_after_end=6)
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_record(
            acting_user=None, follow_up=follow_up, status="declined", occupation=code("occupation", "arbete")
        )
    assert "genomförd" in errors_of(excinfo)["status"][0]
    with pytest.raises(ValidationError) as excinfo:  # done without its outcome
        services.follow_up_record(acting_user=None, follow_up=follow_up, status="done")
    assert "utfall" in errors_of(excinfo)["occupation"][0]
    services.follow_up_record(
        acting_user=None,
        follow_up=follow_up,
        status="done",
        occupation=code("occupation", "arbete"),
        support=[code("support", "lon")],
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE and follow_up.done_on is not None
    assert list(follow_up.support.values_list("code", flat=True)) == ["lon"]


def test_method_locked_once_enrolled(cast: Cast) -> None:
    enroll(cast.a.intervention)
    with pytest.raises(ValidationError):
        intervention_services.intervention_update(
            acting_user=None, intervention=cast.a.intervention, follow_up_method="antal"
        )


def test_personnummer_detection() -> None:
    for value in ("19900101-1234", "900101-1234", "199001011234", "9001611234", "20050228+0000"):
        assert rules.looks_like_personnummer(value), value
    for value in ("ABC-123", "2024-01-01", "1990", "123456", "fns-0042", "9913011234"):
        assert not rules.looks_like_personnummer(value), value


def test_absurd_end_date_refused_on_field(cast: Cast) -> None:
    enrollment = enroll(cast.a.intervention)
    with pytest.raises(ValidationError) as excinfo:
        services.register_out(
            acting_user=None, enrollment=enrollment, end_date=dt.date(9999, 12, 31), end_reason=code("end_reason", "1")
        )
    assert "orimligt" in errors_of(excinfo)["end_date"][0]
