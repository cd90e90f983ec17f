"""Validation of the Budget CSV (docs/contracts.md) on the import kit: every problem with its row and column.

The file is read as a stream (a million bad rows are counted, the first hundred listed); amounts are
checked against what BudgetAmount.amount stores before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.choices import BudgetCategory
from samordna.core.imports import ImportFailed, Problem, ProblemList, iter_csv, parse_amount
from samordna.core.models import Association
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance.models import BudgetAmount, BudgetLine, BudgetVersion
from samordna.interventions.models import Intervention

REQUIRED = ["year", "line", "name", "category", "version", "amount"]
OPTIONAL = ["intervention", "comment"]
MAX_COMMENT = 2000
_CATEGORY_LABELS = {str(label).lower(): value for value, label in BudgetCategory.choices}
_VERSION_LABELS = {str(label).lower(): value for value, label in BudgetVersion.choices}
_CATEGORIES = frozenset(BudgetCategory.values)
_VERSIONS = frozenset(BudgetVersion.values)


@dataclass
class BudgetRow:
    """One validated row of a Budget CSV."""

    row: int
    year: int
    line: str
    name: str
    category: str
    intervention: Intervention | None
    version: str
    amount: Decimal
    comment: str


class _Checker:
    """Checks one row at a time against the association's lines and insatser and the rows before it."""

    def __init__(self, association: Association, problems: ProblemList) -> None:
        self.problems = problems
        self.interventions = {i.code: i for i in Intervention.objects.for_association(association)}
        self.existing = {line.code: line for line in BudgetLine.objects.for_association(association)}
        self.seen: dict[tuple[int, str, str], int] = {}
        self.categories: dict[str, tuple[str, int]] = {}
        field = BudgetAmount._meta.get_field("amount")
        self.digits = {"max_digits": field.max_digits, "decimal_places": field.decimal_places}

    def check(self, number: int, values: dict[str, str]) -> BudgetRow | None:
        """The row, or None after recording each of its problems."""
        found: list[Problem] = []
        year = self._year(number, values["year"], found)
        code = values["line"]
        if not code or len(code) > 20:
            found.append(Problem(number, "line", _("radkoden saknas eller är längre än 20 tecken")))
        name = values["name"] or (self.existing[code].name if code in self.existing else "")
        if not name or len(name) > 200:
            found.append(Problem(number, "name", _("namnet saknas eller är längre än 200 tecken")))
        category = self._category(number, code, values["category"], found)
        version = self._version(number, values["version"], found)
        amount = Decimal(0)
        try:
            amount = parse_amount(values["amount"], **self.digits)
        except ValueError as error:
            found.append(Problem(number, "amount", str(error)))
        intervention = None
        intervention_code = values.get("intervention", "")
        if intervention_code:
            intervention = self.interventions.get(intervention_code)
            if intervention is None:
                found.append(Problem(number, "intervention", _("okänd insats ”%(v)s”") % {"v": intervention_code[:40]}))
        comment = values.get("comment", "")
        if len(comment) > MAX_COMMENT:
            message = _("kommentaren är längre än %(max)s tecken") % {"max": MAX_COMMENT}
            found.append(Problem(number, "comment", message))
        for column, rule in (("line", validate_line), ("name", validate_line), ("comment", validate_text)):
            try:
                rule(values.get(column, ""))
            except ValidationError as error:
                found.append(Problem(number, column, " ".join(error.messages)))
        if not found:
            key = (year, code, version)
            if key in self.seen:
                found.append(
                    Problem(
                        number,
                        "line",
                        _("samma rad, år och version finns redan på rad %(row)s") % {"row": self.seen[key]},
                    )
                )
            self.seen[key] = number
        self.problems.extend(found)
        if found:
            return None
        return BudgetRow(number, year, code, name, category, intervention, version, amount, comment)

    @staticmethod
    def _year(number: int, text: str, found: list[Problem]) -> int:
        if len(text) == 4 and text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
            return int(text)
        found.append(Problem(number, "year", _("ogiltigt år ”%(v)s”") % {"v": text[:20]}))
        return 0

    def _category(self, number: int, code: str, text: str, found: list[Problem]) -> str:
        category = text if text in _CATEGORIES else _CATEGORY_LABELS.get(text.lower(), "")
        if not category and not text and code in self.existing:
            category = self.existing[code].category
        if not category:
            found.append(
                Problem(
                    number,
                    "category",
                    _("okänd kategori ”%(v)s” (giltiga: %(ok)s)")
                    % {"v": text[:40], "ok": ", ".join(BudgetCategory.values)},
                )
            )
        elif code in self.categories and self.categories[code][0] != category:
            found.append(
                Problem(
                    number,
                    "category",
                    _("raden %(line)s har kategorin %(other)s på rad %(row)s")
                    % {"line": code, "other": self.categories[code][0], "row": self.categories[code][1]},
                )
            )
        elif code:
            self.categories.setdefault(code, (category, number))
        return category

    @staticmethod
    def _version(number: int, text: str, found: list[Problem]) -> str:
        version = text if text in _VERSIONS else _VERSION_LABELS.get(text.lower(), "")
        if not version:
            found.append(
                Problem(
                    number,
                    "version",
                    _("okänd version ”%(v)s” (giltiga: %(ok)s)")
                    % {"v": text[:40], "ok": ", ".join(BudgetVersion.values)},
                )
            )
        return version


def _header(cells: list[str], problems: ProblemList) -> list[str] | None:
    """The lower-cased header, or None if a required column is missing (then nothing else is checked)."""
    header = [c.lower() for c in cells]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.extend(Problem(1, c, _("kolumnen saknas")) for c in missing)
        return None
    for index, name in enumerate(header):
        if name and name not in REQUIRED + OPTIONAL:
            problems.add(Problem(1, name, _("okänd kolumn")))
        elif name and name in header[:index]:
            problems.add(Problem(1, name, _("kolumnen finns två gånger")))
    return header


def validate_budget_csv(*, association: Association, data: bytes) -> list[BudgetRow]:
    """Parse and check a Budget CSV; raise ImportFailed listing the first hundred problems and their count."""
    problems = ProblemList()
    header: list[str] | None = None
    checker: _Checker | None = None
    result: list[BudgetRow] = []
    rows = 0
    for number, cells in iter_csv(data, problems=problems):
        if number == 1:
            header = _header(cells, problems)
            if header is None:
                break
            checker = _Checker(association, problems)
            continue
        if header is None or checker is None or not any(cells):
            continue
        rows += 1
        values: dict[str, Any] = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        extra = next((i for i in range(len(header), len(cells)) if cells[i]), None)
        if extra is not None:
            problems.add(Problem(number, str(extra + 1), _("värde utanför rubrikerna")))
            continue
        row = checker.check(number, values)
        if row is not None and not problems:
            result.append(row)
    if header is None and not problems:
        problems.add(Problem(1, "", _("filen är tom (rubrikraden saknas)")))
    elif header is not None and not rows and not problems:
        problems.add(Problem(2, "", _("filen innehåller inga rader efter rubrikraden")))
    if problems:
        raise ImportFailed(problems)
    return result
