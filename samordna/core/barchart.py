"""A tiny accessible bar chart as inline SVG, for the start page (no matplotlib, no inline style).

`layout` turns labelled values into rectangles and a reference line in a fixed viewBox; the template
`core/_bar_chart.html` draws them with a <title> and <desc>, role="img", and the same figures as a table, so
the chart is never the only place a number is. Coordinates are strings made here (a template would print a
float with the Swedish decimal comma). Colours are presentation attributes, which the Content-Security-Policy
allows (it forbids style attributes and <style>).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 360, 150
TOP, BOTTOM, LEFT, RIGHT = 8, 20, 4, 4


def _n(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    """One bar: its label and its rectangle (x, y, width, height as SVG numbers); no rectangle when no value."""

    label: str
    has_value: bool
    x: str
    y: str
    width: str
    height: str
    text_x: str


@dataclass
class BarChart:
    """What the template draws: bars, an optional reference line (SVG points) and the figures as text rows."""

    key: str
    title: str
    description: str
    bar_label: str
    line_label: str
    label_heading: str = ""
    bars: list[Bar] = field(default_factory=list)
    line_points: str = ""
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - 6


def layout(
    *,
    key: str,
    title: str,
    description: str,
    labels: list[str],
    values: list[Decimal | None],
    fmt: Callable[[Decimal], str],
    line: list[Decimal | None] | None = None,
    bar_label: str = "",
    line_label: str = "",
    label_heading: str = "",
) -> BarChart:
    """Place one bar per label (None: no bar) and a polyline through `line`, on one scale from zero."""
    line = line or [None] * len(labels)
    top = max([Decimal(1), *(v for v in values if v is not None), *(v for v in line if v is not None)])
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))

    def y_of(value: Decimal | None) -> float:
        if value is None:
            return HEIGHT - BOTTOM
        return HEIGHT - BOTTOM - float(max(value, Decimal(0)) / top) * plot_height

    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = LEFT + index * slot, y_of(value)
        bars.append(
            Bar(
                label=label,
                has_value=value is not None,
                x=_n(x + slot * 0.15),
                y=_n(y),
                width=_n(slot * 0.7),
                height=_n(HEIGHT - BOTTOM - y),
                text_x=_n(x + slot / 2),
            )
        )
    points = [f"{_n(LEFT + (i + 1) * slot)},{_n(y_of(v))}" for i, v in enumerate(line) if v is not None]
    return BarChart(
        key=key,
        title=title,
        description=description,
        bar_label=bar_label,
        line_label=line_label,
        label_heading=label_heading,
        bars=bars,
        line_points=" ".join([f"{LEFT},{HEIGHT - BOTTOM}", *points]) if points else "",
        rows=[
            (label, "–" if value is None else fmt(value), "–" if ref is None else fmt(ref))
            for label, value, ref in zip(labels, values, line, strict=True)
        ],
    )
