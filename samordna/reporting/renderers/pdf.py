"""PDF: WeasyPrint renders the same HTML document as the `html` format (A4 landscape, page numbers)."""

from __future__ import annotations

from samordna.reporting.renderers.html import document_html
from samordna.reporting.tables import Report


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML  # imported here: loading WeasyPrint (Pango) is slow and only needed for PDF

    return HTML(string=document_html(report)).write_pdf()
