"""CSV import files: bytes → (row, cells) with the row a spreadsheet shows (header = row 1).

Encoding as `text.decode` (UTF-8, BOM allowed, else Windows-1252); delimiter `,` or `;` taken from the
header line; every field checked for control characters (NUL included) and for its size; a syntax error
(an unterminated quote, a stray quote) reported at its real row. Reading stops at the first syntax error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from samordna.core.imports.problems import ImportFailed, Problem, ProblemList
from samordna.core.imports.text import CONTROL, decode, describe_control

#: The longest field accepted, in characters.
MAX_FIELD = 10_000
# Let the csv module read any field an accepted upload can hold, so that an over-long field is refused by the
# check below with its row and column, not by the module's own limit (131 072) with the row alone.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


def _csv_message(error: csv.Error) -> str:
    """A Swedish message for one of the csv module's errors."""
    text = str(error)
    if text.startswith("field larger than field limit"):
        return _("ett fält är längre än %(max)s tecken") % {"max": MAX_FIELD}
    if "expected after" in text:
        return _('citattecken mitt i ett fält (sätt hela fältet inom citattecken och skriv "" för ")')
    if text.startswith("unexpected end of data"):
        return _("ett citattecken avslutas aldrig")
    if text.startswith("new-line character seen in unquoted field"):
        return _("radbrytning i ett fält utan citattecken")
    if text.startswith("line contains NUL"):
        return _("filen innehåller styrtecknet NUL (0x00)")
    return _("CSV-filen kan inte läsas (%(error)s)") % {"error": text}


def detect_delimiter(text: str) -> str:
    """`;` if the first line has more semicolons than commas, else `,`."""
    first = text[: text.find("\n")] if "\n" in text else text
    return ";" if first.count(";") > first.count(",") else ","


def iter_csv(
    data: bytes, *, problems: ProblemList, max_field: int = MAX_FIELD, header: list[str] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Rows as (row number, stripped cells), header included; problems go to `problems`.

    A row with a control character or an oversized field is recorded as a problem and skipped;
    a syntax error is recorded and ends the reading. `header` names columns in the messages (by default the
    file's own first row).
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=True)
    names = header
    row = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(Problem(row + 1, "", _csv_message(error)))
            return
        row += 1
        if row == 1 and names is None:
            names = [value.strip().lower() for value in values]
        bad = False
        for index, value in enumerate(values):
            column = names[index] if names and index < len(names) and names[index] else str(index + 1)
            if len(value) > max_field:
                problems.add(Problem(row, column, _("fältet är längre än %(max)s tecken") % {"max": max_field}))
                bad = True
            else:
                found = CONTROL.search(value)
                if found:
                    problems.add(
                        Problem(
                            row,
                            column,
                            _("fältet innehåller ett %(what)s") % {"what": describe_control(found.group())},
                        )
                    )
                    bad = True
        cells = [v.strip() for v in values]
        if row == 1 and names is None:
            names = [c.lower() for c in cells]
        if not bad:
            yield row, cells


def read_csv(data: bytes, *, max_field: int = MAX_FIELD) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased) and the non-empty rows as {column: value}; ImportFailed lists every problem."""
    problems = ProblemList()
    header: list[str] = []
    out: list[tuple[int, dict[str, str]]] = []
    for number, cells in iter_csv(data, problems=problems, max_field=max_field):
        if number == 1:
            header = [c.lower() for c in cells]
            for index, name in enumerate(header):
                if name and name in header[:index]:
                    problems.add(Problem(1, name, _("kolumnen finns två gånger")))
            continue
        if not any(cells):
            continue
        for index in range(len(header), len(cells)):
            if cells[index]:
                problems.add(Problem(number, str(index + 1), _("värde utanför rubrikerna")))
                break
        out.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    if problems:
        raise ImportFailed(problems)
    return header, out
