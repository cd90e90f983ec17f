"""Import of participants: all or nothing, every problem with row and column, idempotent, no identifiers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from samordna.core.models import AuditEntry
from samordna.participants.importer import run_import
from samordna.participants.importer.template import build_template
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

HEADER = (
    "participant,intervention,gender,birth_year,municipality,start_date,end_date,end_reason,education,"
    "support_before,years_in_support_before,occupation_after,support_after,referred_by"
)
VALID = [
    "AB-001,1063,kvinna,1990,1980,2024-01-10,,,gymnasium,forsorjningsstod|sjukpenning,3.5,,,fk",
    "AB-002,1063,M,1985,1980,2024-02-01,2024-10-31,1,grundskola,aktivitetsstod,1,arbete,lon,region",
    "AB-002,1064,man,1985,1980,2024-02-01,,,,,,,,",
    "AB-003,1063,annat,2000,0580,2023-05-01,2024-01-31,2,uppgift_saknas,,0,rehabilitering,sjukpenning,",
]


def csv_bytes(lines: list[str], header: str = HEADER, delimiter: str = ",") -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    return ("\ufeff" + text.replace(",", delimiter)).encode()


def db_state() -> tuple[int, int, int, int]:
    return (
        Participant.objects.count(),
        Enrollment.objects.count(),
        FollowUp.objects.count(),
        Enrollment.support_before.through.objects.count(),
    )


def write(tmp_path: Path, content: bytes, name: str = "deltagare.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_valid_file_imports_and_second_import_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes(VALID, delimiter=";"))
    call_command("import_participants", "--association", "alfa", str(path), stdout=io.StringIO())
    assert db_state() == (3, 4, 6, 3)
    first = Enrollment.objects.get(participant__code="AB-001")
    assert sorted(first.support_before.values_list("code", flat=True)) == ["forsorjningsstod", "sjukpenning"]
    assert str(first.years_in_support_before) == "3.5"
    assert first.referred_by.code == "fk"
    snapshot = sorted(Enrollment.objects.values_list("id", "updated_at"))
    out = io.StringIO()
    call_command("import_participants", "--association", "alfa", str(path), stdout=out)
    assert "enrollments_unchanged=4" in out.getvalue()
    assert db_state() == (3, 4, 6, 3)
    assert sorted(Enrollment.objects.values_list("id", "updated_at")) == snapshot
    imports = AuditEntry.objects.filter(action="import")
    assert imports.count() == 1  # the second import wrote nothing, so it leaves no audit row
    assert imports.get().changes["enrollments_created"] == 4


def test_update_by_key_and_felregistrering_removes(cast: Cast) -> None:
    assert run_import(association=cast.a.association, source=csv_bytes(VALID)).ok
    changed = [
        VALID[0].replace(",,,gymnasium", ",2024-06-30,3,gymnasium"),
        VALID[1].replace("2024-10-31,1,", "2024-10-31,8,"),
    ]
    result = run_import(association=cast.a.association, source=csv_bytes(changed))
    assert result.ok, result.problems
    assert result.counts["enrollments_updated"] == 1 and result.counts["enrollments_removed"] == 1
    assert Enrollment.objects.get(participant__code="AB-001").end_reason.code == "3"
    assert FollowUp.objects.filter(enrollment__participant__code="AB-001").count() == 3
    # AB-002 still has the 1064 enrollment, so the participant stays.
    assert Participant.objects.filter(code="AB-002").exists()
    assert not Enrollment.objects.filter(participant__code="AB-002", intervention=cast.a.intervention).exists()


BAD_ROWS = {
    "unknown insats": ("AB-010,9999,kvinna,1990,1980,2024-01-10,,,,,,,,", "intervention"),
    "bad date": ("AB-011,1063,kvinna,1990,1980,2024-13-45,,,,,,,,", "start_date"),
    "end before start": ("AB-012,1063,kvinna,1990,1980,2024-05-01,2024-04-01,1,,,,,,", "end_date"),
    "end reason without end": ("AB-013,1063,kvinna,1990,1980,2024-05-01,,1,,,,,,", "end_reason"),
    "unknown code": ("AB-014,1063,kvinna,1990,1980,2024-05-01,,,doktorsexamen,,,,,", "education"),
    "birth year out of range": ("AB-015,1063,kvinna,2015,1980,2024-05-01,,,,,,,,", "birth_year"),
    "duplicate row": (VALID[0], "participant"),
    "personnummer cell": ("19900101-1234,1063,kvinna,1990,1980,2024-05-01,,,,,,,,", "participant"),
    "structural insats": ("AB-016,2001,kvinna,1990,1980,2024-05-01,,,,,,,,", "intervention"),
    "overlap": ("AB-001,1063,kvinna,1990,1980,2024-03-01,,,,,,,,", "start_date"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_each_bad_row_exits_1_lists_error_and_writes_nothing(
    kind: str, cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, column = BAD_ROWS[kind]
    path = write(tmp_path, csv_bytes([*VALID, line]))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_participants", "--association", "alfa", str(path), stdout=io.StringIO())
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert f"rad {len(VALID) + 2}, kolumn {column}" in err, err
    assert db_state() == (0, 0, 0, 0)
    assert not AuditEntry.objects.filter(action="import").exists()


def test_all_errors_listed_at_once(cast: Cast) -> None:
    # every bad row that is bad on its own (duplicate and overlap need the valid rows), in one file
    lines = [line for kind, (line, _col) in BAD_ROWS.items() if kind not in ("duplicate row", "overlap")]
    result = run_import(association=cast.a.association, source=csv_bytes(lines))
    assert not result.ok
    assert {p.row for p in result.problems} == set(range(2, len(lines) + 2))
    assert db_state() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "column",
    ["namn", "Name", "personnummer", "E-post", "email", "telefon", "Phone", "Adress", "address", "pnr", "Förnamn"],
)
def test_identifier_column_refused_by_name(column: str, cast: Cast) -> None:
    result = run_import(
        association=cast.a.association, source=csv_bytes([v + ",x" for v in VALID], header=f"{HEADER},{column}")
    )
    assert not result.ok
    assert any(p.row == 1 and p.column == column and column in p.message for p in result.problems)
    assert db_state() == (0, 0, 0, 0)


def test_personnummer_in_any_cell_refused_without_echoing_it(cast: Cast) -> None:
    line = "AB-020,1063,kvinna,1990,1980,2024-01-10,,,,,,,,850101-1234"
    result = run_import(association=cast.a.association, source=csv_bytes([line]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "referred_by")]
    assert "850101" not in str(result.problems[0])


def test_xlsx_with_swedish_headers_and_template(cast: Cast) -> None:
    template = load_workbook(io.BytesIO(build_template(interventions=[cast.a.intervention], members=[cast.a.fk])))
    sheet = template["Deltagare"]
    assert sheet["A1"].value == "Deltagarkod"
    assert template.sheetnames == ["Deltagare", "Kodlistor"]
    assert len(sheet.data_validations.dataValidation) >= 8
    codes = [c.value for c in template["Kodlistor"]["A"] if c.value]
    assert codes[:4] == ["Kön", "kvinna", "man", "annat"]
    import datetime as dt

    sheet.append(["XL-1", "1063", "kvinna", 1990, 1980, dt.datetime(2024, 3, 1), None, None, "gymnasium"])
    buffer = io.BytesIO()
    template.save(buffer)
    result = run_import(association=cast.a.association, source=buffer.getvalue(), filename="mall.xlsx")
    assert result.ok, result.problems
    assert Enrollment.objects.get(participant__code="XL-1").start_date == dt.date(2024, 3, 1)


def test_plain_xlsx_and_unknown_column(cast: Cast) -> None:
    workbook = Workbook()
    workbook.active.append(HEADER.split(",") + ["favoritfärg"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(association=cast.a.association, source=buffer.getvalue(), filename="x.xlsx")
    assert [(p.row, p.column) for p in result.problems] == [(1, "favoritfärg")]


def test_absurd_dates_and_numbers_are_problems_not_crashes(cast: Cast) -> None:
    lines = [
        "AB-030,1063,kvinna,1990,1980,2024-01-10,9999-12-31,1,,,,,,",
        "AB-031,1063,kvinna,1990,1980,2024-01-10,,,,,1e-999999999,,,",
        "AB-032,1063,kvinna,1990,1980,0001-01-01,,,,,NaN,,,",
    ]
    result = run_import(association=cast.a.association, source=csv_bytes(lines))
    assert {(p.row, p.column) for p in result.problems} >= {
        (2, "end_date"),
        (4, "start_date"),
        (4, "years_in_support_before"),
    }
    assert db_state() == (0, 0, 0, 0)
