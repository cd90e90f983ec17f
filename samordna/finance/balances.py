"""Account balances of a SIE file: #IB, #UB and #RES of years 0 and −1, checked before anything is stored.

* Year 0 takes the file's #UB 0 and #RES 0. A file without them gets them from its vouchers: the result
  from the voucher rows on result accounts, the closing balance of each balance account from its #IB 0
  (when present) plus its voucher rows. Without vouchers the result comes from the period balances
  (#PSALDO account totals). Year −1 takes only what the file states.
* Refused, with the accounts named: a year whose closing balances do not match its result. Debit is +
  (finance-and-sie.md §1: income negative), and before the closing entry the result is not yet in equity,
  so the closing balances of the balance accounts (class 1–2, or #KTYP T/S) plus the year's #RES sum to
  zero; a difference over 1 öre is refused. A year with #UB but no #IB is refused too, except that year 0
  may come without #IB 0 when the file has #UB −1 (the SIE specification allows either; the opening
  balances then come from the previous year's closing balances and result).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from samordna.finance.parsing import Problem
from samordna.finance.sie import SieFile

TOLERANCE = Decimal("0.01")
MAX_NAMED = 20
Row = tuple[int, str, str, Decimal]  # (year, account, kind, amount)


def is_balance_account(account: str, kinds: dict[str, str]) -> bool:
    """Class 1–2, unless #KTYP says otherwise (T/S balance, K/I result)."""
    kind = kinds.get(account, "").upper()
    if kind in ("T", "S"):
        return True
    if kind in ("K", "I"):
        return False
    return bool(account) and account[0] in "12"


def _named(accounts: list[str]) -> str:
    listed = ", ".join(sorted(accounts)[:MAX_NAMED])
    return listed + (_(" och %(n)s till") % {"n": len(accounts) - MAX_NAMED} if len(accounts) > MAX_NAMED else "")


def _year_zero(sie: SieFile) -> tuple[dict[str, Decimal] | None, dict[str, Decimal] | None]:
    """Year 0's closing balances and result: from the file's records, else from its vouchers (see the module)."""
    kinds = sie.account_kinds
    closing = sie.balances.get((0, "ub"))
    result = sie.balances.get((0, "res"))
    if sie.transaction_count:
        if result is None:
            result = defaultdict(Decimal)
            for (_date, account, _centre), amount in sie.transaction_sums.items():
                if not is_balance_account(account, kinds):
                    result[account] += amount
        if closing is None:
            closing = defaultdict(Decimal, sie.balances.get((0, "ib"), {}))
            for (_date, account, _centre), amount in sie.transaction_sums.items():
                if is_balance_account(account, kinds):
                    closing[account] += amount
    elif result is None and sie.period_balances:
        result = defaultdict(Decimal)
        for _date, account, objects, amount in sie.period_balances:
            if not objects and not is_balance_account(account, kinds):
                result[account] += amount
    return (dict(closing) if closing is not None else None), (dict(result) if result is not None else None)


def balances_from_sie(sie: SieFile) -> tuple[list[Row], list[Problem]]:
    """The rows to store (non-zero amounts) and the problems that refuse the file (see the module)."""
    kinds = sie.account_kinds
    year = sie.year_start.year
    problems: list[Problem] = []
    closing0, result0 = _year_zero(sie)
    per_year: dict[int, dict[str, dict[str, Decimal] | None]] = {
        0: {"ib": sie.balances.get((0, "ib")), "ub": closing0, "res": result0},
        -1: {
            "ib": sie.balances.get((-1, "ib")),
            "ub": sie.balances.get((-1, "ub")),
            "res": sie.balances.get((-1, "res")),
        },
    }
    for number in (0, -1):
        stated = sie.balances.get((number, "ub"))
        if stated is None or (number, "ib") in sie.balances or (number == 0 and (-1, "ub") in sie.balances):
            continue
        problems.append(
            Problem(
                sie.balance_lines[(number, "ub")],
                "#UB",
                _(
                    "utgående balans (#UB %(n)s) för år %(y)s utan ingående balans (#IB %(n)s) för samma år; "
                    "konton: %(accounts)s"
                )
                % {"n": number, "y": year + number, "accounts": _named(list(stated))},
                "post",
            )
        )
    for number in (0, -1):
        closing, result = per_year[number]["ub"], per_year[number]["res"]
        if closing is None:
            continue
        balance_accounts = [a for a, v in closing.items() if v and is_balance_account(a, kinds)]
        total = sum((closing[a] for a in balance_accounts), Decimal(0)) + sum((result or {}).values(), Decimal(0))
        if abs(total) > TOLERANCE:
            line = sie.balance_lines.get((number, "ub")) or sie.balance_lines.get((number, "res"))
            result_accounts = [a for a, v in (result or {}).items() if v]
            problems.append(
                Problem(
                    line,
                    "#UB",
                    _(
                        "balansen för år %(y)s går inte ihop: utgående balanser på balanskontona (%(accounts)s) plus "
                        "årets resultat (%(results)s) ska bli 0 men blir %(diff)s kr; rätta saldona i filen"
                    )
                    % {
                        "y": year + number,
                        "accounts": _named(balance_accounts) or _("inga"),
                        "results": _named(result_accounts) or _("inget resultat"),
                        "diff": total,
                    },
                    "post",
                )
            )
    rows: list[Row] = []
    for number, kinds_of_year in per_year.items():
        for kind, amounts in kinds_of_year.items():
            for account, amount in (amounts or {}).items():
                if amount:
                    rows.append((year + number, account, kind, amount))
    return rows, problems
