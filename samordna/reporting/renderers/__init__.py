"""Renderers: one report, six formats. `render(report, fmt)` → bytes; `CONTENT_TYPES` and `EXTENSIONS` per format."""

from __future__ import annotations

from collections.abc import Callable

from samordna.reporting.renderers.csv import render_csv
from samordna.reporting.renderers.docx import render_docx
from samordna.reporting.renderers.html import render_html_document
from samordna.reporting.renderers.json import render_json
from samordna.reporting.renderers.pdf import render_pdf
from samordna.reporting.renderers.safety import clean_report
from samordna.reporting.renderers.xlsx import render_xlsx
from samordna.reporting.tables import Report

RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "json": render_json,
    "csv": render_csv,
    "xlsx": render_xlsx,
    "docx": render_docx,
    "pdf": render_pdf,
    "html": render_html_document,
}
FORMATS = ["json", "csv", "xlsx", "docx", "pdf"]
BINARY_FORMATS = {"xlsx", "docx", "pdf"}
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def render(report: Report, fmt: str) -> bytes:
    """The report in format `fmt` (json, csv, xlsx, docx, pdf, html), its texts without control characters.

    A report that makes some formats itself (a document kind: `own_formats` and `render_own(fmt)`) is asked for
    those; it cleans its own texts."""
    if fmt in getattr(report, "own_formats", ()):
        return report.render_own(fmt)  # type: ignore[attr-defined]
    return RENDERERS[fmt](report if fmt == "json" else clean_report(report))
