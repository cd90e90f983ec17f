"""The follow-ups importer (CSV and XLSX) against the shared nasty-input corpus: command and upload page.

Every broken file gives a Swedish message with its row, exit 1 or the page with the message (400; never 500 or a
traceback), and writes nothing; the giant-dimension XLSX is refused in seconds and an upload over the size limit
is refused before it is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from samordna.core.choices import Role
from samordna.participants.models import Enrollment, FollowUp
from samordna.participants.tests.test_followup_import import HEADER, VALID, counts, make_ended, run
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

COLUMNS = HEADER.split(",")
ROW = VALID[0].split(",")
VARIANTS = nasty.csv_variants(COLUMNS, ROW)
ACCEPTED = {"utf8_bom_semicolon", "crlf", "cp1252"}
REFUSED = sorted(set(VARIANTS) - ACCEPTED)
XLSX = {
    "giant_dimension": nasty.xlsx_giant_dimension(COLUMNS),
    "not_a_zip": nasty.xlsx_not_a_zip(),
    "zip_bomb": nasty.zip_bomb_xlsx(),
    "wide_row": nasty.xlsx_wide_row(),
    "huge_cell": nasty.xlsx_from_rows([COLUMNS, [*ROW[:1], nasty.TEXT["huge"], *ROW[2:]]]),
}
# Cells that must be refused with a message naming their row and column (never stored, never a 500).
CELLS: dict[str, tuple[int, str]] = {
    **{f"text_{k}": (0, v) for k, v in nasty.TEXT.items()},
    **{f"pnr_{k}": (0, v) for k, v in nasty.PERSONNUMMER.items()},
    **{f"months_{k}": (3, v) for k, v in nasty.NUMBERS.items() if k != "negative_zero"},
    **{f"date_{k}": (4, v) for k, v in nasty.TEXT.items()},
    **{f"status_{k}": (5, v) for k, v in nasty.TEXT.items()},
    **{f"occupation_{k}": (6, v) for k, v in nasty.TEXT.items() if v.strip()},
    **{f"support_{k}": (7, v) for k, v in nasty.TEXT.items() if v.strip()},
}


@pytest.fixture
def ended(cast: Cast) -> Enrollment:
    """UF-001, ended, with its follow-ups 3, 6 and 12 pending."""
    return make_ended(cast)


def _done(enrollment: Enrollment) -> int:
    return FollowUp.objects.filter(enrollment=enrollment).exclude(status="pending").count()


@pytest.mark.parametrize("variant", REFUSED)
def test_command_refuses_each_nasty_csv(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any, variant: str
) -> None:
    before = counts()
    code, err = run(tmp_path, VARIANTS[variant], capsys)
    assert code == 1, (variant, err)
    assert "rad " in err and "Traceback" not in err, err
    assert counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_command_accepts_the_allowed_forms(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any, variant: str
) -> None:
    code, out = run(tmp_path, VARIANTS[variant], capsys)
    assert code == 0, out
    assert _done(ended) == 1


@pytest.mark.parametrize("name", sorted(XLSX))
def test_command_refuses_each_nasty_xlsx_quickly(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any, name: str
) -> None:
    before = counts()
    started = time.monotonic()
    code, err = run(tmp_path, XLSX[name], capsys, "u.xlsx")
    assert time.monotonic() - started < 5, name
    assert code == 1 and "rad " in err and "Traceback" not in err, err
    assert counts() == before


@pytest.mark.parametrize("name", sorted(CELLS))
def test_command_refuses_each_nasty_cell(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any, name: str) -> None:
    index, value = CELLS[name]
    row = list(ROW)
    row[index] = value
    before = counts()
    code, err = run(tmp_path, nasty.csv_bytes([COLUMNS, row]), capsys)
    assert code == 1, (name, err)
    assert "rad 2, kolumn " in err and "Traceback" not in err, err
    assert counts() == before
    if name.startswith("pnr_") or index == 0 and "pnr" in name:
        assert value not in err


def test_syntax_error_is_reported_at_its_real_row(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any) -> None:
    code, err = run(tmp_path, nasty.csv_stray_quote(COLUMNS, ROW, at_row=4), capsys)
    assert code == 1 and "rad 4" in err and "citattecken" in err, err


def _page() -> str:
    from django.urls import reverse

    return reverse("participants:followup-import", kwargs={"association": "alfa"})


@pytest.mark.parametrize("variant", REFUSED)
def test_page_shows_the_message_and_writes_nothing(
    cast: Cast, ended: Enrollment, client_for: Clients, variant: str
) -> None:
    before = counts()
    response = client_for(Role.REGISTRAR).post(_page(), {"file": SimpleUploadedFile("u.csv", VARIANTS[variant])})
    assert response.status_code == 400, variant
    body = response.content.decode()
    assert "Ingenting sparades" in body or "tom" in body, variant  # an empty file: the form's own message
    assert counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_page_accepts_the_allowed_forms(cast: Cast, ended: Enrollment, client_for: Clients, variant: str) -> None:
    response = client_for(Role.REGISTRAR).post(_page(), {"file": SimpleUploadedFile("u.csv", VARIANTS[variant])})
    assert response.status_code == 200, response.content.decode()[-1500:]
    assert _done(ended) == 1


@pytest.mark.parametrize("name", sorted(XLSX))
def test_page_refuses_each_nasty_xlsx_quickly(cast: Cast, ended: Enrollment, client_for: Clients, name: str) -> None:
    before = counts()
    started = time.monotonic()
    response = client_for(Role.REGISTRAR).post(_page(), {"file": SimpleUploadedFile("u.xlsx", XLSX[name])})
    assert time.monotonic() - started < 5, name
    assert response.status_code == 400 and "Ingenting sparades" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("name", ["text_nul", "text_html", "text_huge", "pnr_pnr_12_dash", "months_exponent"])
def test_page_refuses_nasty_cells(cast: Cast, ended: Enrollment, client_for: Clients, name: str) -> None:
    index, value = CELLS[name]
    row = list(ROW)
    row[index] = value
    response = client_for(Role.REGISTRAR).post(
        _page(), {"file": SimpleUploadedFile("u.csv", nasty.csv_bytes([COLUMNS, row]))}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Ingenting sparades" in body
    assert "<script>alert(1)</script>" not in body
    if name.startswith("pnr_"):
        assert value not in body


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=1000)
def test_page_refuses_an_upload_over_the_limit_before_reading_it(
    cast: Cast,
    ended: Enrollment,
    client_for: Clients,
) -> None:
    data = VARIANTS["crlf"] * 20
    before = counts()
    response = client_for(Role.REGISTRAR).post(_page(), {"file": SimpleUploadedFile("u.csv", data)})
    assert response.status_code == 400
    assert "största tillåtna storlek" in response.content.decode()
    assert counts() == before
