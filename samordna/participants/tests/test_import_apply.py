"""The import's write step: optional columns left out, a database refusal in Swedish, one import at a time."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.db.models import F
from django.urls import reverse

from samordna.core.models import AuditEntry, CodeListEntry, Municipality
from samordna.participants import rules, services
from samordna.participants.importer import run_import
from samordna.participants.importer.lock import ADVISORY_NAMESPACE, import_lock
from samordna.participants.models import Enrollment, FollowUp, FollowUpStatus, Participant
from samordna.participants.tests.helpers import code, enroll
from samordna.participants.tests.test_import import csv_bytes, db_state
from samordna.testing.cast import Cast
from samordna.testing.nasty import xlsx_from_rows

REQUIRED_HEADER = "participant,intervention,gender,birth_year,municipality,start_date"
BUSY = "En annan import pågår, försök igen"


@pytest.mark.django_db
def test_csv_with_only_the_required_columns_imports(cast: Cast) -> None:
    lines = ["AB-001,1063,kvinna,1990,1980,2024-01-10", "AB-002,1064,man,1985,0580,2024-02-01"]
    result = run_import(association=cast.a.association, source=csv_bytes(lines, header=REQUIRED_HEADER))
    assert result.ok, result.problems
    assert result.counts["enrollments_created"] == 2 and result.counts["participants_created"] == 2
    enrollment = Enrollment.objects.get(participant__code="AB-002")
    assert (enrollment.start_date, enrollment.end_date, enrollment.end_reason_id) == (dt.date(2024, 2, 1), None, None)
    assert enrollment.intervention.code == "1064"
    assert not enrollment.support_before.exists() and not enrollment.support_after.exists()
    assert enrollment.created_at is not None and enrollment.updated_at is not None
    assert Participant.objects.get(code="AB-002").municipality == Municipality.objects.get(code="0580")
    # the same file again changes nothing
    again = run_import(association=cast.a.association, source=csv_bytes(lines, header=REQUIRED_HEADER))
    assert again.ok and again.counts["enrollments_unchanged"] == 2


@pytest.mark.django_db
def test_xlsx_without_support_before_imports_with_follow_ups(cast: Cast) -> None:
    header = [*REQUIRED_HEADER.split(","), "end_date", "end_reason", "education", "support_after"]
    rows = [
        header,
        ["AB-010", "1063", "kvinna", 1990, "1980", dt.date(2024, 1, 10), dt.date(2024, 6, 30), "1", "gymnasium", "lon"],
        ["AB-011", "1063", "man", 1980, "1980", "2024-03-01", None, None, None, None],
    ]
    result = run_import(association=cast.a.association, source=xlsx_from_rows(rows), filename="deltagare.xlsx")
    assert result.ok, result.problems
    assert result.counts["enrollments_created"] == 2
    ended = Enrollment.objects.get(participant__code="AB-010")
    assert ended.end_date == dt.date(2024, 6, 30) and ended.end_reason.code == "1"
    assert list(ended.support_after.values_list("code", flat=True)) == ["lon"]
    assert not ended.support_before.exists()
    assert sorted(FollowUp.objects.filter(enrollment=ended).values_list("months_after_end", "due_date")) == [
        (3, dt.date(2024, 9, 30)),
        (6, dt.date(2024, 12, 30)),
        (12, dt.date(2025, 6, 30)),
    ]
    assert not FollowUp.objects.filter(enrollment__participant__code="AB-011").exists()
    _assert_follow_ups_name_their_enrollments_insats()


def _assert_follow_ups_name_their_enrollments_insats() -> None:
    """FollowUp.intervention is its enrollment's insats, however the follow-up was written."""
    assert FollowUp.objects.exists()
    assert not FollowUp.objects.exclude(intervention_id=F("enrollment__intervention_id")).exists()


def _rows_held(association_pk: int) -> bool:
    """Whether some session holds the förbund's advisory import lock (PostgreSQL)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %s AND objid = %s",
            [ADVISORY_NAMESPACE, association_pk],
        )
        return bool(cursor.fetchone()[0])


@contextmanager
def _holding(association: Any) -> Iterator[None]:
    """The förbund's import lock, as an import holds it (on PostgreSQL it belongs to a transaction).

    On SQLite only the process lock is taken: a transaction there would lock the whole file for writing.
    """
    with transaction.atomic() if connection.vendor == "postgresql" else nullcontext(), import_lock(association):
        yield


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test here
def test_import_while_another_holds_the_lock_is_refused_in_swedish(cast: Cast) -> None:
    """The lock held by another thread (its own connection): the import is refused at once and writes nothing."""
    association = cast.a.association
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with _holding(association):
                held.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(30)
        before = db_state()
        result = run_import(association=association, source=csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"]))
        assert not result.ok and result.counts == {}
        assert BUSY in result.problems[0].message and "Ingenting sparades" in result.problems[0].message
        assert db_state() == before
        assert not AuditEntry.objects.filter(action="import").exists()
        # the lock is per förbund
        other = run_import(
            association=cast.b.association, source=csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"])
        )
        assert other.ok, other.problems
    finally:
        release.set()
        thread.join(30)
    result = run_import(association=association, source=csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"]))
    assert result.ok, result.problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test here
def test_two_imports_at_once_one_wins_the_other_is_told_to_try_again(cast: Cast) -> None:
    """Two real imports on their own connections; the first is held inside its write until the second has run.

    On PostgreSQL the first import is held by an uncommitted participant with a code the file also has (its
    COPY waits for that row's transaction), so it holds the förbund's lock while the second one starts. SQLite
    cannot make one writer wait like that; there the first import holds the process lock from the test thread.
    """
    association = cast.a.association
    first = csv_bytes([f"AA-{n:03d},1063,kvinna,1990,1980,2024-01-10" for n in range(50)])
    second = csv_bytes([f"BB-{n:03d},1064,man,1985,1980,2024-02-01" for n in range(50)])
    results: dict[str, object] = {}

    def run(name: str, content: bytes) -> None:
        try:
            results[name] = run_import(association=association, source=content)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        with transaction.atomic():
            Participant.objects.create(
                association=association, code="AA-000", gender="kvinna", birth_year=1990, municipality_id="1980"
            )
            winner = threading.Thread(target=run, args=("first", first))
            winner.start()
            deadline = time.monotonic() + 30
            while not _rows_held(association.pk):
                assert time.monotonic() < deadline, "the first import never took the lock"
                time.sleep(0.05)
            loser = threading.Thread(target=run, args=("second", second))
            loser.start()
            loser.join(30)
            transaction.set_rollback(True)  # let the first import go on
        winner.join(60)
    else:
        with _holding(association):
            loser = threading.Thread(target=run, args=("second", second))
            loser.start()
            loser.join(30)
        run("first", first)
    won, lost = results["first"], results["second"]
    assert won.ok, won.problems  # type: ignore[attr-defined]
    assert won.counts["enrollments_created"] == 50  # type: ignore[attr-defined]
    assert len(lost.problems) == 1 and BUSY in lost.problems[0].message  # type: ignore[attr-defined]
    assert "IntegrityError" not in lost.problems[0].message and "Traceback" not in lost.problems[0].message  # type: ignore[attr-defined]
    codes = set(Participant.objects.filter(association=association).values_list("code", flat=True))
    assert codes == {f"AA-{n:03d}" for n in range(50)}  # nothing of the loser's file, all of the winner's
    assert Enrollment.objects.filter(association=association).count() == 50
    assert AuditEntry.objects.filter(action="import").count() == 1


# --- one rule for follow-ups and felregistrering, used by the services and the importer ---------------------


def test_plan_follow_ups() -> None:
    end = dt.date(2024, 1, 31)
    pending, done = FollowUpStatus.PENDING, FollowUpStatus.DONE
    assert rules.plan_follow_ups(end_date=end, months=(3, 6), existing={}) == rules.FollowUpPlan(
        create=((3, dt.date(2024, 4, 30)), (6, dt.date(2024, 7, 31)))
    )
    moved = rules.plan_follow_ups(
        end_date=end,
        months=(3, 6, 12),
        existing={
            3: (done, dt.date(2024, 1, 1)),
            6: (pending, dt.date(2024, 1, 1)),
            12: (pending, dt.date(2025, 1, 31)),
        },
    )
    assert moved == rules.FollowUpPlan(move=((6, dt.date(2024, 7, 31)),))  # done stays; 12 is already right
    reopened = rules.plan_follow_ups(
        end_date=None, months=(3, 6), existing={3: (done, end), 6: (pending, end), 9: (pending, end)}
    )
    assert reopened == rules.FollowUpPlan(drop=(6, 9))
    assert rules.is_felregistrering("8") and not rules.is_felregistrering("1") and not rules.is_felregistrering(None)


def _follow_ups(enrollment: Enrollment) -> list[tuple[int, str, dt.date]]:
    return sorted(enrollment.follow_ups.values_list("months_after_end", "status", "due_date"))


@pytest.mark.django_db
def test_an_end_moved_by_import_and_by_the_service_gives_the_same_follow_ups(cast: Cast) -> None:
    """Two like enrollments, each with a recorded 3-month follow-up; one end moved by a file, one by the form."""
    intervention = cast.a.intervention
    services.schedule_set(acting_user=None, intervention=intervention, months=[3, 6, 18])
    ended = dict(end_date=dt.date(2024, 3, 31), end_reason=code("end_reason", "1"))
    by_file = enroll(intervention, code_="AB-001", **ended)
    by_form = enroll(intervention, code_="AB-002", **ended)
    for enrollment in (by_file, by_form):
        services.follow_up_record(
            acting_user=None,
            follow_up=enrollment.follow_ups.get(months_after_end=3),
            status=FollowUpStatus.DONE,
            occupation=CodeListEntry.objects.get(list="occupation", code="arbete"),
        )
    header = "participant,intervention,gender,birth_year,municipality,start_date,end_date,end_reason"
    line = "AB-001,1063,kvinna,1990,1980,2024-01-10,2024-05-15,1"
    assert run_import(association=cast.a.association, source=csv_bytes([line], header=header)).ok
    services.enrollment_update(acting_user=None, enrollment=by_form, end_date=dt.date(2024, 5, 15))
    file_result, form_result = _follow_ups(by_file), _follow_ups(by_form)
    assert file_result == form_result
    recorded_due = dt.date(2024, 6, 30)  # due after the first end; recorded, it stays
    assert file_result == [
        (3, FollowUpStatus.DONE, recorded_due),
        (6, FollowUpStatus.PENDING, dt.date(2024, 11, 15)),
        (18, FollowUpStatus.PENDING, dt.date(2025, 11, 15)),
    ]
    # reopened (no end): the pending ones go, the recorded one stays, both ways
    services.enrollment_update(acting_user=None, enrollment=by_form, end_date=None, end_reason=None)
    reopen = "AB-001,1063,kvinna,1990,1980,2024-01-10,,"
    assert run_import(association=cast.a.association, source=csv_bytes([reopen], header=header)).ok
    assert _follow_ups(by_file) == _follow_ups(by_form) == [(3, FollowUpStatus.DONE, recorded_due)]
    services.enrollment_update(acting_user=None, enrollment=by_form, **ended)
    assert run_import(association=cast.a.association, source=csv_bytes([line], header=header)).ok
    _assert_follow_ups_name_their_enrollments_insats()


@pytest.mark.django_db
def test_felregistrering_removes_the_participant_only_with_the_last_enrollment_both_ways(cast: Cast) -> None:
    header = "participant,intervention,gender,birth_year,municipality,start_date,end_date,end_reason"
    for person in ("AB-001", "AB-002"):
        enroll(cast.a.intervention, code_=person)
        services.register_in(
            acting_user=None,
            intervention=cast.a.other_intervention,
            code=person,
            start_date=dt.date(2024, 1, 10),
        )
    wrong = "{p},{i},kvinna,1990,1980,2024-01-10,2024-02-01,8"
    first = run_import(
        association=cast.a.association,
        source=csv_bytes([wrong.format(p="AB-001", i=cast.a.intervention.code)], header=header),
    )
    assert first.ok and (first.counts["enrollments_removed"], first.counts["participants_removed"]) == (1, 0)
    form = Enrollment.objects.get(participant__code="AB-002", intervention=cast.a.intervention)
    assert services.enrollment_update(acting_user=None, enrollment=form, end_reason=code("end_reason", "8")) is None
    assert set(Participant.objects.values_list("code", flat=True)) == {"AB-001", "AB-002"}
    last = run_import(
        association=cast.a.association,
        source=csv_bytes([wrong.format(p="AB-001", i=cast.a.other_intervention.code)], header=header),
    )
    assert last.ok and (last.counts["enrollments_removed"], last.counts["participants_removed"]) == (1, 1)
    form = Enrollment.objects.get(participant__code="AB-002")
    services.enrollment_update(acting_user=None, enrollment=form, end_reason=code("end_reason", "8"))
    assert not Participant.objects.exists() and not Enrollment.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test here
def test_upload_page_says_try_again_while_another_import_runs(cast: Cast, client_for: Any) -> None:
    association = cast.a.association
    page = reverse("participants:import", kwargs={"association": association.slug})
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with _holding(association):
                held.set()
                release.wait(30)
        finally:
            connection.close()

    registrar = client_for("registrar")
    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(30)
        upload = SimpleUploadedFile("d.csv", csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"]))
        response = registrar.post(page, {"file": upload})
        assert response.status_code == 409
        body = response.content.decode()
        assert BUSY in body and "Traceback" not in body and "Error" not in body
        assert not Enrollment.objects.exists() and not Participant.objects.exists()
    finally:
        release.set()
        thread.join(30)
    upload = SimpleUploadedFile("d.csv", csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"]))
    response = registrar.post(page, {"file": upload})
    assert response.status_code == 200 and Enrollment.objects.count() == 1
