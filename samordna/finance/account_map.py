"""The account map: which accounts make which line of the annual accounts (docs/contracts.md).

A range `first`–`last` covers an account when the account's first len(first) digits (padded with zeros
when the account is shorter) lie between them: 1500–1799 covers 1510, 15101 and 1799999. Both ends have
the same number of digits. Ranges may not overlap. `DEFAULT_RANGES` is the map for the BAS chart as
kommuner and kommunalförbund use it (Kommun-Bas; docs/ekonomi.md "Kontoplan för årsredovisningen") and
applies until a förbund stores its own.

This module only reads and checks: `parse_account_map` turns the JSON into ranges or raises ImportFailed
with JSON paths; the write is `annual_services.account_map_import`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.core.imports import ImportFailed, Problem, ProblemList, load_json
from samordna.finance.models import StatementLine

LINES: tuple[str, ...] = tuple(StatementLine.values)
BALANCE_LINES = frozenset(
    {
        "anlaggningstillgangar",
        "forrad",
        "fordringar",
        "kortfristiga_placeringar",
        "kassa_och_bank",
        "eget_kapital",
        "avsattningar",
        "langfristiga_skulder",
        "kortfristiga_skulder",
    }
)
ASSET_LINES = ("anlaggningstillgangar", "forrad", "fordringar", "kortfristiga_placeringar", "kassa_och_bank")
INCOME_LINES = ("medlemsavgifter", "bidrag", "ovriga_intakter")
_NUMBER = re.compile(r"^[0-9]{1,20}$")


@dataclass(frozen=True)
class Range:
    """One range of the map."""

    first: str
    last: str
    line: str

    def covers(self, account: str) -> bool:
        """Whether `account` lies in the range (compared on its first len(first) digits)."""
        digits = len(self.first)
        head = account[:digits].ljust(digits, "0")
        return head.isdigit() and int(self.first) <= int(head) <= int(self.last)

    def span(self, digits: int) -> tuple[int, int]:
        """The range as whole numbers of `digits` digits (≥ its own), for comparing ranges of other lengths."""
        scale = 10 ** (digits - len(self.first))
        return int(self.first) * scale, (int(self.last) + 1) * scale - 1


# Kommun-Bas groups (reference: governance-and-accounts.md B7, finance-and-sie.md §3).
DEFAULT_RANGES: tuple[Range, ...] = (
    Range("1000", "1399", "anlaggningstillgangar"),
    Range("1400", "1499", "forrad"),
    Range("1500", "1799", "fordringar"),
    Range("1800", "1899", "kortfristiga_placeringar"),
    Range("1900", "1999", "kassa_och_bank"),
    Range("2000", "2099", "eget_kapital"),
    Range("2100", "2299", "avsattningar"),
    Range("2300", "2399", "langfristiga_skulder"),
    Range("2400", "2999", "kortfristiga_skulder"),
    Range("3000", "3499", "ovriga_intakter"),
    Range("3500", "3599", "medlemsavgifter"),
    Range("3600", "3999", "ovriga_intakter"),
    Range("4000", "7899", "verksamhetens_kostnader"),
    Range("7900", "7999", "avskrivningar"),
    Range("8400", "8499", "finansiella_intakter"),
    Range("8500", "8599", "finansiella_kostnader"),
    Range("8700", "8899", "extraordinara_poster"),
)


def range_problem(first: str, last: str) -> str | None:
    """Why `first`–`last` is not a range, or None."""
    if not _NUMBER.match(first) or not _NUMBER.match(last):
        return _("kontona ska vara kontonummer (siffror), inte ”%(a)s” och ”%(b)s”") % {"a": first[:25], "b": last[:25]}
    if len(first) != len(last):
        return _("”från” och ”till” ska ha lika många siffror (%(a)s, %(b)s)") % {"a": first, "b": last}
    if int(last) < int(first):
        return _("intervallet %(a)s–%(b)s slutar före det börjar") % {"a": first, "b": last}
    return None


def overlaps(ranges: list[Range]) -> list[tuple[int, int]]:
    """Pairs of indexes of ranges that share an account."""
    digits = max((len(r.first) for r in ranges), default=1)
    spans = sorted((r.span(digits), index) for index, r in enumerate(ranges))
    pairs: list[tuple[int, int]] = []
    for position, ((_low, high), index) in enumerate(spans):
        for (other_low, _other_high), other in spans[position + 1 :]:
            if other_low > high:
                break
            pairs.append((min(index, other), max(index, other)))
    return sorted(pairs)


def line_of(account: str, ranges: list[Range] | tuple[Range, ...]) -> str | None:
    """The line that covers `account`, or None when no range does."""
    for candidate in ranges:
        if candidate.covers(account):
            return candidate.line
    return None


def parse_account_map(data: bytes) -> list[Range]:
    """The ranges of an account map JSON file; raises ImportFailed (every problem with its JSON path)."""
    document = load_json(data)
    problems = ProblemList()
    if not isinstance(document, dict) or not isinstance(document.get("ranges"), list):
        raise ImportFailed([Problem(None, "", _("filen ska vara ett JSON-objekt med listan ”ranges”"), path="ranges")])
    for key in document:
        if key != "ranges":
            problems.add(Problem(None, "", _("okänd nyckel"), path=str(key)[:40]))
    ranges: list[Range] = []
    paths: list[str] = []
    for index, item in enumerate(document["ranges"]):
        path = f"ranges[{index}]"
        if not isinstance(item, dict):
            problems.add(Problem(None, "", _("ska vara ett objekt med from, to och line"), path=path))
            continue
        for key in item:
            if key not in ("from", "to", "line"):
                problems.add(Problem(None, "", _("okänd nyckel"), path=f"{path}.{str(key)[:40]}"))
        values = {}
        for key in ("from", "to", "line"):
            value = item.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not value:
                problems.add(Problem(None, "", _("saknas eller är inte text"), path=f"{path}.{key}"))
                value = None
            values[key] = value
        if values["line"] is not None and values["line"] not in LINES:
            problems.add(
                Problem(
                    None,
                    "",
                    _("okänd rad ”%(v)s”; raderna är %(lines)s")
                    % {"v": values["line"][:40], "lines": ", ".join(LINES)},
                    path=f"{path}.line",
                )
            )
            values["line"] = None
        if (
            values["from"] is not None
            and values["to"] is not None
            and (why := range_problem(values["from"], values["to"]))
        ):
            problems.add(Problem(None, "", why, path=path))
            continue
        if None not in values.values():
            ranges.append(Range(values["from"], values["to"], values["line"]))  # type: ignore[arg-type]
            paths.append(path)
    for a, b in overlaps(ranges):
        problems.add(
            Problem(
                None,
                "",
                _("intervallet %(a)s–%(b)s överlappar %(c)s–%(d)s (%(other)s): ett konto kan bara höra till en rad")
                % {
                    "a": ranges[b].first,
                    "b": ranges[b].last,
                    "c": ranges[a].first,
                    "d": ranges[a].last,
                    "other": paths[a],
                },
                path=paths[b],
            )
        )
    if problems.total:
        raise ImportFailed(problems)
    return ranges
