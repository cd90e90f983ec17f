"""The Events CSV import (docs/contracts.md): upsert by code, attendance replaced, all or nothing, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from samordna.activities.models import Attendance, Event
from samordna.activities.services import events_import
from samordna.core.imports import ImportFailed
from samordna.core.models import AuditEntry
from samordna.finance.tests.helpers import write_temp
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

HEADER = ["event", "title", "kind", "date", "end_date", "days", "intervention", "organisers", "member", "role", "count"]
FACTS = ["U2017-1", "Grundutbildning", "utbildning", "2017-02-07", "2017-03-21", "3", "2001", "Förbundet"]


def rows(*groups: tuple[str, str, str], facts: list[str] = FACTS) -> list[list[str]]:
    return [HEADER, *([*facts, *group] for group in groups)]


def run(cast: Cast, data: bytes) -> dict[str, int]:
    return events_import(acting_user=None, association=cast.a.association, data=data, filename="aktiviteter.csv")


def refused(cast: Cast, data: bytes) -> list[str]:
    before = (Event.objects.count(), Attendance.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportFailed) as error:
        run(cast, data)
    assert (Event.objects.count(), Attendance.objects.count(), AuditEntry.objects.count()) == before
    return error.value.lines()


def test_import_creates_events_and_attendance_and_twice_writes_nothing(cast: Cast) -> None:
    data = nasty.csv_bytes(
        rows(("1980", "chef", "2"), ("1980", "medarbetare", "10"), ("fk", "medarbetare", "4"), ("", "annan", "3"))
        + [["U2017-2", "Nätverksdag", "natverk", "2017-10-12", "", "1", "", "", "region", "annan", "5"]][0:1]
    )
    summary = run(cast, data)
    assert summary["events_created"] == 2 and summary["attendance_total"] == 24
    event = Event.objects.get(association=cast.a.association, code="U2017-1")
    assert event.intervention == cast.a.structural and event.days == Decimal(3)
    grid = {(a.member.code if a.member else "", a.role): a.count for a in event.attendance.select_related("member")}
    assert grid == {("1980", "chef"): 2, ("1980", "medarbetare"): 10, ("fk", "medarbetare"): 4, ("", "annan"): 3}
    audit = AuditEntry.objects.count()
    again = run(cast, data)
    assert again["events_created"] == again["events_updated"] == again["attendance_created"] == 0
    assert again["attendance_updated"] == again["attendance_removed"] == 0
    assert AuditEntry.objects.count() == audit


def test_a_second_file_replaces_the_attendance_of_its_events_only(cast: Cast) -> None:
    run(cast, nasty.csv_bytes(rows(("1980", "chef", "2"), ("fk", "medarbetare", "4"))))
    other = [HEADER, ["U9", "Annat", "annat", "2017-05-01", "", "1", "", "", "fk", "chef", "1"]]
    run(cast, nasty.csv_bytes(other))
    audit = AuditEntry.objects.count()
    summary = run(cast, nasty.csv_bytes(rows(("1980", "chef", "3"), ("", "medarbetare", "1"))))
    assert summary["attendance_updated"] == 1 and summary["attendance_removed"] == 1
    assert summary["attendance_created"] == 1
    assert AuditEntry.objects.count() == audit + 1  # one bulk row for the attendance
    assert Attendance.objects.filter(event__code="U9").count() == 1
    assert Attendance.objects.filter(event__code="U2017-1").count() == 2


def test_event_facts_are_updated_by_code(cast: Cast) -> None:
    run(cast, nasty.csv_bytes(rows(("1980", "chef", "2"))))
    changed = [*FACTS[:1], "Ny titel", *FACTS[2:]]
    summary = run(cast, nasty.csv_bytes(rows(("1980", "chef", "2"), facts=changed)))
    assert summary["events_updated"] == 1
    assert Event.objects.get(code="U2017-1").title == "Ny titel"


def test_unknown_member_refuses_the_whole_file(cast: Cast) -> None:
    lines = refused(cast, nasty.csv_bytes(rows(("1980", "chef", "2"), ("0580", "chef", "1"))))
    assert any("rad 3, kolumn member: okänd medlem ”0580”" in line for line in lines), lines


@pytest.mark.parametrize(
    ("count", "why"), [("-1", "för litet"), ("2.5", "heltal"), ("2,5", "heltal"), ("tolv", "heltal"), ("", "heltal")]
)
def test_count_negative_or_not_whole_is_refused(cast: Cast, count: str, why: str) -> None:
    lines = refused(cast, nasty.csv_bytes(rows(("1980", "chef", count))))
    assert any("rad 2, kolumn count" in line and why in line for line in lines), lines


def test_end_before_start_is_refused(cast: Cast) -> None:
    facts = [*FACTS[:3], "2017-03-21", "2017-02-07", *FACTS[5:]]
    lines = refused(cast, nasty.csv_bytes(rows(("1980", "chef", "1"), facts=facts)))
    assert any("rad 2, kolumn end_date: slutdatum 2017-02-07 ligger före datum 2017-03-21" in line for line in lines)


def test_other_problems_are_named_by_row_and_column(cast: Cast) -> None:
    data = nasty.csv_bytes(
        [
            HEADER,
            [*FACTS, "1980", "chef", "1"],
            ["U2017-1", "Annan titel", *FACTS[2:], "fk", "chef", "1"],
            [*FACTS, "1980", "chef", "2"],
            ["U3", "X", "kurs", "2017-13-01", "", "-1", "1063", "", "", "vd", "1"],
            ["U4", "Y", "annat", "2017-01-01", "", "1", "9999", "", "", "chef", "1"],
        ]
    )
    lines = refused(cast, data)
    text = "\n".join(lines)
    assert "rad 3, kolumn title: skiljer sig från rad 2" in text
    assert "rad 4, kolumn member: samma aktivitet, medlem och roll finns redan på rad 2" in text
    assert "rad 5, kolumn kind: okänd typ ”kurs”" in text
    assert "rad 5, kolumn date: ogiltigt datum" in text
    assert "rad 5, kolumn days" in text
    assert "rad 5, kolumn intervention: insatsen ”1063” är inte strukturövergripande" in text
    assert "rad 5, kolumn role: okänd roll ”vd”" in text
    assert "rad 6, kolumn intervention: okänd insats ”9999”" in text


def test_missing_and_unknown_columns(cast: Cast) -> None:
    lines = refused(cast, nasty.csv_bytes([HEADER[:-1], FACTS]))
    assert lines == ["rad 1, kolumn count: kolumnen saknas"]
    lines = refused(cast, nasty.csv_bytes([[*HEADER, "extra"], [*FACTS, "1980", "chef", "1", "x"]]))
    assert any("kolumn extra: okänd kolumn" in line for line in lines)


def test_at_most_a_hundred_problems_then_the_count(cast: Cast) -> None:
    data = nasty.csv_bytes([HEADER, *([*FACTS, "0580", "chef", "1"] for _ in range(150))])
    lines = refused(cast, data)
    assert len(lines) == 101
    assert "50 problem till" in lines[-1].replace("\xa0", " ")


def test_xlsx_first_sheet_is_read(cast: Cast) -> None:
    data = nasty.xlsx_from_rows(rows(("1980", "chef", "2"), ("", "annan", "3")))  # type: ignore[arg-type]
    summary = run(cast, data)
    assert summary["attendance_total"] == 5


def _command(cast: Cast, data: bytes) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    code = 0
    try:
        call_command(
            "import_events", "--association", cast.a.association.slug, write_temp(data), stdout=out, stderr=err
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue()


def test_command_imports_and_refuses(cast: Cast, capsys: Any) -> None:
    code, out = _command(cast, nasty.csv_bytes(rows(("1980", "chef", "2"))))
    assert code == 0 and "Importerade 1 aktiviteter" in out
    code, _out = _command(cast, nasty.csv_bytes(rows(("nope", "chef", "2"))))
    err = capsys.readouterr().err
    assert code == 1 and "kolumn member: okänd medlem" in err and "inget importerades (1 fel)" in err
