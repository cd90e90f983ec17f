"""Text safety for every file Samordna writes (XLSX, DOCX, CSV, PDF/HTML, the import template).

Two rules, one place:

* control characters are stripped (`clean`): Word and Excel files are XML, which cannot hold most of them, so
  one stored in an insats name would otherwise break the export; in CSV and PDF they are noise at best;
* text a spreadsheet could take for a formula (starting with = + - @, or a tab or carriage return before one)
  is neutralised (`neutralise` for CSV; `write_text` stores it in an XLSX cell as a plain string with Excel's
  quote prefix, so it is shown, never evaluated).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# C0 controls except tab, newline and carriage return; DEL and the C1 controls; lone surrogates; the two
# non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: Any) -> str:
    """`text` as a string without control characters (tab and line breaks stay)."""
    return _CONTROL.sub("", text if isinstance(text, str) else str(text))


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet might read `text` as a formula."""
    return text.startswith(DANGEROUS_PREFIXES)


def neutralise(text: Any) -> str:
    """Cleaned text, prefixed with an apostrophe when dangerous (OWASP's advice for CSV)."""
    cleaned = clean(text)
    return "'" + cleaned if is_dangerous(cleaned) else cleaned


def write_text(cell: Any, text: Any) -> None:
    """Put cleaned text in an openpyxl cell as a string, never a formula (quote prefix when dangerous)."""
    cleaned = clean(text)
    cell.value = cleaned
    if cleaned.startswith("="):  # openpyxl itself takes a value starting with = for a formula
        cell.data_type = "s"
    if is_dangerous(cleaned):
        cell.data_type = "s"
        cell.quotePrefix = True


def clean_value(value: Any) -> Any:
    """A cell value with control characters stripped when it is text; numbers and the rest unchanged."""
    return clean(value) if isinstance(value, str) else value


def clean_report(report: Any) -> Any:
    """A copy of a `Report` whose texts (title, paragraphs, sections, table titles, labels, text cells, notes) are
    cleaned.

    `render()` applies it before every format, so a control character stored anywhere never reaches a writer.
    The JSON body (`report.data`) is left as it is: JSON escapes control characters itself.
    """
    sections = [
        dataclasses.replace(
            part,
            title=clean(part.title),
            paragraphs=[clean(p) for p in part.paragraphs],
            tables=[_clean_table(t) for t in part.tables],
        )
        for part in report.sections
    ]
    charts = [dataclasses.replace(c, title=clean(c.title), description=clean(c.description)) for c in report.charts]
    return dataclasses.replace(
        report,
        title=clean(report.title),
        paragraphs=[clean(p) for p in report.paragraphs],
        tables=[_clean_table(t) for t in report.tables],
        charts=charts,
        sections=sections,
    )


def _clean_table(table: Any) -> Any:
    return dataclasses.replace(
        table,
        title=clean(table.title),
        columns=[dataclasses.replace(c, label=clean(c.label), group=clean(c.group)) for c in table.columns],
        rows=[dataclasses.replace(row, cells={k: clean_value(v) for k, v in row.cells.items()}) for row in table.rows],
        notes=[clean(n) for n in table.notes],
    )
