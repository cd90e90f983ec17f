"""The Events importer against the shared nasty-input corpus, through the command and the upload page.

Every broken file gives Swedish messages naming the row (and column), exit 1 or a 200 page, and writes
nothing; the files valid in another form (Windows-1252, BOM and `;`, CRLF) are imported.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from samordna.activities.models import Attendance, Event
from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.finance.tests.helpers import write_temp
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

HEADER = ["event", "title", "kind", "date", "end_date", "days", "intervention", "organisers", "member", "role", "count"]
ROW = ["U1", "Nätverksdag för Åsa", "natverk", "2017-10-12", "", "1,5", "2001", "Förbunden i länet", "fk", "chef", "3"]
VARIANTS = nasty.csv_variants(HEADER, ROW)
ACCEPTED = {"utf8_bom_semicolon", "crlf", "cp1252"}
REFUSED = sorted(set(VARIANTS) - ACCEPTED)


def _counts() -> tuple[int, int, int]:
    return Event.objects.count(), Attendance.objects.count(), AuditEntry.objects.count()


def _command(cast: Cast, data: bytes, capsys: Any) -> tuple[int, str]:
    code = 0
    try:
        call_command("import_events", "--association", cast.a.association.slug, write_temp(data), stdout=io.StringIO())
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("variant", REFUSED)
def test_command_refuses_each_nasty_file_with_a_row_and_writes_nothing(cast: Cast, capsys: Any, variant: str) -> None:
    before = _counts()
    code, err = _command(cast, VARIANTS[variant], capsys)
    assert code == 1, (variant, err)
    assert "inget importerades" in err
    assert "rad " in err or "filen är tom" in err, err
    assert "Traceback" not in err
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_command_accepts_the_forms_the_contract_allows(cast: Cast, capsys: Any, variant: str) -> None:
    code, err = _command(cast, VARIANTS[variant], capsys)
    assert code == 0, err
    event = Event.objects.get(association=cast.a.association, code="U1")
    assert event.title == "Nätverksdag för Åsa" and str(event.days) == "1.50"
    assert Attendance.objects.get(event=event).count == 3


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_command_counts_are_refused_or_whole_and_fit(cast: Cast, capsys: Any, name: str) -> None:
    code, err = _command(cast, nasty.csv_bytes([HEADER, [*ROW[:10], nasty.NUMBERS[name]]]), capsys)
    stored = list(Attendance.objects.values_list("count", flat=True))
    if code == 0:
        assert len(stored) <= 1 and all(0 <= n <= 100_000 for n in stored)
    else:
        assert code == 1 and "rad 2, kolumn count" in err, err
        assert stored == []


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_command_days_are_refused_or_fit(cast: Cast, capsys: Any, name: str) -> None:
    code, err = _command(cast, nasty.csv_bytes([HEADER, [*ROW[:5], nasty.NUMBERS[name], *ROW[6:]]]), capsys)
    if code == 0:
        assert 0 <= Event.objects.get().days <= 365
    else:
        assert code == 1 and "rad 2, kolumn days" in err, err
        assert not Event.objects.exists()


@pytest.mark.parametrize("name", ["nul", "control", "vertical_tab", "huge"])
@pytest.mark.parametrize("column", [0, 1, 7, 8])
def test_command_refuses_control_characters_and_huge_text(cast: Cast, capsys: Any, name: str, column: int) -> None:
    row = list(ROW)
    row[column] = nasty.TEXT[name]
    before = _counts()
    code, err = _command(cast, nasty.csv_bytes([HEADER, row]), capsys)
    assert code == 1 and "rad 2" in err, err
    assert _counts() == before


@pytest.mark.parametrize("name", sorted(nasty.PERSONNUMMER))
def test_command_refuses_a_personnummer_in_text(cast: Cast, capsys: Any, name: str) -> None:
    row = [*ROW[:7], nasty.PERSONNUMMER[name], *ROW[8:]]
    code, err = _command(cast, nasty.csv_bytes([HEADER, row]), capsys)
    assert code == 1 and "rad 2, kolumn organisers" in err, err
    assert nasty.PERSONNUMMER[name] not in err


@pytest.mark.parametrize("name", ["formula_eq", "formula_plus", "html", "sql", "rtl_override"])
def test_command_stores_harmless_text_as_text(cast: Cast, capsys: Any, name: str) -> None:
    code, err = _command(cast, nasty.csv_bytes([HEADER, [ROW[0], nasty.TEXT[name], *ROW[2:]]]), capsys)
    if code == 0:
        assert Event.objects.get().title == nasty.TEXT[name]
    else:
        assert "rad 2, kolumn title" in err, err


def test_a_million_bad_rows_lists_a_hundred_problems_and_the_count(cast: Cast, capsys: Any) -> None:
    data = b"".join(nasty.many_bad_rows(HEADER, [*ROW[:10], "tolv"], count=200_000))
    code, err = _command(cast, data, capsys)
    lines = err.splitlines()
    assert code == 1
    assert sum("kolumn count" in line for line in lines) == 100
    assert "199 900 problem till" in err.replace("\xa0", " ") or "199900 problem till" in err
    assert len(lines) == 102
    assert not Event.objects.exists()


@pytest.mark.parametrize("name", ["xlsx_giant_dimension", "xlsx_wide_row", "xlsx_not_a_zip", "zip_bomb_xlsx"])
def test_command_refuses_broken_workbooks(cast: Cast, capsys: Any, name: str) -> None:
    maker = getattr(nasty, name)
    data = maker(HEADER) if name == "xlsx_giant_dimension" else maker()
    before = _counts()
    code, err = _command(cast, data, capsys)
    assert code == 1 and "Traceback" not in err, err
    assert _counts() == before


def _post(client: Any, cast: Cast, upload: SimpleUploadedFile) -> Any:
    return client.post(reverse("activities:import", kwargs={"association": cast.a.association.slug}), {"file": upload})


@pytest.mark.parametrize("variant", REFUSED)
def test_upload_page_shows_the_message_and_writes_nothing(cast: Cast, client_for: Any, variant: str) -> None:
    before = _counts()
    response = _post(client_for(Role.ADMIN), cast, SimpleUploadedFile("aktiviteter.csv", VARIANTS[variant]))
    assert response.status_code == 200
    body = response.content.decode()
    if variant == "empty":  # Django's FileField itself refuses an empty upload, in Swedish
        assert "tom" in body
    else:
        assert "Ingenting importerades" in body and "rad " in body, (variant, body[-2000:])
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_upload_page_accepts_the_allowed_forms(cast: Cast, client_for: Any, variant: str) -> None:
    response = _post(client_for(Role.ADMIN), cast, SimpleUploadedFile("aktiviteter.csv", VARIANTS[variant]))
    assert response.status_code == 302
    assert Attendance.objects.get(event__code="U1").count == 3


def test_upload_page_is_for_admins_only(cast: Cast, client_for: Any) -> None:
    for name in ("intervention_manager", "viewer", "registrar", "manager_registrar"):
        response = _post(client_for(name), cast, SimpleUploadedFile("a.csv", VARIANTS["crlf"]))
        assert response.status_code == 403, name
    assert not Event.objects.exists()
