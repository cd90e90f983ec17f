"""Reading the outcome (utfall): SIE 4 files (types 1–4E) or the ledger CSV of docs/contracts.md.

A ledger file holds exactly one financial year: a SIE file's `#RAR 0`; a CSV's calendar year, the one
all its dates fall in, or the one stated with `year` (`--year`) – a row outside it is refused, named by
its row, and a CSV whose rows span several years without `year` is refused with the years listed.
Only result accounts are kept (class 3–8, or #KTYP K/I): balance accounts (class 1–2, #KTYP T/S) are
not budget outcome. Amounts keep the accounting sign (debit +) and must fit LedgerEntry exactly.

This module only reads: `read_ledger` returns a LedgerFile or raises ImportFailed listing every problem.
The write (replacing that one year) is `ledger_services.ledger_import`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance.balances import Row, balances_from_sie
from samordna.finance.parsing import ImportFailed, Problem, parse_amount, parse_date, read_csv
from samordna.finance.sie import (
    MAX_ACCOUNT,
    MAX_COST_CENTRE,
    MAX_DECIMALS,
    MAX_INTEGER_DIGITS,
    SieFile,
    parse_sie,
)

LEDGER_COLUMNS = ["date", "account", "cost_centre", "amount", "text"]

Key = tuple[dt.date, str, str]
MAX_LISTED = 50  # rows outside the year listed one by one; the rest are counted
_ACCOUNT = re.compile(r"^[0-9]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS


@dataclass
class LedgerFile:
    """A parsed accounting file: the summed outcome of exactly one financial year, `first`–`last`."""

    kind: str  # LedgerImport.Kind
    sums: dict[Key, Decimal]
    first: dt.date
    last: dt.date
    source_rows: int
    sie_type: str = ""
    company: str = ""
    balances: list[Row] = field(default_factory=list)  # (year, account, kind, amount): balances.py
    accounts: dict[str, str] = field(default_factory=dict)  # #KONTO: number → name

    @property
    def year_label(self) -> str:
        """The financial year as people write it: 2024, or 2024-07-01–2025-06-30 for a broken year."""
        year = self.first.year
        if (self.first, self.last) == (dt.date(year, 1, 1), dt.date(year, 12, 31)):
            return str(year)
        return f"{self.first.isoformat()}–{self.last.isoformat()}"


def is_result_account(account: str, kinds: dict[str, str] | None = None) -> bool:
    """Whether an account belongs to the result (income/cost), not the balance sheet."""
    kind = (kinds or {}).get(account, "").upper()
    if kind in ("T", "S"):
        return False
    if kind in ("K", "I"):
        return True
    return bool(account) and account[0] not in "12"


def _check_amount(value: Decimal) -> str | None:
    """Why an amount cannot be stored in LedgerEntry.amount exactly, or None."""
    if value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        return _("beloppet har fler än %(n)s decimaler; det avrundas inte") % {"n": MAX_DECIMALS}
    if abs(value) >= _LIMIT:
        return _("beloppet är större än vad som kan lagras (högst %(n)s siffror före decimaltecknet)") % {
            "n": MAX_INTEGER_DIGITS
        }
    return None


def _csv_row_problems(number: int, values: dict[str, str]) -> tuple[list[Problem], dt.date | None, Decimal | None]:
    """The problems of one ledger CSV row, its date and its amount (None where they are bad)."""
    problems: list[Problem] = []
    try:
        date: dt.date | None = parse_date(values["date"])
    except ValueError as error:
        problems.append(Problem(number, "date", str(error)))
        date = None
    account = values["account"]
    if not _ACCOUNT.match(account) or len(account) > MAX_ACCOUNT:
        problems.append(
            Problem(
                number,
                "account",
                _("kontot ska vara ett kontonummer (högst %(n)s siffror), inte ”%(v)s”")
                % {"n": MAX_ACCOUNT, "v": account[:40]},
            )
        )
    centre = values.get("cost_centre", "")
    if len(centre) > MAX_COST_CENTRE:
        problems.append(
            Problem(
                number,
                "cost_centre",
                _("kostnadsstället är längre än %(n)s tecken; det kortas inte") % {"n": MAX_COST_CENTRE},
            )
        )
    elif _CONTROL.search(centre):
        problems.append(Problem(number, "cost_centre", _("kostnadsstället innehåller otillåtna styrtecken")))
    try:
        amount: Decimal | None = parse_amount(values["amount"])
    except ValueError as error:
        problems.append(Problem(number, "amount", str(error)))
        amount = None
    if amount is not None and (why := _check_amount(amount)):
        problems.append(Problem(number, "amount", why))
        amount = None
    return problems, date, amount


def _year_problems(first_rows: dict[int, int], dates: list[tuple[int, dt.date]], year: int | None) -> list[Problem]:
    """Rows outside `year`, or, without `year`, one problem listing the years the rows span."""
    if year is not None:
        outside = [(number, date) for number, date in dates if date.year != year]
        problems = [
            Problem(
                number,
                "date",
                _("datumet %(d)s ligger utanför det angivna räkenskapsåret %(y)s; en import gäller exakt ett år")
                % {"d": date.isoformat(), "y": year},
            )
            for number, date in outside[:MAX_LISTED]
        ]
        if len(outside) > MAX_LISTED:
            problems.append(
                Problem(None, "date", _("och %(n)s rader till utanför året") % {"n": len(outside) - MAX_LISTED})
            )
        return problems
    if len(first_rows) <= 1:
        return []
    listed = ", ".join(
        _("%(y)s (första gången på rad %(r)s)") % {"y": y, "r": r} for y, r in sorted(first_rows.items())[:10]
    )
    return [
        Problem(
            None,
            "date",
            _(
                "raderna gäller flera år: %(years)s. En import ersätter exakt ett räkenskapsår – ange vilket med "
                "--year ÅÅÅÅ (på webbsidan: fältet År); rader utanför det året pekas då ut"
            )
            % {"years": listed},
        )
    ]


def parse_ledger_csv(data: bytes, *, year: int | None = None) -> tuple[dict[Key, Decimal], int, int]:
    """The ledger CSV summed per (date, account, cost centre), its row count and its one calendar year.

    Raises ImportFailed with every problem: bad values, and rows outside the year (see the module).
    """
    try:
        header, rows = read_csv(data)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        raise ImportFailed(
            [Problem(None, "", _("filen går inte att läsa som CSV (ett fält är orimligt långt eller filen är trasig)"))]
        ) from exc
    missing = [c for c in ("date", "account", "amount") if c not in header]
    if missing:
        raise ImportFailed([Problem(1, c, _("kolumnen saknas")) for c in missing])
    problems: list[Problem] = []
    sums: dict[Key, Decimal] = defaultdict(Decimal)
    dates: list[tuple[int, dt.date]] = []
    first_rows: dict[int, int] = {}
    for number, values in rows:
        row_problems, date, amount = _csv_row_problems(number, values)
        problems.extend(row_problems)
        if date is not None:
            dates.append((number, date))
            first_rows.setdefault(date.year, number)
        if not row_problems and date is not None and amount is not None:
            sums[(date, values["account"], values.get("cost_centre", ""))] += amount
    if not rows:
        problems.append(Problem(None, "", _("filen innehåller inga rader")))
    problems.extend(_year_problems(first_rows, dates, year))
    if problems:
        raise ImportFailed(problems)
    return sums, len(rows), year if year is not None else next(iter(first_rows))


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


def _sum_problems(sums: dict[Key, Decimal]) -> list[Problem]:
    """Sums (per day, account and cost centre) that grew beyond what LedgerEntry.amount holds."""
    return [
        Problem(
            None,
            "",
            _("summan för konto %(a)s, kostnadsställe %(c)s den %(d)s blir %(v)s – större än vad som kan lagras")
            % {"a": account, "c": centre or "(inget)", "d": date.isoformat(), "v": amount},
        )
        for (date, account, centre), amount in sums.items()
        if abs(amount) >= _LIMIT
    ][:20]


def _check_year(year: int | None) -> None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ImportFailed(
            [
                Problem(
                    None,
                    "",
                    _("det angivna året %(y)s är inte ett giltigt år (%(a)s–%(b)s)")
                    % {"y": year, "a": FIRST_YEAR, "b": LAST_YEAR},
                )
            ]
        )


def read_ledger(data: bytes, *, encoding: str | None = None, year: int | None = None) -> LedgerFile:
    """A SIE file (detected by its leading #label) or a ledger CSV as one financial year; raises ImportFailed.

    `year` (the command's `--year`) states the year a CSV covers; for a SIE file it must be the year of
    `#RAR 0` (the year it starts or ends in).
    """
    _check_year(year)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"#":
        sie = parse_sie(data, encoding=encoding, dimension=1)
        if year is not None and year not in (sie.year_start.year, sie.year_end.year):
            raise ImportFailed(
                [
                    Problem(
                        sie.year_line,
                        "#RAR",
                        _("filens räkenskapsår %(a)s–%(b)s är inte det angivna året %(y)s")
                        % {"a": sie.year_start.isoformat(), "b": sie.year_end.isoformat(), "y": year},
                        "post",
                    )
                ]
            )
        balance_rows, balance_problems = balances_from_sie(sie)
        if balance_problems:
            raise ImportFailed(balance_problems)
        ledger = LedgerFile(
            kind="sie",
            sums=sums_from_sie(sie, dimension=1),
            first=sie.year_start,
            last=sie.year_end,
            source_rows=sie.record_count,
            sie_type=sie.sie_type,
            company=sie.company,
            balances=balance_rows,
            accounts=sie.accounts,
        )
    else:
        sums, count, csv_year = parse_ledger_csv(data, year=year)
        ledger = LedgerFile(
            kind="csv",
            sums={k: v for k, v in sums.items() if is_result_account(k[1])},
            first=dt.date(csv_year, 1, 1),
            last=dt.date(csv_year, 12, 31),
            source_rows=count,
        )
    problems = _sum_problems(ledger.sums)
    if problems:
        raise ImportFailed(problems)
    return ledger
