"""Put a document together: its written texts and the generated sections of the period, as content data.

`content(...)` returns the JSON-able dict described in `documents.content` (`documents.report` wraps it as a
report of the kit). A period without any ledger in its year is refused with what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.models import Association
from samordna.documents.content import table_data
from samordna.documents.models import DocumentKind
from samordna.documents.sources import Part, Period
from samordna.documents.structure import SPECS
from samordna.finance import selectors as finance
from samordna.reporting.periods import MONTHS

NO_TEXT = gettext_lazy("Ingen text är skriven ännu.")


def default_title(kind: str, year: int, until: dt.date) -> str:
    """ "Delårsrapport januari–augusti 2024" or "Årsredovisning 2024"."""
    if kind == DocumentKind.ANNUAL:
        return _("Årsredovisning %(y)s") % {"y": year}
    return _("Delårsrapport januari–%(m)s %(y)s") % {"m": MONTHS[until.month - 1], "y": year}


def check_period(association: Association, kind: str, year: int, until: dt.date) -> None:
    """Refuse (Swedish ValidationError) a period outside its year, or a year without any ledger."""
    if until.year != year:
        raise ValidationError(_("Datumet %(d)s ligger inte i %(y)s.") % {"d": until.isoformat(), "y": year})
    if kind == DocumentKind.ANNUAL and until != dt.date(year, 12, 31):
        raise ValidationError(_("En årsredovisning gäller hela året, till och med 31 december."))
    if kind == DocumentKind.INTERIM and until == dt.date(year, 12, 31):
        raise ValidationError(_("En delårsrapport slutar före årets sista dag; för helåret gör du en årsredovisning."))
    booked = finance.booked_until(association=association, year=year)
    has_balances = bool(finance.balances(association=association, years=[year]))
    if booked is None and not has_balances:
        raise ValidationError(
            _(
                "Det finns ingen bokföring för %(y)s. Importera huvudboken (CSV) eller en SIE-fil för %(y)s under "
                "Ekonomi → Bokföring; sedan kan dokumentet tas fram."
            )
            % {"y": year}
        )


def _period_note(association: Association, year: int, until: dt.date) -> str:
    booked = finance.booked_until(association=association, year=year)
    if booked is not None and booked < until:
        return _("Bokföringen för %(y)s går till och med %(d)s; senare händelser syns inte i siffrorna.") % {
            "y": year,
            "d": booked.isoformat(),
        }
    return ""


@dataclass
class Meta:
    """The document's own facts (draft or frozen)."""

    title: str = ""
    status: str = "utkast"
    adopted_on: str | None = None
    decision: str = ""
    texts: dict[str, str] = field(default_factory=dict)


def content(
    *, association: Association, kind: str, year: int, until: dt.date, meta: Meta | None = None
) -> dict[str, Any]:
    """The document of a period as data (see `documents.content`); ValidationError for a period it refuses."""
    check_period(association, kind, year, until)
    meta = meta or Meta()
    period = Period(association, year, until)
    sections: list[dict[str, Any]] = []
    for spec in SPECS[kind]:
        text = meta.texts.get(spec.key, str(spec.default)) if spec.text else ""
        part = spec.source(period) if spec.source is not None else Part()
        source = "both" if spec.text and spec.source else ("text" if spec.text else "generated")
        empty = part.empty
        if spec.text and not spec.source and not text.strip():
            empty = str(NO_TEXT)
        sections.append(
            {
                "key": spec.key,
                "title": str(spec.title),
                "level": spec.level,
                "source": source,
                "text": text,
                "paragraphs": [str(p) for p in part.paragraphs],
                "tables": [table_data(t) for t in part.tables],
                "empty": str(empty),
            }
        )
    note = _period_note(association, year, until)
    return {
        "kind": kind,
        "title": meta.title or default_title(kind, year, until),
        "association": association.slug,
        "association_name": association.name,
        "year": year,
        "until": until.isoformat(),
        "status": meta.status,
        "adopted_on": meta.adopted_on,
        "decision": meta.decision,
        "notes": [note] if note else [],
        "sections": sections,
    }
