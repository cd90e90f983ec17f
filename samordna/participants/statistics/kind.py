"""`samordna report participants --from DATE --to DATE [--intervention CODE]... [--publish] [--age-bands …]
[--support-years-bands …]` (docs/contracts.md): the participants report kind in the report registry."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS
from samordna.participants.statistics.document import participants_report
from samordna.reporting.registry import ReportKind, register
from samordna.reporting.tables import Report


def parse_date(value: Any, what: str) -> dt.date:
    """An ISO date (ÅÅÅÅ-MM-DD), or a Swedish ValidationError naming the option."""
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            _("%(what)s: ”%(value)s” är inte ett datum (ÅÅÅÅ-MM-DD).") % {"what": what, "value": value}
        ) from exc


def add_arguments(parser: ArgumentParser) -> None:
    """The kind's own options."""
    parser.add_argument("--from", dest="date_from", required=True, help="periodens första dag (ÅÅÅÅ-MM-DD)")
    parser.add_argument("--to", dest="date_to", required=True, help="periodens sista dag (ÅÅÅÅ-MM-DD)")
    parser.add_argument(
        "--intervention",
        action="append",
        default=[],
        metavar="CODE",
        help="insatskod (kan upprepas); utan den alla insatser",
    )
    parser.add_argument(
        "--publish", action="store_true", help="publicerad version: små antal och det som kan avslöja dem döljs"
    )
    parser.add_argument("--age-bands", dest="age_bands", default=DEFAULT_AGE_BANDS, help="t.ex. 19-30,31-50,51-64")
    parser.add_argument(
        "--support-years-bands",
        dest="support_years_bands",
        default=DEFAULT_SUPPORT_YEARS_BANDS,
        help="t.ex. 1-3,4-7,8-",
    )


def build(*, association: Association, options: dict[str, Any]) -> Report:
    """Build from CLI options (internal unless --publish)."""
    return participants_report(
        association=association,
        date_from=parse_date(options["date_from"], "--from"),
        date_to=parse_date(options["date_to"], "--to"),
        interventions=options.get("intervention") or None,
        age_bands=options.get("age_bands") or DEFAULT_AGE_BANDS,
        support_years_bands=options.get("support_years_bands") or DEFAULT_SUPPORT_YEARS_BANDS,
        publish=bool(options.get("publish")),
    )


def register_kind() -> None:
    """Add `participants` to the report registry."""
    register(ReportKind("participants", _("Deltagarstatistik för en period"), add_arguments, build))
