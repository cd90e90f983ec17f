"""The report kinds `delarsrapport --year YYYY --until DATE` and `arsredovisning --year YYYY` (docs/contracts.md).

The period's draft in Samordna gives the written texts; without a draft, its latest frozen document is given as
it was adopted; without either, the document is made with empty texts. DOCX and PDF are the document; JSON lists
its sections and the figures in them (`documents.content`).
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.documents import assemble, selectors
from samordna.documents.models import DocumentKind
from samordna.documents.report import as_report
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.tables import Report


def parse_year(value: Any) -> int:
    """The year, or a Swedish ValidationError."""
    text = str(value or "").strip()
    if not (len(text) == 4 and text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ValidationError(_("Ange ett år (ÅÅÅÅ) för --year, inte ”%(v)s”.") % {"v": text[:20]})
    return int(text)


def parse_until(value: Any, year: int) -> dt.date:
    """The --until date in the year, or a Swedish ValidationError."""
    text = str(value or "").strip()
    try:
        until = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(_("Ange --until som ett datum (ÅÅÅÅ-MM-DD), inte ”%(v)s”.") % {"v": text[:20]}) from exc
    if until.year != year:
        raise ValidationError(_("Datumet %(d)s ligger inte i %(y)s.") % {"d": until.isoformat(), "y": year})
    return until


def document_report(association: Association, kind: str, year: int, until: dt.date) -> Report:
    """The document of a period as a report (see the module docstring)."""
    document = selectors.for_period(association, kind, year, until)
    if document is None:
        data = assemble.content(association=association, kind=kind, year=year, until=until)
    else:
        data = selectors.content(document)
    return as_report(data, association)


def build_interim(*, association: Association, options: dict[str, Any]) -> Report:
    """`delarsrapport --year --until`."""
    year = parse_year(options.get("year"))
    until = parse_until(options.get("until"), year)
    return document_report(association, DocumentKind.INTERIM, year, until)


def build_annual(*, association: Association, options: dict[str, Any]) -> Report:
    """`arsredovisning --year`."""
    year = parse_year(options.get("year"))
    return document_report(association, DocumentKind.ANNUAL, year, dt.date(year, 12, 31))


def register_kinds() -> None:
    """Add both kinds to the report registry (from DocumentsConfig.ready)."""

    def interim_args(parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")
        parser.add_argument("--until", required=True, help="periodens sista dag (ÅÅÅÅ-MM-DD)")

    def annual_args(parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="år (ÅÅÅÅ)")

    register(ReportKind("delarsrapport", _("Delårsrapporten som dokument"), interim_args, build_interim))
    register(ReportKind("arsredovisning", _("Årsredovisningen som dokument"), annual_args, build_annual))
