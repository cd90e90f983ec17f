"""JSON: the report's contract body (docs/contracts.md, "Report JSON"), UTF-8, indented."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from samordna.reporting.tables import Report, json_number


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render_json(report: Report) -> bytes:
    """The JSON body as bytes."""
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=_default).encode() + b"\n"
