"""The importer's stored state and the checks against it: overlaps with stored enrollments, support-code changes,
the compact state (shared values), and the SQLite page cache given back after an import."""

from __future__ import annotations

import pytest
from django.db import connection

from samordna.participants.importer import run_import
from samordna.participants.importer.apply import load_state
from samordna.participants.importer.parse import Lookups, RowParser
from samordna.participants.importer.reader import read_rows
from samordna.participants.models import Enrollment, FollowUp
from samordna.participants.tests.test_import import HEADER, csv_bytes, db_state
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

OPEN = "ST-001,1063,kvinna,1990,1980,2024-01-10,,,,forsorjningsstod,,,,"
OTHER_INSATS = "ST-001,1064,kvinna,1990,1980,2024-02-01,,,,,,,,"
LATER = "ST-001,1063,kvinna,1990,1980,2024-03-01,,,,,,,,"


def test_new_row_overlapping_a_stored_enrollment_is_refused(cast: Cast) -> None:
    assert run_import(association=cast.a.association, source=csv_bytes([OPEN, OTHER_INSATS])).ok
    before = db_state()
    result = run_import(association=cast.a.association, source=csv_bytes([LATER]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "start_date")]
    assert "2024-01-10" in result.problems[0].message
    assert db_state() == before


def test_row_that_ends_the_stored_enrollment_makes_room_for_the_next(cast: Cast) -> None:
    assert run_import(association=cast.a.association, source=csv_bytes([OPEN])).ok
    ended = OPEN.replace("2024-01-10,,", "2024-01-10,2024-02-28,1")
    result = run_import(association=cast.a.association, source=csv_bytes([ended, LATER]))
    assert result.ok, result.problems
    assert result.counts["enrollments_updated"] == 1 and result.counts["enrollments_created"] == 1
    # …but an end date after the stored next start overlaps it (and so does a third one in between)
    late_end = OPEN.replace("2024-01-10,,", "2024-01-10,2024-03-15,1")
    result = run_import(
        association=cast.a.association, source=csv_bytes([late_end, LATER.replace("2024-03-01", "2024-03-10")])
    )
    assert sorted((p.row, p.column) for p in result.problems) == [(2, "start_date"), (3, "start_date")]
    assert Enrollment.objects.count() == 2


def test_felregistrering_of_the_stored_enrollment_makes_room(cast: Cast) -> None:
    assert run_import(association=cast.a.association, source=csv_bytes([OPEN])).ok
    removes = OPEN.replace("2024-01-10,,", "2024-01-10,2024-01-11,8")
    result = run_import(association=cast.a.association, source=csv_bytes([removes, LATER]))
    assert result.ok, result.problems
    assert result.counts["enrollments_removed"] == 1 and result.counts["enrollments_created"] == 1
    assert [d.isoformat() for d in Enrollment.objects.values_list("start_date", flat=True)] == ["2024-03-01"]


def test_support_codes_compared_with_stored_ones(cast: Cast) -> None:
    assert run_import(association=cast.a.association, source=csv_bytes([OPEN])).ok
    again = run_import(association=cast.a.association, source=csv_bytes([OPEN]))
    assert again.counts["enrollments_unchanged"] == 1 and again.counts["enrollments_updated"] == 0
    two = OPEN.replace(",forsorjningsstod,", ",sjukpenning|forsorjningsstod,")
    result = run_import(association=cast.a.association, source=csv_bytes([two]))
    assert result.counts["enrollments_updated"] == 1
    enrollment = Enrollment.objects.get()
    assert sorted(enrollment.support_before.values_list("code", flat=True)) == ["forsorjningsstod", "sjukpenning"]
    assert run_import(association=cast.a.association, source=csv_bytes([two])).counts["enrollments_unchanged"] == 1
    none = OPEN.replace(",forsorjningsstod,", ",,")
    assert run_import(association=cast.a.association, source=csv_bytes([none])).counts["enrollments_updated"] == 1
    assert not enrollment.support_before.exists()


def _rows(cast: Cast, lines: list[str]) -> list:
    lookups = Lookups.load(cast.a.association, None)
    cells = read_rows(csv_bytes(lines))
    header = next(cells)
    columns = {name: index for index, name in enumerate(HEADER.split(","))}
    parser = RowParser(lookups, columns, header, [])
    return [parser.parse(line, row) for line, row in enumerate(cells, start=2)]


def test_stored_state_shares_repeated_values(cast: Cast) -> None:
    lines = [
        f"SH-{n:03d},{1063 + n % 2},kvinna,1990,1980,2024-01-10,2024-05-31,1,,forsorjningsstod|sjukpenning,"
        f"2.5,arbete,lon,"
        for n in range(40)
    ]
    assert run_import(association=cast.a.association, source=csv_bytes(lines)).ok
    state = load_state(cast.a.association, _rows(cast, lines))
    assert len(state.enrollments) == 40
    stored = list(state.enrollments.values())
    for slot in range(1, len(stored[0])):  # end date, end reason, …: one object per distinct value
        assert len({id(values[slot]) for values in stored}) == 1
    assert len({id(key[2]) for key in state.enrollments}) == 1  # start dates
    supports = state.supports["support_before"]
    assert len(supports) == 40 and len({id(codes) for codes in supports.values()}) == 1
    assert len(next(iter(supports.values()))) == 2
    assert {row.code for row in _rows(cast, lines)} == set(state.participants)
    assert FollowUp.objects.count() == 40 * 3


def _connection_setting() -> object:
    """The one per-connection setting the importer may change: SQLite's page cache (none on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
        else:
            cursor.execute("SHOW work_mem")
        return cursor.fetchone()[0]


def test_connection_settings_are_given_back_after_an_import(cast: Cast) -> None:
    before = _connection_setting()
    assert run_import(association=cast.a.association, source=csv_bytes([OPEN])).ok
    assert _connection_setting() == before
