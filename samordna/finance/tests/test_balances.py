"""Account balances from the ledger import: #IB/#UB/#RES of years 0 and −1, or built from the vouchers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from samordna.core import services as core_services
from samordna.core.models import Association
from samordna.finance.models import Account, AccountBalance, LedgerEntry, LedgerImport
from samordna.finance.tests.helpers import write_temp

FIXTURES = Path(__file__).parent / "sie"
pytestmark = pytest.mark.django_db


@pytest.fixture
def association() -> Association:
    return core_services.association_create(acting_user=None, slug="saldo-test", name="Saldotest")


def balances(association: Association) -> dict[tuple[int, str, str], Decimal]:
    return {(b.year, b.kind, b.account): b.amount for b in AccountBalance.objects.filter(association=association)}


def run(association: Association, data: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = write_temp(data, ".se")
    try:
        call_command("import_ledger", "--association", association.slug, path)
    except SystemExit as exit_:
        return int(exit_.code or 0), capsys.readouterr().err
    return 0, capsys.readouterr().err


def sie(body: str) -> bytes:
    head = (
        '#FLAGGA 0\n#SIETYP 4\n#FNAMN "Test"\n#RAR 0 20240101 20241231\n#RAR -1 20230101 20231231\n'
        '#KONTO 1930 "Bank"\n#KONTO 2010 "Eget kapital"\n#KONTO 3510 "Medlemsavgifter"\n'
    )
    return (head + body).encode("cp437")


VOUCHER = '#VER A 1 20240115 "Avgift"\n{\n#TRANS 1930 {} 400.00\n#TRANS 3510 {} -400.00\n}\n'


def test_type1_keeps_ib_ub_res_of_both_years_and_the_account_names(association: Association) -> None:
    call_command("import_ledger", "--association", association.slug, str(FIXTURES / "type1.se"))
    kept = balances(association)
    assert kept[(2024, "ub", "1930")] == Decimal("150000.00")
    assert kept[(2024, "ib", "2010")] == Decimal("-100000.00")
    assert kept[(2024, "res", "3511")] == Decimal("-800000.00")
    assert kept[(2023, "res", "4610")] == Decimal("999.00")
    assert kept[(2023, "ib", "1930")] == Decimal("100999.00")
    assert {b.ledger_year for b in AccountBalance.objects.filter(association=association)} == {2024}
    assert Account.objects.get(association=association, number="4610").name == "Lämnade bidrag"


def test_without_balance_records_year_0_is_built_from_the_vouchers(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(association, sie("#IB 0 1930 100.00\n#IB 0 2010 -100.00\n" + VOUCHER), capsys)
    assert code == 0, err
    kept = balances(association)
    assert kept[(2024, "ub", "1930")] == Decimal("500.00")  # opening 100 + 400 from the voucher
    assert kept[(2024, "ub", "2010")] == Decimal("-100.00")
    assert kept[(2024, "res", "3510")] == Decimal("-400.00")


def test_a_new_import_of_the_year_replaces_its_balances(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(association, sie("#IB 0 1930 100.00\n#IB 0 2010 -100.00\n" + VOUCHER), capsys)[0] == 0
    assert run(association, sie(VOUCHER), capsys)[0] == 0
    kept = balances(association)
    assert kept == {(2024, "ub", "1930"): Decimal("400.00"), (2024, "res", "3510"): Decimal("-400.00")}


def assert_nothing_written(association: Association) -> None:
    assert not LedgerImport.objects.filter(association=association).exists()
    assert not LedgerEntry.objects.filter(association=association).exists()
    assert not AccountBalance.objects.filter(association=association).exists()
    assert not Account.objects.filter(association=association).exists()


def test_closing_balances_that_do_not_match_the_result_are_refused_with_the_accounts_named(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "#IB 0 1930 100.00\n#IB 0 2010 -100.00\n#UB 0 1930 510.00\n#UB 0 2010 -100.00\n#RES 0 3510 -400.00\n"
    code, err = run(association, sie(body), capsys)
    assert code == 1
    assert "balansen för år 2024 går inte ihop" in err
    assert "1930, 2010" in err and "3510" in err and "10.00 kr" in err
    assert_nothing_written(association)


def test_one_ore_of_rounding_is_accepted(association: Association, capsys: pytest.CaptureFixture[str]) -> None:
    body = "#IB 0 1930 100.00\n#IB 0 2010 -100.00\n#UB 0 1930 500.01\n#UB 0 2010 -100.00\n#RES 0 3510 -400.00\n"
    assert run(association, sie(body), capsys)[0] == 0


def test_the_previous_year_is_checked_too(association: Association, capsys: pytest.CaptureFixture[str]) -> None:
    body = "#IB -1 1930 5.00\n#IB -1 2010 -5.00\n#UB -1 1930 7.00\n#UB -1 2010 -5.00\n" + VOUCHER
    code, err = run(association, sie(body), capsys)
    assert code == 1 and "balansen för år 2023 går inte ihop" in err and "2.00 kr" in err
    assert_nothing_written(association)


def test_closing_balances_without_opening_balances_of_the_year_are_refused(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "#UB -1 1930 7.00\n#UB -1 2010 -7.00\n#IB 0 1930 7.00\n#IB 0 2010 -7.00\n" + VOUCHER
    code, err = run(association, sie(body), capsys)
    assert code == 1
    assert "#UB -1" in err and "utan ingående balans (#IB -1)" in err and "konton: 1930, 2010" in err
    assert_nothing_written(association)


def test_year_0_may_open_from_the_previous_years_closing_balances(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "#IB -1 1930 7.00\n#IB -1 2010 -7.00\n#UB -1 1930 7.00\n#UB -1 2010 -7.00\n"
        "#UB 0 1930 407.00\n#UB 0 2010 -7.00\n#RES 0 3510 -400.00\n"
    )
    code, err = run(association, sie(body), capsys)
    assert code == 0, err
    assert (2024, "ib", "1930") not in balances(association)  # the opening comes from 2023's closing balances


def test_ledger_csv_keeps_no_balances_and_clears_the_years(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(association, sie(VOUCHER), capsys)[0] == 0
    call_command(
        "import_ledger", "--association", association.slug, write_temp(b"date,account,amount\n2024-02-01,4610,5\n")
    )
    assert not AccountBalance.objects.filter(association=association, year=2024).exists()
