"""Annual accounts from the ledger's balances: resultaträkning, balansräkning, kassaflödesanalys, notes, checks.

Reads through `selectors` (the balances of the year and the year before, the account map, the names) and
computes the contract's `annual-accounts` figures (docs/contracts.md "Account map JSON and annual accounts").
Amounts are kronor as printed: income, assets, equity and liabilities positive, costs negative (the ledger's
debit-positive amounts turned round where needed). Nothing is rounded here; the pages and documents round.

* Resultaträkning: each line is the year's #RES of its accounts, turned round.
* Balansräkning: each line the closing balances (#UB) of its accounts; eget kapital is the equity
  accounts' closing balance plus the year's result (the result is not yet booked into equity).
* Opening position of a year: its #IB when stored, else the previous year's balance sheet.
* Kassaflödesanalys, indirect: result + non-cash items (change in avsättningar, depreciation) ± change in
  fordringar, förråd and kortfristiga skulder = löpande verksamhet; investeringar = −(change in
  anläggningstillgångar + depreciation) − change in kortfristiga placeringar; finansiering = change in
  långfristiga skulder + other movements of equity; likvida medel = kassa och bank.
* Checks, each year: the balance sheet balances; eget kapital = opening + result; cash flow = change in cash.
  A failed check says the difference in kronor.

An account with a balance that no range covers, or one on the wrong kind of line (a #UB on a result line,
a #RES on a balance line), makes `AccountsBlocked`: the report refuses with the accounts named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.finance import selectors
from samordna.finance.account_map import ASSET_LINES, BALANCE_LINES, DEFAULT_RANGES, INCOME_LINES, Range, line_of

ZERO = Decimal(0)
TOLERANCE = Decimal("0.01")

INCOME_STATEMENT_KEYS = (
    "medlemsavgifter",
    "bidrag",
    "ovriga_intakter",
    "verksamhetens_kostnader",
    "avskrivningar",
    "verksamhetens_nettokostnad",
    "finansiella_intakter",
    "finansiella_kostnader",
    "resultat_fore_extraordinara_poster",
    "resultat_efter_finansiella_poster",
    "extraordinara_poster",
    "arets_resultat",
)
BALANCE_SHEET_KEYS = (
    "anlaggningstillgangar",
    "forrad",
    "fordringar",
    "kortfristiga_placeringar",
    "kassa_och_bank",
    "summa_omsattningstillgangar",
    "summa_tillgangar",
    "eget_kapital",
    "avsattningar",
    "langfristiga_skulder",
    "kortfristiga_skulder",
    "summa_eget_kapital_och_skulder",
)
CASH_FLOW_KEYS = (
    "arets_resultat",
    "ej_likviditetspaverkande",
    "medel_fore_forandring_av_rorelsekapital",
    "forandring_forrad",
    "forandring_fordringar",
    "forandring_kortfristiga_skulder",
    "lopande_verksamhet",
    "investeringar",
    "finansiering",
    "arets_kassaflode",
    "likvida_medel_vid_arets_borjan",
    "likvida_medel_vid_arets_slut",
)
NOTE_LINES = {
    "intakter": INCOME_LINES,
    "fordringar": ("fordringar",),
    "kortfristiga_skulder": ("kortfristiga_skulder",),
}


class AccountsBlocked(ValidationError):
    """Accounts with a balance that the account map does not place on a line of the right kind."""

    def __init__(self, accounts: list[tuple[str, str]], wrong_kind: list[tuple[str, str]]):
        self.accounts = accounts
        self.wrong_kind = wrong_kind
        messages = []
        if accounts:
            messages.append(
                _(
                    "Årsredovisningen kan inte tas fram: dessa konton har saldo men ingår inte i något intervall i "
                    "kontoplanen för årsredovisningen: %(accounts)s. Lägg till dem under Ekonomi → Kontoplan."
                )
                % {"accounts": ", ".join(f"{n} {name}".strip() for n, name in accounts)}
            )
        if wrong_kind:
            messages.append(
                _(
                    "Dessa konton har saldo av fel slag för raden de är kopplade till (balans på en "
                    "resultaträkningsrad eller resultat på en balansräkningsrad): %(accounts)s."
                )
                % {"accounts": ", ".join(f"{n} ({line})" for n, line in wrong_kind)}
            )
        super().__init__(" ".join(messages))


@dataclass
class Check:
    """One check of one year: ok, and the difference in kronor when it fails."""

    key: str
    year: int
    label: str
    difference: Decimal

    @property
    def ok(self) -> bool:
        """Whether the difference is within an öre."""
        return abs(self.difference) <= TOLERANCE

    @property
    def message(self) -> str:
        """Swedish text: the check and, when it fails, the difference."""
        if self.ok:
            return _("%(label)s %(year)s: stämmer.") % {"label": self.label, "year": self.year}
        return _("%(label)s %(year)s: stämmer inte, skillnaden är %(diff)s kr.") % {
            "label": self.label,
            "year": self.year,
            "diff": f"{self.difference:.2f}".replace(".", ","),
        }


@dataclass
class NoteRow:
    """One account of a note with its amount each year."""

    account: str
    name: str
    amounts: dict[int, Decimal]


@dataclass
class AnnualAccounts:
    """The statements of `year` with `previous` beside, the notes and the checks."""

    year: int
    previous: int
    income_statement: dict[str, dict[int, Decimal]]
    balance_sheet: dict[str, dict[int, Decimal]]
    cash_flow: dict[str, dict[int, Decimal]]
    notes: dict[str, list[NoteRow]]
    checks: list[Check]
    opening_equity: dict[int, Decimal]
    missing_opening: list[int] = field(default_factory=list)


def account_map(association: Association) -> tuple[list[Range], bool]:
    """The förbund's ranges, or the default BAS map; and whether it is the default."""
    stored = [Range(r.first, r.last, r.line) for r in selectors.account_ranges(association=association)]
    return (stored, False) if stored else (list(DEFAULT_RANGES), True)


def unmapped_accounts(association: Association, accounts: list[str] | None = None) -> list[tuple[str, str]]:
    """Accounts with a balance in a stored year (or of `accounts`) that no range covers, with their names."""
    ranges, _default = account_map(association)
    names = selectors.account_names(association=association)
    if accounts is None:
        accounts = selectors.accounts_with_balance(association=association)
    return [(a, names.get(a, "")) for a in sorted(accounts) if line_of(a, ranges) is None]


def _by_line(
    amounts: dict[str, Decimal], ranges: list[Range], *, balance: bool, blocked: set[str], wrong: dict[str, str]
) -> dict[str, dict[str, Decimal]]:
    """{line: {account: amount}}; unmapped accounts and accounts on the wrong kind of line are collected."""
    lines: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for account, amount in amounts.items():
        if not amount:
            continue
        line = line_of(account, ranges)
        if line is None:
            blocked.add(account)
        elif (line in BALANCE_LINES) != balance:
            wrong[account] = line
        else:
            lines[line][account] = amount
    return lines


def _total(lines: dict[str, dict[str, Decimal]], line: str) -> Decimal:
    return sum(lines.get(line, {}).values(), ZERO)


def _position(lines: dict[str, dict[str, Decimal]], result: Decimal | None) -> dict[str, Decimal]:
    """Balance-sheet lines as printed from balances by line; eget kapital plus `result` when given."""
    figures = {line: _total(lines, line) for line in ASSET_LINES}
    for line in ("eget_kapital", "avsattningar", "langfristiga_skulder", "kortfristiga_skulder"):
        figures[line] = -_total(lines, line)
    if result is not None:
        figures["eget_kapital"] += result
    figures["summa_omsattningstillgangar"] = sum((figures[k] for k in ASSET_LINES[1:]), ZERO)
    figures["summa_tillgangar"] = figures["summa_omsattningstillgangar"] + figures["anlaggningstillgangar"]
    figures["summa_eget_kapital_och_skulder"] = sum(
        (figures[k] for k in ("eget_kapital", "avsattningar", "langfristiga_skulder", "kortfristiga_skulder")), ZERO
    )
    return figures


def _income(lines: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    rr = {
        line: -_total(lines, line)
        for line in (*INCOME_LINES, "verksamhetens_kostnader", "avskrivningar", "finansiella_intakter")
    }
    rr["finansiella_kostnader"] = -_total(lines, "finansiella_kostnader")
    rr["extraordinara_poster"] = -_total(lines, "extraordinara_poster")
    rr["verksamhetens_nettokostnad"] = sum(
        (rr[k] for k in (*INCOME_LINES, "verksamhetens_kostnader", "avskrivningar")), ZERO
    )
    rr["resultat_fore_extraordinara_poster"] = (
        rr["verksamhetens_nettokostnad"] + rr["finansiella_intakter"] + rr["finansiella_kostnader"]
    )
    rr["resultat_efter_finansiella_poster"] = rr["resultat_fore_extraordinara_poster"]
    rr["arets_resultat"] = rr["resultat_fore_extraordinara_poster"] + rr["extraordinara_poster"]
    return rr


def annual_accounts(*, association: Association, year: int) -> AnnualAccounts:
    """The annual accounts of `year` with the year before; ValidationError when they cannot be made."""
    previous = year - 1
    stored = selectors.balances(association=association, years=[previous - 1, previous, year])
    for needed in (year, previous):
        if (needed, "ub") not in stored and (needed, "res") not in stored:
            raise ValidationError(
                _(
                    "Det finns inga saldon för %(y)s. Importera bokföringen för %(y)s som SIE-fil (med #UB och #RES, "
                    "eller med verifikationer), eller för %(next)s med saldona för föregående år."
                )
                % {"y": needed, "next": needed + 1}
            )
    ranges, _default = account_map(association)
    names = selectors.account_names(association=association)
    blocked: set[str] = set()
    wrong: dict[str, str] = {}
    result_lines: dict[int, dict[str, dict[str, Decimal]]] = {}
    closing_lines: dict[int, dict[str, dict[str, Decimal]]] = {}
    opening_lines: dict[int, dict[str, dict[str, Decimal]] | None] = {}
    for y in (previous - 1, previous, year):
        result_lines[y] = _by_line(stored.get((y, "res"), {}), ranges, balance=False, blocked=blocked, wrong=wrong)
        closing_lines[y] = _by_line(stored.get((y, "ub"), {}), ranges, balance=True, blocked=blocked, wrong=wrong)
        opening = stored.get((y, "ib"))
        opening_lines[y] = (
            None if opening is None else _by_line(opening, ranges, balance=True, blocked=blocked, wrong=wrong)
        )
    if blocked or wrong:
        raise AccountsBlocked(
            [(a, names.get(a, "")) for a in sorted(blocked)], sorted(wrong.items(), key=lambda item: item[0])
        )
    rr = {y: _income(result_lines[y]) for y in (previous - 1, previous, year)}
    br = {y: _position(closing_lines[y], rr[y]["arets_resultat"]) for y in (previous - 1, previous, year)}
    missing: list[int] = []
    opening_br: dict[int, dict[str, Decimal]] = {}
    for y in (previous, year):
        lines_open = opening_lines[y]
        if lines_open is not None:
            opening_br[y] = _position(lines_open, None)
        elif (y - 1, "ub") in stored:
            opening_br[y] = br[y - 1]
        else:
            missing.append(y)
            opening_br[y] = _position({}, None)
    cash: dict[int, dict[str, Decimal]] = {}
    checks: list[Check] = []
    for y in (year, previous):
        close, open_, result = br[y], opening_br[y], rr[y]
        change = {k: close[k] - open_[k] for k in close}
        depreciation = -rr[y]["avskrivningar"]
        flow: dict[str, Decimal] = {"arets_resultat": result["arets_resultat"]}
        flow["ej_likviditetspaverkande"] = change["avsattningar"] + depreciation
        flow["medel_fore_forandring_av_rorelsekapital"] = flow["arets_resultat"] + flow["ej_likviditetspaverkande"]
        flow["forandring_forrad"] = -change["forrad"]
        flow["forandring_fordringar"] = -change["fordringar"]
        flow["forandring_kortfristiga_skulder"] = change["kortfristiga_skulder"]
        flow["lopande_verksamhet"] = (
            flow["medel_fore_forandring_av_rorelsekapital"]
            + flow["forandring_forrad"]
            + flow["forandring_fordringar"]
            + flow["forandring_kortfristiga_skulder"]
        )
        flow["investeringar"] = -(change["anlaggningstillgangar"] + depreciation) - change["kortfristiga_placeringar"]
        flow["finansiering"] = change["langfristiga_skulder"] + (change["eget_kapital"] - result["arets_resultat"])
        flow["arets_kassaflode"] = flow["lopande_verksamhet"] + flow["investeringar"] + flow["finansiering"]
        flow["likvida_medel_vid_arets_borjan"] = open_["kassa_och_bank"]
        flow["likvida_medel_vid_arets_slut"] = close["kassa_och_bank"]
        cash[y] = flow
        checks.append(
            Check(
                "balance_sheet_balances",
                y,
                _("Balansräkningen balanserar (tillgångar = eget kapital och skulder)"),
                close["summa_tillgangar"] - close["summa_eget_kapital_och_skulder"],
            )
        )
        checks.append(
            Check(
                "equity_is_opening_plus_result",
                y,
                _("Eget kapital = ingående eget kapital + årets resultat"),
                close["eget_kapital"] - (open_["eget_kapital"] + result["arets_resultat"]),
            )
        )
        checks.append(
            Check(
                "cash_flow_is_change_in_cash",
                y,
                _("Årets kassaflöde = förändringen av likvida medel"),
                flow["arets_kassaflode"] - (close["kassa_och_bank"] - open_["kassa_och_bank"]),
            )
        )
    notes: dict[str, list[NoteRow]] = {}
    for note, note_lines in NOTE_LINES.items():
        sign = Decimal(1) if note == "fordringar" else Decimal(-1)
        rows: dict[str, dict[int, Decimal]] = defaultdict(dict)
        for y in (year, previous):
            source = result_lines[y] if note == "intakter" else closing_lines[y]
            for line in note_lines:
                for account, amount in source.get(line, {}).items():
                    rows[account][y] = sign * amount
        notes[note] = [
            NoteRow(account, names.get(account, ""), {y: amounts.get(y, ZERO) for y in (year, previous)})
            for account, amounts in sorted(rows.items())
        ]
    years = (year, previous)
    return AnnualAccounts(
        year=year,
        previous=previous,
        income_statement={k: {y: rr[y][k] for y in years} for k in INCOME_STATEMENT_KEYS},
        balance_sheet={k: {y: br[y][k] for y in years} for k in BALANCE_SHEET_KEYS},
        cash_flow={k: {y: cash[y][k] for y in years} for k in CASH_FLOW_KEYS},
        notes=notes,
        checks=checks,
        opening_equity={y: opening_br[y]["eget_kapital"] for y in years},
        missing_opening=missing,
    )
