"""The Budget CSV importer against the shared nasty-input corpus, through the command and the upload page.

Every broken file gives Swedish messages naming the row (and column), exit 1 or a 200 page, and writes
nothing; the files valid in another form (Windows-1252, BOM and `;`, `-1 200 000`) are imported.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.finance.models import BudgetAmount, BudgetLine
from samordna.finance.tests.helpers import write_temp
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

HEADER = ["year", "line", "name", "category", "version", "amount", "comment"]
ROW = ["2025", "100", "Kansli", "administration", "budget", "-1 200 000", "Årets ram"]
VARIANTS = nasty.csv_variants(HEADER, ROW)
ACCEPTED = {"utf8_bom_semicolon", "crlf", "cp1252"}
REFUSED = sorted(set(VARIANTS) - ACCEPTED)


def _counts() -> tuple[int, int, int]:
    return BudgetAmount.objects.count(), BudgetLine.objects.count(), AuditEntry.objects.count()


def _command(cast: Cast, data: bytes) -> tuple[int, str]:
    """Run import_budget on `data`; (exit code, stderr)."""
    path = write_temp(data)
    err = io.StringIO()
    code = 0
    try:
        call_command("import_budget", "--association", cast.a.association.slug, path, stderr=err, stdout=io.StringIO())
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, err.getvalue()


def _captured_stderr(capsys: Any) -> str:
    return capsys.readouterr().err


@pytest.mark.parametrize("variant", REFUSED)
def test_command_refuses_each_nasty_file_with_a_row_and_writes_nothing(cast: Cast, capsys: Any, variant: str) -> None:
    before = _counts()
    code, _err = _command(cast, VARIANTS[variant])
    err = _captured_stderr(capsys)
    assert code == 1, (variant, err)
    assert "inget importerades" in err
    assert "rad " in err or "filen är tom" in err, err
    assert "Traceback" not in err
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_command_accepts_the_forms_the_contract_allows(cast: Cast, capsys: Any, variant: str) -> None:
    code, _err = _command(cast, VARIANTS[variant])
    assert code == 0, _captured_stderr(capsys)
    amount = BudgetAmount.objects.get(association=cast.a.association, line__code="100", year=2025)
    assert amount.amount == -1_200_000
    assert amount.comment == "Årets ram"


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_command_amounts_are_refused_or_fit_the_database(cast: Cast, capsys: Any, name: str) -> None:
    text = nasty.NUMBERS[name]
    code, _err = _command(cast, nasty.csv_bytes([HEADER, [*ROW[:5], text, ""]]))
    err = _captured_stderr(capsys)
    stored = list(BudgetAmount.objects.filter(association=cast.a.association).values_list("amount", flat=True))
    if code == 0:
        assert len(stored) == 1 and abs(stored[0]) < 10**12
    else:
        assert code == 1 and "rad 2, kolumn amount" in err, err
        assert stored == []


@pytest.mark.parametrize("name", ["nul", "control", "vertical_tab", "huge"])
def test_command_refuses_control_characters_and_huge_text_in_any_column(cast: Cast, capsys: Any, name: str) -> None:
    before = _counts()
    code, _err = _command(cast, nasty.csv_bytes([HEADER, [*ROW[:2], nasty.TEXT[name], *ROW[3:]]]))
    err = _captured_stderr(capsys)
    assert code == 1 and "rad 2" in err, err
    assert _counts() == before


def test_thirteen_digit_amount_is_refused_and_budget_pages_still_render(
    cast: Cast, capsys: Any, client_for: Any
) -> None:
    code, _err = _command(cast, nasty.csv_bytes([HEADER, [*ROW[:5], nasty.NUMBERS["thirteen_digits"], ""]]))
    err = _captured_stderr(capsys)
    assert code == 1 and "för stort" in err and "rad 2, kolumn amount" in err
    assert not BudgetAmount.objects.filter(association=cast.a.association).exists()
    ok, _ = _command(cast, nasty.csv_bytes([HEADER, ROW]))
    assert ok == 0
    admin = client_for(Role.ADMIN)
    slug = cast.a.association.slug
    pages = [
        reverse("finance:plan", kwargs={"association": slug}) + "?years=2024-2026",
        reverse("finance:followup", kwargs={"association": slug}) + "?year=2025&until=2025-06-30",
        reverse("finance:grid", kwargs={"association": slug}),
        reverse("reports:uppfoljning-finsam", kwargs={"association": slug}) + "?year=2025",
        f"/api/v1/associations/{slug}/budget-amounts/",
    ]
    for page in pages:
        assert admin.get(page).status_code == 200, page


def test_csv_syntax_error_names_its_real_row(cast: Cast, capsys: Any) -> None:
    data = nasty.csv_bytes([HEADER, ROW, ROW[:1] + ["101", *ROW[2:]], ROW[:1] + ["102", *ROW[2:]]])
    data += b'2025,103,"Tr"asig,administration,budget,1,\n'
    code, _err = _command(cast, data)
    err = _captured_stderr(capsys)
    assert code == 1
    assert "rad 5: citattecken mitt i ett fält" in err, err
    assert "rad 1:" not in err


def test_a_million_bad_rows_lists_a_hundred_problems_and_the_count(cast: Cast, capsys: Any) -> None:
    bad = [*ROW[:5], "tolv", ""]
    data = b"".join(nasty.many_bad_rows(HEADER, bad, count=1_000_000))
    code, _err = _command(cast, data)
    err = _captured_stderr(capsys)
    lines = err.splitlines()
    assert code == 1
    assert sum("kolumn amount: ogiltigt belopp" in line for line in lines) == 100
    assert "… och 999 900 problem till" in err.replace("\xa0", " ") or "… och 999900 problem till" in err
    assert "(1000000 fel)" in err
    assert len(lines) == 102
    assert not BudgetAmount.objects.exists()


def _post(client: Any, cast: Cast, upload: SimpleUploadedFile) -> Any:
    return client.post(
        reverse("finance:import", kwargs={"association": cast.a.association.slug}), {"budget-file": upload}
    )


@pytest.mark.parametrize("variant", REFUSED)
def test_upload_page_shows_the_message_and_writes_nothing(cast: Cast, client_for: Any, variant: str) -> None:
    admin = client_for(Role.ADMIN)
    before = _counts()
    response = _post(admin, cast, SimpleUploadedFile("budget.csv", VARIANTS[variant]))
    if variant in {"empty"}:  # Django's FileField itself refuses an empty upload, in Swedish
        assert response.status_code == 200 and "tom" in response.content.decode()
    else:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Inget importerades" in body and "rad " in body, (variant, body[-2000:])
    assert _counts() == before


@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_upload_page_accepts_the_allowed_forms(cast: Cast, client_for: Any, variant: str) -> None:
    response = _post(client_for(Role.ADMIN), cast, SimpleUploadedFile("budget.csv", VARIANTS[variant]))
    assert response.status_code == 302
    assert BudgetAmount.objects.get(association=cast.a.association, line__code="100").amount == -1_200_000


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=1000)
def test_upload_over_the_size_limit_is_refused_before_it_is_read(cast: Cast, client_for: Any) -> None:
    class Unreadable(SimpleUploadedFile):
        def read(self, *args: Any) -> bytes:
            raise AssertionError("the file was read")

    upload = Unreadable("stor.csv", nasty.csv_bytes([HEADER, *[ROW] * 100]))
    from samordna.core.imports import read_upload

    with pytest.raises(Exception) as refused:
        read_upload(upload)
    assert "största tillåtna storlek" in str(refused.value)
    response = _post(
        client_for(Role.ADMIN), cast, SimpleUploadedFile("stor.csv", nasty.csv_bytes([HEADER, *[ROW] * 100]))
    )
    assert response.status_code == 200
    assert "största tillåtna storlek är" in response.content.decode()
    assert not BudgetAmount.objects.exists()
