"""The participants importer (CSV and XLSX) against the shared nasty-input corpus: command and upload page.

Every broken file gives a Swedish message with its row, exit 1 or the page with the message (400, as
the page answers any refused file; never 500), and writes nothing; the giant-dimension XLSX is refused
in seconds and an upload over the size limit is refused before it is read.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.participants.importer import run_import
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.test_import import HEADER, VALID
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

COLUMNS = HEADER.split(",")
ROW = VALID[0].split(",")
VARIANTS = nasty.csv_variants(COLUMNS, ROW)
ACCEPTED = {"utf8_bom_semicolon", "crlf", "cp1252"}
REFUSED = sorted(set(VARIANTS) - ACCEPTED)
XLSX = {
    "giant_dimension": nasty.xlsx_giant_dimension(COLUMNS),
    "not_a_zip": nasty.xlsx_not_a_zip(),
    "zip_bomb": nasty.zip_bomb_xlsx(),
    "huge_cell": nasty.xlsx_from_rows([COLUMNS, [*ROW[:1], nasty.TEXT["huge"], *ROW[2:]]]),
}


def _counts() -> tuple[int, int, int, int]:
    return Participant.objects.count(), Enrollment.objects.count(), FollowUp.objects.count(), AuditEntry.objects.count()


def _command(tmp_path: Path, data: bytes, capsys: Any, name: str = "deltagare.csv") -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data)
    code = 0
    try:
        call_command("import_participants", "--association", "alfa", str(path), stdout=io.StringIO())
    except CommandError as error:
        code = error.returncode
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("variant", REFUSED)
def test_command_refuses_each_nasty_csv(cast: Cast, tmp_path: Path, capsys: Any, variant: str) -> None:
    before = _counts()
    code, err = _command(tmp_path, VARIANTS[variant], capsys)
    assert code == 1, (variant, err)
    assert "rad " in err and "Traceback" not in err, err
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_command_accepts_the_allowed_forms(cast: Cast, tmp_path: Path, capsys: Any, variant: str) -> None:
    code, err = _command(tmp_path, VARIANTS[variant], capsys)
    assert code == 0, err
    assert Enrollment.objects.filter(participant__code="AB-001").count() == 1


@pytest.mark.parametrize(("variant", "row"), [("nul_byte", 1), ("huge_field", 2), ("unterminated_quote", 2)])
def test_problems_name_the_real_row(cast: Cast, variant: str, row: int) -> None:
    result = run_import(association=cast.a.association, source=VARIANTS[variant])
    assert not result.ok
    assert result.problems[0].row == row, result.problems


def test_syntax_error_is_reported_at_its_real_line(cast: Cast) -> None:
    lines = [HEADER, *VALID[:3], 'AB-009,1063,"kv"inna,1990,1980,2024-01-10,,,,,,,,']
    result = run_import(association=cast.a.association, source=("\n".join(lines) + "\n").encode())
    assert not result.ok
    assert [(p.row, "citattecken" in p.message) for p in result.problems] == [(5, True)]


@pytest.mark.parametrize("name", sorted(XLSX))
def test_command_refuses_each_nasty_xlsx_quickly(cast: Cast, tmp_path: Path, capsys: Any, name: str) -> None:
    before = _counts()
    started = time.monotonic()
    code, err = _command(tmp_path, XLSX[name], capsys, "deltagare.xlsx")
    assert time.monotonic() - started < 5, name
    assert code == 1 and "rad " in err and "Traceback" not in err, err
    assert _counts() == before


def test_command_lists_a_hundred_problems_and_the_count(cast: Cast, tmp_path: Path, capsys: Any) -> None:
    bad = [*ROW[:2], "okänt", *ROW[3:]]
    data = b"".join(nasty.many_bad_rows(COLUMNS, bad, count=20_000))
    code, err = _command(tmp_path, data, capsys)
    lines = [line for line in err.splitlines() if "kolumn gender" in line]
    assert code == 1 and len(lines) == 100
    assert "problem till" in err
    assert not Enrollment.objects.exists()


def _page(cast: Cast) -> str:
    return reverse("participants:import", kwargs={"association": cast.a.association.slug})


@pytest.mark.parametrize("variant", REFUSED)
def test_page_shows_the_message_and_writes_nothing(cast: Cast, client_for: Any, variant: str) -> None:
    before = _counts()
    response = client_for(Role.REGISTRAR).post(_page(cast), {"file": SimpleUploadedFile("d.csv", VARIANTS[variant])})
    assert response.status_code in (200, 400), variant
    body = response.content.decode()
    assert "Ingenting sparades" in body or "tom" in body, (variant, body[-1500:])
    assert _counts() == before


@pytest.mark.parametrize("name", sorted(XLSX))
def test_page_refuses_each_nasty_xlsx_quickly(cast: Cast, client_for: Any, name: str) -> None:
    before = _counts()
    started = time.monotonic()
    response = client_for(Role.REGISTRAR).post(_page(cast), {"file": SimpleUploadedFile("d.xlsx", XLSX[name])})
    assert time.monotonic() - started < 5, name
    assert response.status_code == 400 and "Ingenting sparades" in response.content.decode()
    assert _counts() == before


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=1000)
def test_page_refuses_an_upload_over_the_limit_before_reading_it(cast: Cast, client_for: Any) -> None:
    data = VARIANTS["crlf"] * 20
    before = _counts()
    response = client_for(Role.REGISTRAR).post(_page(cast), {"file": SimpleUploadedFile("d.csv", data)})
    assert response.status_code == 400
    assert "största tillåtna storlek" in response.content.decode()
    assert _counts() == before
