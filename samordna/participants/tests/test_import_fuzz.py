"""Property test: random bytes and random mutations of a valid file never crash the importer or half-write."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.test_import import HEADER, VALID, csv_bytes
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BASE = csv_bytes(VALID)


def counts() -> tuple[int, int, int]:
    return Participant.objects.count(), Enrollment.objects.count(), FollowUp.objects.count()


def check_all_or_nothing(cast: Cast, content: bytes, filename: str = "f.csv") -> None:
    before = counts()
    result = run_import(association=cast.a.association, source=content, filename=filename)
    after = counts()
    if result.ok:
        assert result.counts["rows"] >= 1
    else:
        assert after == before, "a failed import must write nothing"
        assert all(p.row >= 1 and p.message for p in result.problems)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes(cast: Cast, data: bytes) -> None:
    check_all_or_nothing(cast, data)


@SETTINGS
@given(data=st.binary(max_size=600))
def test_random_bytes_named_xlsx(cast: Cast, data: bytes) -> None:
    check_all_or_nothing(cast, b"PK\x03\x04" + data, "f.xlsx")


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(BASE) - 1),
            st.sampled_from(["delete", "insert", "replace"]),
            st.sampled_from(list(b',;|\n"-0123456789xX\xff\x00 ') + [0xC3]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_mutated_valid_csv(cast: Cast, edits: list[tuple[int, str, int]]) -> None:
    data = bytearray(BASE)
    for position, action, byte in edits:
        position = min(position, len(data) - 1)
        if action == "delete" and len(data) > 1:
            del data[position]
        elif action == "insert":
            data.insert(position, byte)
        else:
            data[position] = byte
    check_all_or_nothing(cast, bytes(data))


@SETTINGS
@given(
    cells=st.lists(
        st.lists(
            st.one_of(
                st.none(), st.integers(-(10**6), 10**12), st.floats(allow_nan=True), st.text(max_size=20), st.dates()
            ),
            min_size=0,
            max_size=16,
        ),
        max_size=6,
    )
)
def test_random_xlsx_cells(cast: Cast, cells: list[list[object]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in cells:
        try:
            sheet.append(row)
        except Exception:  # noqa: BLE001 - openpyxl refuses some values itself; not what is tested
            continue
    buffer = io.BytesIO()
    workbook.save(buffer)
    check_all_or_nothing(cast, buffer.getvalue(), "f.xlsx")
