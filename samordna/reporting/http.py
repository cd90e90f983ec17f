"""Serving a report from a page: `?format=xlsx` (csv, docx, pdf, json) on any report page downloads it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

from samordna.reporting.renderers import CONTENT_TYPES, FORMATS, render
from samordna.reporting.tables import Report


def wanted_format(params: Mapping[str, Any]) -> str | None:
    """The export format asked for (`format` in a query string or a posted form), if it is one we make."""
    fmt = params.get("format", "")
    return fmt if fmt in FORMATS else None


def export_response(
    report: Report, fmt: str, filename: str | None = None, content: bytes | None = None
) -> HttpResponse:
    """An attachment response with the report in `fmt` (`content`: the file already rendered, e.g. cached)."""
    response = HttpResponse(render(report, fmt) if content is None else content, content_type=CONTENT_TYPES[fmt])
    name = slugify(filename or report.title) or report.kind
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
