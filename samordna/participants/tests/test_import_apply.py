"""The import's write step: optional columns left out, a database refusal in Swedish, one import at a time."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from samordna.core.models import AuditEntry, Municipality
from samordna.participants.importer import run_import
from samordna.participants.importer.lock import ADVISORY_NAMESPACE, import_lock
from samordna.participants.models import Enrollment, FollowUp, Participant
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


def _rows_held(association_pk: int) -> bool:
    """Whether some session holds the förbund's advisory import lock (PostgreSQL)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %s AND objid = %s",
            [ADVISORY_NAMESPACE, association_pk],
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_import_while_another_holds_the_lock_is_refused_in_swedish(cast: Cast) -> None:
    """The lock held by another thread (its own connection): the import is refused at once and writes nothing."""
    association = cast.a.association
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with transaction.atomic(), import_lock(association):
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
        if connection.vendor == "postgresql":  # the lock is per förbund (SQLite has one writer for the whole file)
            other = run_import(
                association=cast.b.association, source=csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"])
            )
            assert other.ok, other.problems
    finally:
        release.set()
        thread.join(30)
    result = run_import(association=association, source=csv_bytes(["AB-001,1063,kvinna,1990,1980,2024-01-10"]))
    assert result.ok, result.problems


@pytest.mark.django_db(transaction=True)
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
        with transaction.atomic(), import_lock(association):
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
