"""Importing the outcome (utfall): SIE 4 files (types 1–4E) or the ledger CSV of docs/contracts.md.

An import replaces the stored ledger of the fiscal years it covers, so importing a newer export of
the same year (or the same file twice) never double-counts. Only result accounts are kept (class
3–8, or #KTYP K/I): balance accounts (class 1–2, #KTYP T/S) are not budget outcome. Amounts keep the
accounting sign (debit +). All or nothing: a bad file raises ImportFailed and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from samordna.core.audit import record
from samordna.core.models import Association
from samordna.finance.models import LedgerEntry, LedgerImport
from samordna.finance.parsing import ImportFailed, Problem, parse_amount, parse_date, read_csv
from samordna.finance.sie import SieFile, parse_sie

LEDGER_COLUMNS = ["date", "account", "cost_centre", "amount", "text"]

Key = tuple[dt.date, str, str]


def is_result_account(account: str, kinds: dict[str, str] | None = None) -> bool:
    """Whether an account belongs to the result (income/cost), not the balance sheet."""
    kind = (kinds or {}).get(account, "").upper()
    if kind in ("T", "S"):
        return False
    if kind in ("K", "I"):
        return True
    return bool(account) and account[0] not in "12"


def parse_ledger_csv(data: bytes) -> tuple[dict[Key, Decimal], int]:
    """The ledger CSV summed per (date, account, cost centre); raises ImportFailed with every problem."""
    header, rows = read_csv(data)
    missing = [c for c in ("date", "account", "amount") if c not in header]
    if missing:
        raise ImportFailed([Problem(1, c, _("kolumnen saknas")) for c in missing])
    problems: list[Problem] = []
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    for number, values in rows:
        try:
            date = parse_date(values["date"])
        except ValueError as error:
            problems.append(Problem(number, "date", str(error)))
            date = None
        account = values["account"]
        if not account.isdigit() or len(account) > 20:
            problems.append(
                Problem(
                    number, "account", _("kontot ska vara ett kontonummer (siffror), inte ”%(v)s”") % {"v": account}
                )
            )
        centre = values.get("cost_centre", "")
        if len(centre) > 40:
            problems.append(Problem(number, "cost_centre", _("kostnadsstället är längre än 40 tecken")))
        try:
            amount = parse_amount(values["amount"])
        except ValueError as error:
            problems.append(Problem(number, "amount", str(error)))
            continue
        if date is not None and account.isdigit():
            sums[(date, account, centre)] += amount
    if not rows:
        problems.append(Problem(None, "", _("filen innehåller inga rader")))
    if problems:
        raise ImportFailed(problems)
    return sums, len(rows)


def sums_from_sie(sie: SieFile, dimension: int = 1) -> dict[Key, Decimal]:
    """Outcome per (date, account, object of `dimension`) from a parsed SIE file, each amount counted once.

    Vouchers (type 4) when the file has any; otherwise period balances (types 2–3: #PSALDO, where the
    account total `{}` minus the per-object rows of `dimension` is kept without cost centre, so nothing
    is counted twice or dropped); otherwise the year's #RES (type 1) on the last day of the year.
    """
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    kinds = sie.account_kinds
    if sie.transaction_count:
        for (date, account, centre), amount in sie.transaction_sums.items():
            if is_result_account(account, kinds):
                sums[(date, account, centre)] += amount
        return sums
    if sie.period_balances:
        totals: dict[tuple[dt.date, str], Decimal] = defaultdict(Decimal)
        per_object: dict[tuple[dt.date, str], Decimal] = defaultdict(Decimal)
        for date, account, objects, amount in sie.period_balances:
            if not is_result_account(account, kinds):
                continue
            if not objects:
                totals[(date, account)] += amount
            elif set(objects) == {str(dimension)}:
                per_object[(date, account)] += amount
                sums[(date, account, objects[str(dimension)])] += amount
        for key, total in totals.items():
            rest = total - per_object.get(key, Decimal(0))
            if rest:
                sums[(key[0], key[1], "")] += rest
        return sums
    for account, amount in sie.results.items():
        if is_result_account(account, kinds):
            sums[(sie.year_end, account, "")] += amount
    return sums


def _insert_entries(association: Association, imported: LedgerImport, sums: dict[Key, Decimal]) -> None:
    """Insert the summed entries with executemany: the ORM's bulk_create spends most of a large import's time
    building model instances (SQLite also limits it to ~140 rows a statement)."""
    connection = connections[router.db_for_write(LedgerEntry)]
    ops, meta = connection.ops, LedgerEntry._meta
    names = ["association", "ledger_import", "date", "account", "cost_centre", "amount"]
    columns = ", ".join(ops.quote_name(meta.get_field(n).column) for n in names)
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


@transaction.atomic
def store(
    *,
    acting_user: Any,
    association: Association,
    sums: dict[Key, Decimal],
    kind: str,
    filename: str,
    source_rows: int,
    first: dt.date,
    last: dt.date,
    sie_type: str = "",
    company: str = "",
) -> LedgerImport:
    """Replace the ledger of the fiscal years `first`–`last` cover with `sums` and record the import."""
    years = set(range(first.year, last.year + 1)) | {key[0].year for key in sums}
    LedgerEntry.objects.filter(association=association, date__year__in=years).delete()
    user_name = acting_user.get_username() if getattr(acting_user, "pk", None) else "system"
    imported = LedgerImport.objects.create(
        association=association,
        kind=kind,
        filename=filename[-255:],
        sie_type=sie_type,
        company=company[:200],
        first_date=min(first, *(k[0] for k in sums)) if sums else first,
        last_date=max(last, *(k[0] for k in sums)) if sums else last,
        entries=sum(1 for v in sums.values() if v),
        source_rows=source_rows,
        imported_by=user_name[:150],
    )
    _insert_entries(association, imported, sums)
    record(
        acting_user=acting_user,
        association=association,
        action="import",
        obj=imported,
        changes={"kind": kind, "entries": imported.entries, "source_rows": source_rows, "years": sorted(years)},
    )
    return imported


def ledger_import(
    *, acting_user: Any, association: Association, data: bytes, filename: str = "", encoding: str | None = None
) -> LedgerImport:
    """Import a SIE file (detected by its leading #label) or a ledger CSV; all or nothing."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"#":
        sie = parse_sie(data, encoding=encoding, dimension=1)
        sums = sums_from_sie(sie, dimension=1)
        return store(
            acting_user=acting_user,
            association=association,
            sums=sums,
            kind="sie",
            filename=filename,
            source_rows=sie.record_count,
            first=sie.year_start,
            last=sie.year_end,
            sie_type=sie.sie_type,
            company=sie.company,
        )
    sums, count = parse_ledger_csv(data)
    result_sums = {k: v for k, v in sums.items() if is_result_account(k[1])}
    dates = [k[0] for k in sums]
    first = dt.date(min(dates).year, 1, 1)
    last = dt.date(max(dates).year, 12, 31)
    return store(
        acting_user=acting_user,
        association=association,
        sums=result_sums,
        kind="csv",
        filename=filename,
        source_rows=count,
        first=first,
        last=last,
    )
