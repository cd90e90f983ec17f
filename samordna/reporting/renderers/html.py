"""HTML: pages include `reporting/table.html`; the standalone document (also for PDF) is `reporting/document.html`."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from samordna.reporting.tables import Report


def document_html(report: Report, *, with_charts: bool = True) -> str:
    """The whole report as one HTML document (charts as embedded PNG images)."""
    charts = (
        [
            {"title": c.title, "description": c.description, "png": base64.b64encode(c.draw("png")).decode()}
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
