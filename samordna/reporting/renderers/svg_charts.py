"""Charts for pages as plain SVG, drawn in Python from the table data (no matplotlib, a millisecond a chart).

The SVG is what matplotlib draws for the documents (`charts.grouped_bars`), in the same shape: horizontal
grouped bars, the first category at the top, a value axis with Swedish numbers, the unit under it, a legend
when there is more than one series. A hidden count (None or NaN) gets no bar, as matplotlib leaves out NaN.

It holds no `style` attribute, no `<style>` element and no script: colours and fonts are SVG presentation
attributes, which the Content-Security-Policy does not govern, so pages need no `style-src-attr`. Each bar has a
`<title>` (category, series, value) that browsers show on hover; the page gives the whole chart `role="img"` and
a label (`reporting.pages.inline_svg`) and has the same figures in its tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from samordna.reporting.renderers.safety import clean
from samordna.reporting.tables import format_number

WIDTH = 720
FONT = 12
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart without red–green.
PALETTE = ("#1f5f9e", "#b35900", "#2b7a3d", "#7b3fa0", "#a8324a", "#4d5d6c")
MAX_LABEL_CHARS = 40


def _text(value: str) -> str:
    return escape(clean(value), quote=True)


def _number(value: float) -> str:
    """A Swedish number: whole when it is whole or large, else with one decimal (tick 2,5; 0,5 years)."""
    decimals = 0 if value == int(value) or abs(value) >= 100 else 1
    return format_number(value, decimals).replace("\u00a0", " ")


def _width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of `text` in a sans-serif font of `size` px."""
    return len(text) * size * 0.58


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _present(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at most `low` to at least `high` (0 always among them), about `count` steps."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def grouped_bars_svg(
    *, categories: Sequence[str], series: Mapping[str, Sequence[float | None]], title: str, unit: str = "kr"
) -> str:
    """A horizontal grouped bar chart (one group per category, one bar per series) as an SVG document."""
    labels = [_shorten(clean(c)) for c in categories]
    names = list(series)
    bar = 18.0 if len(names) == 1 else 13.0
    group = bar * max(1, len(names)) + 10
    values = [float(v) for vs in series.values() for v in vs if v is not None and _present(v)]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=0.0))
    left = min(280.0, max([_width(label) for label in labels] + [_width(_number(ticks[0])) / 2, 20.0]) + 16)
    right = WIDTH - 16 - _width(_number(ticks[-1])) / 2
    top = 44.0
    bottom = top + group * len(labels)
    span = ticks[-1] - ticks[0]

    def x(value: float) -> float:
        return left + (value - ticks[0]) / span * (right - left)

    legend_rows = _legend_rows(names)
    height = bottom + 44 + (22 * len(legend_rows) + 8 if len(names) > 1 else 0)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
        f'height="{height:.0f}" font-family="sans-serif" font-size="{FONT}" fill="#1a1a1a">',
        f"<title>{_text(title)}</title>",
        f'<text x="{WIDTH / 2:.1f}" y="24" text-anchor="middle" font-size="15" font-weight="bold">'
        f"{_text(title)}</text>",
    ]
    for tick in ticks:  # grid lines and the value axis
        at = x(tick)
        parts.append(
            f'<line x1="{at:.1f}" y1="{top - 4:.1f}" x2="{at:.1f}" y2="{bottom:.1f}" '
            f'stroke="{"#555555" if tick == 0 else "#d9d9d9"}" stroke-width="1"/>'
            f'<text x="{at:.1f}" y="{bottom + 16:.1f}" text-anchor="middle">{_text(_number(tick))}</text>'
        )
    parts.append(f'<text x="{(left + right) / 2:.1f}" y="{bottom + 34:.1f}" text-anchor="middle">{_text(unit)}</text>')
    zero = x(0.0)
    for row, label in enumerate(labels):
        y0 = top + row * group + 5
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y0 + bar * len(names) / 2 + FONT * 0.35:.1f}" text-anchor="end">'
            f"{_text(label)}</text>"
        )
        for index, name in enumerate(names):
            value = series[name][row]
            if not _present(value):
                continue
            assert value is not None
            start, end = sorted((zero, x(value)))
            tooltip = f"{clean(categories[row])}, {clean(name)}: {_number(value)}"
            parts.append(
                f'<rect x="{start:.1f}" y="{y0 + index * bar:.1f}" width="{max(end - start, 0.5):.1f}" '
                f'height="{bar - 1:.1f}" fill="{PALETTE[index % len(PALETTE)]}">'
                f"<title>{_text(tooltip)}</title></rect>"
            )
    if len(names) > 1:
        y = bottom + 58
        for line in legend_rows:
            total = sum(_width(clean(names[i])) + 34 for i in line)
            at = WIDTH / 2 - total / 2
            for i in line:
                parts.append(
                    f'<rect x="{at:.1f}" y="{y - 10:.1f}" width="14" height="12" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"/><text x="{at + 19:.1f}" y="{y:.1f}">'
                    f"{_text(names[i])}</text>"
                )
                at += _width(clean(names[i])) + 34
            y += 22
    parts.append("</svg>")
    return "".join(parts)


def _legend_rows(names: list[str]) -> list[list[int]]:
    """The series' indexes in legend lines that fit the width."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, name in enumerate(names):
        need = _width(clean(name)) + 34
        if rows[-1] and used + need > WIDTH - 40:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += need
    return rows
