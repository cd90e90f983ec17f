"""The ledger import against the shared nasty-input corpus (samordna/testing/nasty.py).

Whatever the value, the import either stores it exactly (read back equal, on SQLite and PostgreSQL) or
refuses the file with ImportFailed naming the row/line and column, writing nothing. No other exception.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from samordna.core.models import Association, AuditEntry
from samordna.finance.ledger_services import ledger_import
from samordna.finance.models import LedgerEntry, LedgerImport
from samordna.finance.parsing import ImportFailed, parse_amount
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db

HEADER = ["date", "account", "cost_centre", "amount", "text"]
ROW = ["2024-03-01", "4610", "1063", "1500.50", "Bidrag"]
# A repeated header or a value beyond the header is refused by the import kit, as in every importer.
ACCEPTED_VARIANTS = {"utf8_bom_semicolon", "crlf", "cp1252"}


def attempt(association: Association, data: bytes) -> ImportFailed | None:
    """Import `data`; on refusal check that nothing was written and return the error."""
    before = (LedgerEntry.objects.count(), LedgerImport.objects.count(), AuditEntry.objects.count())
    try:
        ledger_import(acting_user=None, association=association, data=data, filename="nasty")
    except ImportFailed as error:
        assert error.problems and all(str(p) for p in error.problems)
        assert (LedgerEntry.objects.count(), LedgerImport.objects.count(), AuditEntry.objects.count()) == before
        return error
    return None


def stored(association: Association) -> list[tuple[str, str, Decimal]]:
    return list(LedgerEntry.objects.filter(association=association).values_list("account", "cost_centre", "amount"))


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_csv_amounts(cast: Cast, name: str) -> None:
    value = nasty.NUMBERS[name]
    error = attempt(cast.a.association, nasty.csv_bytes([HEADER, ["2024-03-01", "4610", "1063", value, "x"]]))
    if error:
        assert any((p.row, p.column) == (2, "amount") for p in error.problems), error
        return
    amount = parse_amount(value)
    assert sum(a for _acc, _cc, a in stored(cast.a.association)) == amount  # exact, nothing rounded
    assert len(str(abs(amount)).replace(".", "").lstrip("0")) <= 15


def names(error: ImportFailed, column: str) -> bool:
    """Whether the refusal names row 2 and `column`, or (a field beyond the csv module's limit) says the file
    cannot be read as CSV at all."""
    return any((p.row, p.column) == (2, column) for p in error.problems) or "orimligt långt" in str(error)


@pytest.mark.parametrize("name", sorted(nasty.TEXT))
def test_csv_cost_centres_and_accounts(cast: Cast, name: str) -> None:
    value = nasty.TEXT[name]
    association = cast.a.association
    error = attempt(association, nasty.csv_bytes([HEADER, ["2024-03-01", "4610", value, "10", "x"]]))
    if error:
        assert names(error, "cost_centre"), error
    else:
        assert stored(association) == [("4610", value.strip(), Decimal(10))]
    error = attempt(association, nasty.csv_bytes([HEADER, ["2024-03-01", value, "1063", "10", "x"]]))
    assert error is not None  # an account is digits only: no text of the corpus is one
    assert names(error, "account"), error


@pytest.mark.parametrize("name", sorted(nasty.csv_variants(HEADER, ROW)))
def test_csv_variants(cast: Cast, name: str) -> None:
    error = attempt(cast.a.association, nasty.csv_variants(HEADER, ROW)[name])
    if name in ACCEPTED_VARIANTS:
        assert error is None
        assert stored(cast.a.association) == [("4610", "1063", Decimal("1500.50"))]
    else:
        assert error is not None


def sie(line: str) -> bytes:
    head = '#FLAGGA 0\n#SIETYP 2\n#FNAMN "Nasty"\n#RAR 0 20240101 20241231\n#DIM 1 "Kostnadsställe"\n'
    return (head + line + "\n").encode("utf-8")


@pytest.mark.parametrize("name", sorted(nasty.NUMBERS))
def test_sie_amounts(cast: Cast, name: str) -> None:
    value = nasty.NUMBERS[name]
    error = attempt(cast.a.association, sie(f"#PSALDO 0 202403 4610 {{1 1063}} {value}"))
    if error:
        assert any(p.row == 6 for p in error.problems), error
        return
    # Fields are separated by space or tab only; a field after the balance is its quantity and not used.
    assert sum(a for _acc, _cc, a in stored(cast.a.association)) == Decimal(value.split(" ")[0])


@pytest.mark.parametrize("name", sorted(nasty.TEXT))
def test_sie_cost_centres(cast: Cast, name: str) -> None:
    value = nasty.TEXT[name]
    quoted = value.replace('"', '\\"')
    error = attempt(cast.a.association, sie(f'#PSALDO 0 202403 4610 {{1 "{quoted}"}} 10.00'))
    if error:
        assert any(p.row is not None and p.row >= 6 for p in error.problems), error
        return
    assert stored(cast.a.association) == [("4610", value, Decimal(10))]
