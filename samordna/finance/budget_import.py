"""Validation of the Budget CSV (docs/contracts.md): every problem with its row and column, or clean rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.choices import BudgetCategory
from samordna.core.models import Association
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance.models import BudgetLine, BudgetVersion
from samordna.finance.parsing import ImportFailed, Problem, parse_amount, read_csv
from samordna.interventions.models import Intervention

REQUIRED = ["year", "line", "name", "category", "version", "amount"]
OPTIONAL = ["intervention", "comment"]
_CATEGORY_LABELS = {str(label).lower(): value for value, label in BudgetCategory.choices}
_VERSION_LABELS = {str(label).lower(): value for value, label in BudgetVersion.choices}


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


def validate_budget_csv(*, association: Association, data: bytes) -> list[BudgetRow]:
    """Parse and check a Budget CSV; raise ImportFailed listing every problem."""
    header, rows = read_csv(data)
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed([Problem(1, c, _("kolumnen saknas")) for c in missing])
    unknown = [c for c in header if c and c not in REQUIRED + OPTIONAL]
    problems += [Problem(1, c, _("okänd kolumn")) for c in unknown]
    if not rows:
        problems.append(Problem(None, "", _("filen innehåller inga rader")))
    interventions = {i.code: i for i in Intervention.objects.for_association(association)}
    existing = {line.code: line for line in BudgetLine.objects.for_association(association)}
    result: list[BudgetRow] = []
    seen: dict[tuple[int, str, str], int] = {}
    categories: dict[str, tuple[str, int]] = {}
    for number, values in rows:
        row_problems: list[Problem] = []
        year_text = values["year"]
        year = 0
        if not (year_text.isdigit() and FIRST_YEAR <= int(year_text) <= LAST_YEAR):
            row_problems.append(Problem(number, "year", _("ogiltigt år ”%(v)s”") % {"v": year_text}))
        else:
            year = int(year_text)
        code = values["line"]
        if not code or len(code) > 20:
            row_problems.append(Problem(number, "line", _("radkoden saknas eller är längre än 20 tecken")))
        name = values["name"] or (existing[code].name if code in existing else "")
        if not name or len(name) > 200:
            row_problems.append(Problem(number, "name", _("namnet saknas eller är längre än 200 tecken")))
        category_text = values["category"].strip()
        category = (
            category_text if category_text in BudgetCategory.values else _CATEGORY_LABELS.get(category_text.lower(), "")
        )
        if not category and not category_text and code in existing:
            category = existing[code].category
        if not category:
            row_problems.append(
                Problem(
                    number,
                    "category",
                    _("okänd kategori ”%(v)s” (giltiga: %(ok)s)")
                    % {"v": category_text, "ok": ", ".join(BudgetCategory.values)},
                )
            )
        elif code in categories and categories[code][0] != category:
            row_problems.append(
                Problem(
                    number,
                    "category",
                    _("raden %(line)s har kategorin %(other)s på rad %(row)s")
                    % {"line": code, "other": categories[code][0], "row": categories[code][1]},
                )
            )
        elif code:
            categories.setdefault(code, (category, number))
        version_text = values["version"].strip()
        version = (
            version_text if version_text in BudgetVersion.values else _VERSION_LABELS.get(version_text.lower(), "")
        )
        if not version:
            row_problems.append(
                Problem(
                    number,
                    "version",
                    _("okänd version ”%(v)s” (giltiga: %(ok)s)")
                    % {"v": version_text, "ok": ", ".join(BudgetVersion.values)},
                )
            )
        amount = Decimal(0)
        try:
            amount = parse_amount(values["amount"])
        except ValueError as error:
            row_problems.append(Problem(number, "amount", str(error)))
        intervention = None
        intervention_code = values.get("intervention", "")
        if intervention_code:
            intervention = interventions.get(intervention_code)
            if intervention is None:
                row_problems.append(
                    Problem(number, "intervention", _("okänd insats ”%(v)s”") % {"v": intervention_code})
                )
        for column, rule in (("line", validate_line), ("name", validate_line), ("comment", validate_text)):
            try:
                rule(values.get(column, ""))
            except ValidationError as error:
                row_problems.append(Problem(number, column, " ".join(error.messages)))
        if not row_problems:
            key = (year, code, version)
            if key in seen:
                row_problems.append(
                    Problem(
                        number, "line", _("samma rad, år och version finns redan på rad %(row)s") % {"row": seen[key]}
                    )
                )
            seen[key] = number
        problems += row_problems
        if not row_problems:
            result.append(
                BudgetRow(number, year, code, name, category, intervention, version, amount, values.get("comment", ""))
            )
    if problems:
        raise ImportFailed(problems)
    return result
