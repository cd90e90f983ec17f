"""The participants report as a renderer-neutral `tables.Report`: internal or published, with charts.

`participants_report(...)` is the one entry point pages, exports and `samordna report participants` use:
it builds the report dict (builder.py), suppresses it when published (publish.py) and turns it into
tables (presentation.py) and charts. Viewers' pages and every published export go through `publish=True`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from samordna.core.models import Association
from samordna.interventions.models import Intervention
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS, band_label
from samordna.participants.statistics.builder import build_participant_report
from samordna.participants.statistics.presentation import participant_tables
from samordna.participants.statistics.publish import publish as publish_report
from samordna.reporting.tables import Chart, Column, Kind, Report, Row, RowStyle, Table

HEAD_KEYS = ("association", "generated_at")
MOST_COMPARED = 20  # insatser in the comparison chart; the table lists every one


def _value(value: Any) -> float:
    """A chart value: a hidden count (None) is NaN, which gets no bar (in the page SVG and in matplotlib)."""
    return math.nan if value is None else float(value)


def _table(source: dict[str, Any], published: bool) -> Table:
    columns = [Column(c["key"], c["label"], Kind(c["kind"]), decimals=1) for c in source["columns"]]
    table = Table(source["title"], columns, notes=list(source["notes"]), key=source["key"])
    for row in source["rows"]:
        hidden = frozenset(row["hidden"]) if published else frozenset()
        table.rows.append(Row(row["cells"], RowStyle(row["style"]), hidden))
    return table


def _charts(data: dict[str, Any], published: bool) -> list[Chart]:
    from samordna.reporting.renderers.charts import bars

    note = _("Dolda värden (för få för att visas) saknar stapel.") if published else ""
    charts = []
    reasons = [r for r in data["end_reasons"] if r["count"] != 0]
    if reasons:
        categories = [f"{r['code']} {r['label']}" for r in reasons]
        series = {_("Avslutade"): [_value(r["count"]) for r in reasons]}
        charts.append(
            Chart(
                _("Avslutsanledningar"),
                bars(categories=categories, series=series, title=_("Avslutsanledningar"), unit=_("antal")),
                note,
            )
        )
    ages = data["age_bands"]
    if any(r["all"] for r in ages):
        categories = [band_label(r["band"]) for r in ages]
        series = {_("Kvinnor"): [_value(r["women"]) for r in ages], _("Män"): [_value(r["men"]) for r in ages]}
        charts.append(
            Chart(
                _("Deltagare per åldersgrupp"),
                bars(categories=categories, series=series, title=_("Deltagare per åldersgrupp"), unit=_("antal")),
                note,
            )
        )
    interventions, title = data["interventions"], _("Jämförelse mellan insatser")
    if len(interventions) > MOST_COMPARED:  # a chart of hundreds of bars says nothing (and takes a minute to draw)
        interventions = sorted(interventions, key=lambda r: -(r["participants"]["all"] or 0))[:MOST_COMPARED]
        title = _("Jämförelse mellan insatser (de %(n)s med flest deltagare)") % {"n": MOST_COMPARED}
    if len(interventions) > 1:
        categories = [r["name"] for r in interventions]
        series = {
            _("Deltagare"): [_value(r["participants"]["all"]) for r in interventions],
            _("Nya"): [_value(r["new"]) for r in interventions],
            _("Avslutade"): [_value(r["ended"]) for r in interventions],
        }
        charts.append(Chart(title, bars(categories=categories, series=series, title=title, unit=_("antal")), note))
    return charts


def participants_report(
    *,
    association: Association,
    date_from: dt.date,
    date_to: dt.date,
    interventions: Iterable[Intervention | str] | None = None,
    age_bands: str | Iterable[Any] = DEFAULT_AGE_BANDS,
    support_years_bands: str | Iterable[Any] = DEFAULT_SUPPORT_YEARS_BANDS,
    publish: bool = True,
) -> Report:
    """The participants report for one förbund: published (suppressed) unless `publish=False`."""
    data = build_participant_report(
        association=association,
        date_from=date_from,
        date_to=date_to,
        interventions=interventions,
        age_bands=age_bands,
        support_years_bands=support_years_bands,
    )
    if publish:
        data = publish_report(data, association.suppression_threshold)
    period = f"{format_date(date_from)}–{format_date(date_to)}"
    title = _("Deltagarstatistik %(period)s") % {"period": period}
    return as_report(association=association, data=data, title=title, published=publish)


@dataclass(frozen=True)
class AllAssociations:
    """Stands for "every förbund" where a report names its förbund (the national report of the operator)."""

    name: str
    slug: str
    suppression_threshold: int


def national_participants_report(*, date_from: dt.date, date_to: dt.date) -> Report:
    """The published participants report of every förbund together (for the install's operator).

    Always published: the operator holds no role in a förbund, so no internal figure leaves one. Counts under
    the highest small-count threshold of any förbund are hidden, with what could reveal them.
    """
    threshold = Association.objects.aggregate(k=Max("suppression_threshold"))["k"] or 5
    data = publish_report(build_participant_report(association=None, date_from=date_from, date_to=date_to), threshold)
    everyone = AllAssociations(_("Alla förbund"), "alla", threshold)
    period = f"{format_date(date_from)}–{format_date(date_to)}"
    title = _("Deltagarstatistik, alla förbund, %(period)s") % {"period": period}
    return as_report(association=everyone, data=data, title=title, published=True)  # type: ignore[arg-type]


def as_report(*, association: Association, data: dict[str, Any], title: str, published: bool) -> Report:
    """A report dict (internal, or published with hidden counts None) as tables, charts and paragraphs."""
    publish = published
    body = {k: v for k, v in data.items() if k not in HEAD_KEYS}
    report = Report(
        kind="participants",
        title=title,
        association=association,
        data=body,
        tables=[_table(t, publish) for t in participant_tables(data)],
        charts=_charts(data, publish),
        published=publish,
    )
    if data.get("filters", {}).get("interventions"):
        report.paragraphs.append(_("Insatser: %(codes)s.") % {"codes": ", ".join(data["filters"]["interventions"])})
    if publish:
        report.paragraphs.append(
            _(
                "Publicerad version: antal från 1 till %(k)s visas som –, liksom de tal som annars skulle avslöja "
                "dem (%(n)s dolda tal)."
            )
            % {"k": association.suppression_threshold - 1, "n": data["suppression"]["hidden_cells"]}
        )
    else:
        report.paragraphs.append(_("Intern version med alla antal. Får inte publiceras."))
    return report


def format_date(value: dt.date) -> str:
    """ISO date (the Swedish standard form)."""
    return value.isoformat()
