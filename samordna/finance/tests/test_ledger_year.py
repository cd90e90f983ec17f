"""A ledger import replaces exactly one financial year (issue #11 item 1, #12 item 6).

SIE: `#RAR 0` is required; a voucher, row or period balance outside it, a duplicate #VER, an amount, account
or cost centre that does not fit its column is refused with the line named. CSV: one calendar year, or the one
given with `--year`. Run on SQLite and PostgreSQL alike; a refusal exits 1 and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import Association, AuditEntry
from samordna.finance.ledger_services import ledger_import
from samordna.finance.models import LedgerEntry, LedgerImport
from samordna.finance.parsing import ImportFailed
from samordna.finance.tests.helpers import write_temp
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def voucher(
    number: str, date: str, amount: str, *, account: str = "4610", centre: str = "1063", series: str = "A"
) -> str:
    """A balanced voucher: the cost on `account`/`centre`, the counter-entry on the bank."""
    counter = amount[1:] if amount.startswith("-") else "-" + amount
    return (
        f'#VER {series} "{number}" {date} "Verifikation {number}"\n{{\n'
        f'#TRANS {account} {{1 "{centre}"}} {amount}\n'
        f"#TRANS 1930 {{}} {counter}\n}}\n"
    )


def sie(body: str, *, rar: str | None = "#RAR 0 20240101 20241231") -> bytes:
    """A SIE 4 file with the given financial year line (None: without #RAR 0) and body."""
    head = '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN "Testförbundet"\n'
    if rar:
        head += rar + "\n"
    head += '#KONTO 4610 "Bidrag"\n#KONTO 1930 "Bank"\n#DIM 1 "Kostnadsställe"\n'
    return (head + body).encode("cp437")


def line_of(data: bytes, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the `occurrence`-th line containing `needle`."""
    hits = [n for n, line in enumerate(data.decode("cp437").split("\n"), start=1) if needle in line]
    return hits[occurrence - 1]


YEAR_2023 = sie(voucher("1", "20230315", "1000.00") + voucher("2", "20231231", "23.00"), rar="#RAR 0 20230101 20231231")
YEAR_2024 = sie(voucher("1", "20240110", "2000.00") + voucher("2", "20240620", "400.50", centre="1064"))


def run(association: Association, data: bytes, *args: str, suffix: str = ".se") -> None:
    call_command("import_ledger", "--association", association.slug, *args, write_temp(data, suffix))


def refused(
    association: Association, data: bytes, capsys: pytest.CaptureFixture[str], *args: str, suffix: str = ".se"
) -> str:
    """Import that must be refused: exit 1, nothing written (entries, imports, audit rows); returns stderr."""
    entries = sorted(
        LedgerEntry.objects.values_list("pk", "association_id", "date", "account", "cost_centre", "amount")
    )
    imports, audits = LedgerImport.objects.count(), AuditEntry.objects.count()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        run(association, data, *args, suffix=suffix)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "inget importerades" in err and "Traceback" not in err
    after = sorted(LedgerEntry.objects.values_list("pk", "association_id", "date", "account", "cost_centre", "amount"))
    assert after == entries
    assert (LedgerImport.objects.count(), AuditEntry.objects.count()) == (imports, audits)
    return err


def amounts_by_year(association: Association) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for date, amount in LedgerEntry.objects.filter(association=association).values_list("date", "amount"):
        totals[date.year] = totals.get(date.year, Decimal(0)) + amount
    return totals


# --- year isolation -----------------------------------------------------------------------------------------------


def test_a_2099_voucher_is_refused_and_no_other_year_is_touched(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    association, other = cast.a.association, cast.b.association
    run(association, YEAR_2023)
    run(association, YEAR_2024)
    run(other, YEAR_2024)
    assert amounts_by_year(association) == {2023: Decimal("1023.00"), 2024: Decimal("2400.50")}
    bad = sie(voucher("1", "20240110", "2000.00") + voucher("2", "20990115", "5.00"))
    err = refused(association, bad, capsys)
    line = line_of(bad, '"2" 20990115')
    assert f"rad {line}, post #VER" in err
    assert "verifikation A 2 är daterad 2099-01-15, utanför räkenskapsåret 2024-01-01–2024-12-31" in err
    assert amounts_by_year(association) == {2023: Decimal("1023.00"), 2024: Decimal("2400.50")}
    assert LedgerImport.objects.filter(association=association).count() == 2


def test_a_reimport_replaces_only_its_own_year(cast: Cast) -> None:
    association, other = cast.a.association, cast.b.association
    run(association, YEAR_2023)
    run(association, YEAR_2024)
    run(other, YEAR_2024)
    kept_2023 = sorted(LedgerEntry.objects.filter(date__year=2023).values_list("pk", "amount"))
    run(association, sie(voucher("7", "20241130", "99.00", centre="1065")))
    assert amounts_by_year(association) == {2023: Decimal("1023.00"), 2024: Decimal("99.00")}
    assert sorted(LedgerEntry.objects.filter(date__year=2023).values_list("pk", "amount")) == kept_2023
    assert amounts_by_year(other) == {2024: Decimal("2400.50")}  # the other förbund's same year is its own
    latest = LedgerImport.objects.filter(association=association).order_by("-pk").first()
    assert (latest.first_date, latest.last_date) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_a_broken_financial_year_replaces_its_own_dates_only(cast: Cast) -> None:
    association = cast.a.association
    run(association, YEAR_2024)
    run(association, sie(voucher("1", "20240801", "10.00"), rar="#RAR 0 20240701 20250630"))
    entries = sorted(LedgerEntry.objects.filter(association=association).values_list("date", "amount"))
    # January and June 2024 lie before the broken year: they stay; the year's own entries are the new file's.
    assert entries == [
        (dt.date(2024, 1, 10), Decimal("2000.00")),
        (dt.date(2024, 6, 20), Decimal("400.50")),
        (dt.date(2024, 8, 1), Decimal("10.00")),
    ]


def test_csv_spanning_two_years_needs_year_and_then_names_the_rows(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    association = cast.a.association
    run(association, YEAR_2023)
    csv = b"date,account,cost_centre,amount,text\n2024-02-01,4610,1063,100,x\n2023-12-31,4610,1063,5,y\n" + (
        b"2024-03-01,4610,1064,7,z\n2099-01-15,4610,1063,1,typo\n"
    )
    err = refused(association, csv, capsys, suffix=".csv")
    assert "--year" in err and "flera år" in err
    assert "2023 (första gången på rad 3)" in err and "2099 (första gången på rad 5)" in err
    err = refused(association, csv, capsys, "--year", "2024", suffix=".csv")
    assert "rad 3, kolumn date: datumet 2023-12-31 ligger utanför det angivna räkenskapsåret 2024" in err
    assert "rad 5, kolumn date: datumet 2099-01-15" in err
    assert "rad 2," not in err and "rad 4," not in err
    assert amounts_by_year(association) == {2023: Decimal("1023.00")}
    good = b"date,account,cost_centre,amount,text\n2024-02-01,4610,1063,100,x\n2024-03-01,4610,1064,7,z\n"
    run(association, good, "--year", "2024", suffix=".csv")
    assert amounts_by_year(association) == {2023: Decimal("1023.00"), 2024: Decimal("107")}


def test_rows_outside_the_year_are_listed_up_to_fifty_then_counted(cast: Cast) -> None:
    csv = b"date,account,cost_centre,amount,text\n" + b"2023-05-01,4610,1063,1,x\n" * 60
    with pytest.raises(ImportFailed) as refusal:
        ledger_import(acting_user=None, association=cast.a.association, data=csv, year=2024)
    rows = [p.row for p in refusal.value.problems]
    assert rows[:50] == list(range(2, 52)) and rows[50:] == [None]
    assert "och 10 rader till utanför året" in str(refusal.value)


def test_csv_with_one_stray_year_is_refused_without_year(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    association = cast.a.association
    run(association, b"date,account,cost_centre,amount,text\n2024-02-01,4610,1063,100,x\n", suffix=".csv")
    csv = b"date,account,cost_centre,amount,text\n2024-02-01,4610,1063,100,x\n2099-01-15,4610,1063,1,typo\n"
    err = refused(association, csv, capsys, suffix=".csv")
    assert "2099 (första gången på rad 3)" in err and "--year ÅÅÅÅ" in err
    assert amounts_by_year(association) == {2024: Decimal("100")}


def test_year_that_is_not_the_sie_files_year_is_refused(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(cast.a.association, YEAR_2024, capsys, "--year", "2023")
    assert f"rad {line_of(YEAR_2024, '#RAR 0')}, post #RAR" in err and "inte det angivna året 2023" in err
    run(cast.a.association, YEAR_2024, "--year", "2024")
    assert amounts_by_year(cast.a.association) == {2024: Decimal("2400.50")}


@pytest.mark.parametrize("year", ["24", "abcd", "20244", "-2024", "١٢٣٤"])
def test_year_argument_that_is_not_a_year(cast: Cast, year: str) -> None:
    # From the shell argparse prints the message and exits 2; call_command raises it as a CommandError.
    with pytest.raises(CommandError, match="är inte ett år"):
        call_command("import_ledger", "--association", cast.a.association.slug, f"--year={year}", write_temp(b"x"))
    assert not LedgerImport.objects.exists()


# --- SIE refusals, each with its line ------------------------------------------------------------------------------


def _missing_rar() -> tuple[bytes, str, str]:
    data = sie(voucher("1", "20240110", "1.00"), rar=None)
    return data, '#VER A "1"', "räkenskapsåret (#RAR 0) saknas"


def _rar_after_vouchers() -> tuple[bytes, str, str]:
    data = sie(voucher("1", "20240110", "1.00") + "#RAR 0 20240101 20241231\n", rar=None)
    return data, '#VER A "1"', "saknas före denna post"


def _duplicate_ver() -> tuple[bytes, str, str]:
    data = sie(voucher("1", "20240110", "1.00") + voucher("2", "20240111", "2.00") + voucher("1", "20240112", "3.00"))
    return data, 'A "1" 20240112', "verifikation A 1 finns redan på rad 9"


def _amount_21_digits() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1" * 21 + ".00")), "#TRANS 4610", "större än vad som kan lagras"


def _amount_14_digits() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1" * 14)), "#TRANS 4610", "högst 13 siffror"


def _amount_3_decimals() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "10.005")), "#TRANS 4610", "fler än 2 decimaler"


def _long_account() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1.00", account="4" * 21)), "#TRANS 444", "längre än 20 tecken"


def _long_cost_centre() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1.00", centre="K" * 41)), "#TRANS 4610", "längre än 40 tecken"


def _row_outside_year() -> tuple[bytes, str, str]:
    body = '#VER A 1 20240110 ""\n{\n#TRANS 4610 {} 5.00 20990101\n#TRANS 1930 {} -5.00\n}\n'
    return sie(body), "20990101", "raden i verifikation A 1 är daterad 2099-01-01"


def _period_outside_year() -> tuple[bytes, str, str]:
    body = "#PSALDO 0 202412 4610 {} 5.00\n#PSALDO 0 209901 4610 {} 5.00\n"
    return sie(body), "209901", "perioden 209901 ligger utanför räkenskapsåret"


def _year_too_long() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1.00"), rar="#RAR 0 20240101 20991231"), "#RAR 0", "längre än 18 månader"


def _two_different_years() -> tuple[bytes, str, str]:
    data = sie(voucher("1", "20240110", "1.00"), rar="#RAR 0 20240101 20241231\n#RAR 0 20230101 20231231")
    return data, "#RAR 0 2023", "ett annat räkenskapsår 0"


def _year_ends_before_it_starts() -> tuple[bytes, str, str]:
    return sie(voucher("1", "20240110", "1.00"), rar="#RAR 0 20241231 20240101"), "#RAR 0", "slutar före det börjar"


def _unknown_sie_type() -> tuple[bytes, str, str]:
    data = sie(voucher("1", "20240110", "1.00")).replace(b"#SIETYP 4", b"#SIETYP 4XYZ")
    return data, "#SIETYP", "SIE-typen"


@pytest.mark.parametrize(
    "case",
    [
        _missing_rar,
        _rar_after_vouchers,
        _duplicate_ver,
        _amount_21_digits,
        _amount_14_digits,
        _amount_3_decimals,
        _long_account,
        _long_cost_centre,
        _row_outside_year,
        _period_outside_year,
        _year_too_long,
        _two_different_years,
        _year_ends_before_it_starts,
        _unknown_sie_type,
    ],
)
def test_sie_refusals_name_the_line_and_write_nothing(
    cast: Cast, case: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    association = cast.a.association
    run(association, YEAR_2024)
    data, needle, message = case()
    err = refused(association, data, capsys)
    assert f"rad {line_of(data, needle)}, post #" in err, err
    assert message in err, err
    assert amounts_by_year(association) == {2024: Decimal("2400.50")}


def test_a_refused_rar_is_not_also_reported_missing(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(cast.a.association, _year_ends_before_it_starts()[0], capsys)
    assert "slutar före det börjar" in err and "saknas" not in err


def test_a_struck_row_outside_the_year_is_ignored_like_any_struck_row(cast: Cast) -> None:
    body = (
        '#VER A 1 20240110 ""\n{\n#BTRANS 4610 {} 5.00 20990101\n#TRANS 4610 {1 "1063"} 7.00\n#TRANS 1930 {} -7.00\n}\n'
    )
    run(cast.a.association, sie(body))
    assert amounts_by_year(cast.a.association) == {2024: Decimal("7.00")}


def test_file_without_any_rar_and_no_records_needing_it_is_refused(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(cast.a.association, sie("", rar=None), capsys)
    assert "räkenskapsår (#RAR 0) saknas" in err


def test_the_largest_amount_that_fits_is_stored_exactly(cast: Cast) -> None:
    association = cast.a.association
    run(association, sie(voucher("1", "20240110", "9999999999999.99") + voucher("", "20240111", "-0.01")))
    stored = dict(LedgerEntry.objects.filter(association=association).values_list("date", "amount"))
    assert stored == {dt.date(2024, 1, 10): Decimal("9999999999999.99"), dt.date(2024, 1, 11): Decimal("-0.01")}


def test_a_sum_that_outgrows_the_column_is_refused(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    # Each amount is within what a row may hold (12 digits before the comma); their day's sum is not.
    csv = b"date,account,cost_centre,amount,text\n" + b"2024-01-10,4610,1063,999999999999,x\n" * 11
    err = refused(cast.a.association, csv, capsys, suffix=".csv")
    assert "summan för konto 4610, kostnadsställe 1063 den 2024-01-10" in err


# --- the service, the web form ------------------------------------------------------------------------------------


def test_the_service_writes_one_audit_row_naming_the_year(cast: Cast) -> None:
    admin = cast.user(Role.ADMIN)
    association = cast.a.association
    ledger_import(acting_user=admin, association=association, data=YEAR_2023, filename="2023.se")
    before = AuditEntry.objects.count()
    imported = ledger_import(acting_user=admin, association=association, data=YEAR_2024, filename="2024.se")
    audit = AuditEntry.objects.get(pk__gt=AuditEntry.objects.order_by("pk")[before - 1].pk)
    assert (audit.actor, audit.action, audit.object_id) == (admin, "import", str(imported.pk))
    assert audit.changes["year"] == "2024" and audit.changes["entries"] == 2 and audit.changes["replaced_entries"] == 0
    assert imported.imported_by == admin.get_username()
    ledger_import(acting_user=admin, association=association, data=YEAR_2024, filename="2024.se")
    assert AuditEntry.objects.order_by("-pk").first().changes["replaced_entries"] == 2
    with pytest.raises(ImportFailed):
        ledger_import(acting_user=admin, association=association, data=YEAR_2024, filename="2024.se", year=1066)


def url(cast: Cast) -> str:
    return reverse("finance:import", kwargs={"association": cast.a.association.slug})


def test_web_upload_takes_the_year(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    csv = b"date,account,cost_centre,amount,text\n2024-02-01,4610,1063,100,x\n2023-12-31,4610,1063,5,y\n"
    response = admin.post(url(cast), {"ledger-file": SimpleUploadedFile("h.csv", csv)})
    assert response.status_code == 200 and "fältet År" in response.content.decode()
    response = admin.post(url(cast), {"ledger-file": SimpleUploadedFile("h.csv", csv), "ledger-year": "2024"})
    assert response.status_code == 200
    assert (
        "rad 3, kolumn date: datumet 2023-12-31 ligger utanför det angivna räkenskapsåret 2024"
        in response.content.decode()
    )
    response = admin.post(url(cast), {"ledger-file": SimpleUploadedFile("h.csv", csv), "ledger-year": "tjugo"})
    assert response.status_code == 200 and "heltal" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    good = csv.replace(b"2023-12-31", b"2024-12-31")
    response = admin.post(url(cast), {"ledger-file": SimpleUploadedFile("h.csv", good), "ledger-year": "2024"})
    assert response.status_code == 302
    assert amounts_by_year(cast.a.association) == {2024: Decimal("105")}
    page = admin.get(url(cast)).content.decode()
    assert 'name="ledger-year"' in page
