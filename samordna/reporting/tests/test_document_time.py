"""Documents print their time in Swedish time, the same in DOCX and PDF/HTML (issue "The everyday experience")."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.test import override_settings

from samordna.reporting.renderers.docx import render_docx
from samordna.reporting.renderers.html import document_html
from samordna.reporting.tables import Report


class _Association:
    name = "Förbundet"
    slug = "f"
    suppression_threshold = 5


@override_settings(TIME_ZONE="Europe/Stockholm")
def test_docx_and_html_show_the_same_swedish_time() -> None:
    at = dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in Stockholm (summer time)
    report = Report("x", "Rapport", _Association(), generated_at=at)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(report))).paragraphs)
    assert "2025-07-01 00:30" in text
    assert "2025-07-01 00:30" in document_html(report, with_charts=False)
