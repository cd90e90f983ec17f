"""An indicator's small chart on its goal's page: a bar per year against the target as a flat dashed line.

Drawn by `core.barchart` (inline SVG with a title and description, `role="img"`, the figures as a table
beside it; presentation attributes only, no inline style) through its template `core/_bar_chart.html`.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from samordna.core.barchart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, BarChart, layout
from samordna.planning.models import Indicator, Unit
from samordna.planning.presentation import PERCENT_SIGN, number


def _text(indicator: Indicator, value: Decimal) -> str:
    return number(value.quantize(Decimal(1)) if indicator.unit == Unit.PERCENT else value) + (
        PERCENT_SIGN if indicator.unit == Unit.PERCENT else ""
    )


def indicator_chart(indicator: Indicator, values: list[tuple[int, Decimal | None]]) -> BarChart | None:
    """The chart of an indicator's values by year (on its target's scale: percent 0–100, or the count)."""
    if not values:
        return None
    target = indicator.target
    labels = [str(year) for year, _value in values]
    bars = [value for _year, value in values]
    percent = indicator.unit == Unit.PERCENT
    # The scale: 0–100 for a share (so a bar's height reads as its percent), else up to the target or the values.
    scale = Decimal(100) if percent else target
    chart = layout(
        key=f"indicator-{indicator.pk}",
        title=_("%(name)s per år") % {"name": indicator.name},
        description=_("Värdet per år som staplar%(target)s. Samma siffror finns i tabellen under diagrammet.")
        % {"target": _(" mot målvärdet som streckad linje") if target is not None else ""},
        labels=labels,
        values=bars,
        fmt=lambda v: _text(indicator, v),
        line=[scale] * len(labels) if scale is not None else None,
        bar_label=_("Värde"),
        line_label=_("Målvärde"),
        label_heading=_("År"),
    )
    if target is None:
        chart.line_points = ""
        return chart
    # A flat line across the chart at the target, on the bars' scale, and the target in the table's column.
    top = max([Decimal(1), scale or target, target, *(v for v in bars if v is not None)])
    y = HEIGHT - BOTTOM - float(max(target, Decimal(0)) / top) * (HEIGHT - TOP - BOTTOM)
    chart.line_points = f"{LEFT},{y:.1f} {WIDTH - RIGHT},{y:.1f}"
    chart.rows = [(label, value, _text(indicator, target)) for label, value, _ref in chart.rows]
    return chart
