"""Write service for the outcome (utfall): import a ledger file, replacing exactly one financial year.

`ledger_import` reads the file (`ledger.read_ledger`: a SIE file's `#RAR 0`, or a CSV's one calendar
year), then in one transaction deletes the stored ledger entries dated inside that year, records the
LedgerImport, inserts the summed entries, replaces the year's account balances (`AccountBalance`, kept with
the import of their financial year: its years 0 and −1) and the names of its accounts, and writes one audit
row. Entries of every other year are
left as they are. A refused file raises ImportFailed before anything is written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connections, router, transaction

from samordna.core.audit import record
from samordna.core.models import Association
from samordna.finance.ledger import Key, LedgerFile, read_ledger
from samordna.finance.models import Account, AccountBalance, LedgerEntry, LedgerImport


def _insert_entries(association: Association, imported: LedgerImport, sums: dict[Key, Decimal]) -> None:
    """Insert the summed entries with executemany: the ORM's bulk_create spends most of a large import's time
    building model instances (SQLite also limits it to ~140 rows a statement). PostgreSQL gets one COPY."""
    connection = connections[router.db_for_write(LedgerEntry)]
    ops, meta = connection.ops, LedgerEntry._meta
    names = ["association", "ledger_import", "date", "account", "cost_centre", "amount"]
    columns = ", ".join(ops.quote_name(str(getattr(meta.get_field(n), "column", n))) for n in names)
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    amount_field = meta.get_field("amount")
    rows = [
        (
            association.pk,
            imported.pk,
            ops.adapt_datefield_value(date),
            account,
            centre,
            ops.adapt_decimalfield_value(amount, amount_field.max_digits, amount_field.decimal_places),
        )
        for (date, account, centre), amount in sums.items()
        if amount
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a round trip per row
            copy_sql = f"COPY {ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _store_balances(association: Association, ledger: LedgerFile) -> int:
    """Replace the balances kept with this financial year's import, and upsert the names of its accounts."""
    ledger_year = ledger.first.year
    AccountBalance.objects.filter(association=association, ledger_year=ledger_year).delete()
    AccountBalance.objects.bulk_create(
        [
            AccountBalance(
                association=association, ledger_year=ledger_year, year=year, account=account, kind=kind, amount=amount
            )
            for year, account, kind, amount in ledger.balances
        ],
        batch_size=500,
    )
    if ledger.accounts:
        names = {number[:20]: name[:200] for number, name in ledger.accounts.items()}
        Account.objects.filter(association=association, number__in=list(names)).delete()
        Account.objects.bulk_create(
            [Account(association=association, number=number, name=name) for number, name in names.items()],
            batch_size=500,
        )
    return len(ledger.balances)


@transaction.atomic
def ledger_store(*, acting_user: Any, association: Association, ledger: LedgerFile, filename: str) -> LedgerImport:
    """Replace the stored ledger of `ledger`'s one financial year with its entries; one audit row."""
    outside = [key for key in ledger.sums if not ledger.first <= key[0] <= ledger.last]
    if outside:  # read_ledger never returns such a file; a caller building one by hand is a bug
        raise ValueError(f"ledger entries outside {ledger.first}–{ledger.last}: {outside[:3]}")
    replaced, _per_model = LedgerEntry.objects.filter(
        association=association, date__gte=ledger.first, date__lte=ledger.last
    ).delete()
    user_name = acting_user.get_username() if getattr(acting_user, "pk", None) else "system"
    imported = LedgerImport.objects.create(
        association=association,
        kind=ledger.kind,
        filename=filename[-255:],
        sie_type=ledger.sie_type[:3],
        company=ledger.company[:200],
        first_date=ledger.first,
        last_date=ledger.last,
        entries=sum(1 for v in ledger.sums.values() if v),
        source_rows=ledger.source_rows,
        imported_by=user_name[:150],
    )
    _insert_entries(association, imported, ledger.sums)
    balances = _store_balances(association, ledger)
    record(
        acting_user=acting_user,
        association=association,
        action="import",
        obj=imported,
        changes={
            "kind": ledger.kind,
            "year": ledger.year_label,
            "entries": imported.entries,
            "source_rows": ledger.source_rows,
            "replaced_entries": replaced,
            "balances": balances,
        },
    )
    return imported


def ledger_import(
    *,
    acting_user: Any,
    association: Association,
    data: bytes,
    filename: str = "",
    encoding: str | None = None,
    year: int | None = None,
) -> LedgerImport:
    """Import a SIE file or a ledger CSV as one financial year (`year`: the command's --year); all or nothing.

    Raises ImportFailed (every problem, with line/row and column) and writes nothing when the file is refused.
    """
    ledger = read_ledger(data, encoding=encoding, year=year)  # parsed outside the transaction: no lock held
    return ledger_store(acting_user=acting_user, association=association, ledger=ledger, filename=filename)
