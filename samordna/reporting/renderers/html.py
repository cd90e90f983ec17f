"""HTML: pages include `reporting/table.html`; the standalone document (also for PDF) is `reporting/document.html`."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from samordna.reporting.tables import Report


def document_html(report: Report, *, with_charts: bool = True) -> str:
    """The whole report as one HTML document (charts as embedded SVG images, also in the PDF).

    The charts are the pages' own SVG (`svg_charts`, a millisecond each), not matplotlib's PNG: WeasyPrint draws
    SVG as vectors, so the PDF's charts are sharp at any zoom and a PDF needs no matplotlib (0.3 s a chart).
    """
    charts = (
        [
            {"title": c.title, "description": c.description, "svg": base64.b64encode(c.draw("svg")).decode()}
            for c in report.charts
        ]
        if with_charts
        else []
    )
    with translation.override("sv"):
        return render_to_string("reporting/document.html", {"report": report, "charts": charts})


def render_html_document(report: Report) -> bytes:
    """The standalone HTML document as bytes."""
    return document_html(report).encode()
