"""Small parsers shared by the finance imports: amounts as a förbund's tables print them, dates, CSV dialects."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


@dataclass(frozen=True)
class Problem:
    """One problem in an import file: row as a spreadsheet shows it (header = row 1), column, message."""

    row: int | None
    column: str
    message: str
    column_word: str = "kolumn"  # "post" for a SIE record label

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            where.append(f"{self.column_word} {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """An import refused: every problem found, nothing written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def parse_amount(text: str) -> Decimal:
    """'-1 944 000', '−1944000', '1944000,50', '1 045 924 kr' → Decimal. Raises ValueError with a Swedish message."""
    value = _SPACES.sub("", text or "").replace("\u2212", "-").replace("\u2013", "-")
    if value.lower().endswith("kr"):
        value = value[:-2]
    value = value.replace(",", ".")
    if not _AMOUNT.match(value):
        raise ValueError(_("ogiltigt belopp ”%(value)s” (skriv t.ex. -1944000 eller 1 045 924)") % {"value": text})
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards
        raise ValueError(_("ogiltigt belopp ”%(value)s”") % {"value": text}) from exc


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD or YYYYMMDD → date. Raises ValueError with a Swedish message."""
    value = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("ogiltigt datum ”%(value)s” (skriv ÅÅÅÅ-MM-DD)") % {"value": text})


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed), falling back to Windows-1252 for files saved by older Excel."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased, stripped) and rows with their spreadsheet row numbers; `,` or `;` detected."""
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        return [], []
    header = [h.strip().lower() for h in rows[0]]
    out: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        out.append((number, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}))
    return header, out
