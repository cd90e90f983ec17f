"""Charts: plain SVG for pages, HTML and PDF (`svg_charts`, no matplotlib), PNG with matplotlib for Word.

`grouped_bars(..., fmt="svg")` is what pages inline; `fmt="png"` (or any other matplotlib format) draws the same
chart with matplotlib, imported only then, so a server process that only shows pages never loads it.
Figures are made with matplotlib's object API (`Figure`), never pyplot: pyplot keeps global state, which the
threads of one server process would share.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.cache import caches

from samordna.reporting.renderers.safety import clean
from samordna.reporting.renderers.svg_charts import grouped_bars_svg
from samordna.reporting.tables import format_number

CHART_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class GroupedBars:
    """A grouped bar chart's figures, drawn when called with a format: a `Chart.draw` that can be pickled, so
    a report with charts can be cached (reporting.cache). Build it with `bars(...)`."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    title: str
    unit: str

    def __call__(self, fmt: str) -> bytes:
        if fmt == "svg":  # cheap: drawn for every page
            return self.draw(fmt)
        # matplotlib takes ~0.2–0.3 s a chart: a picture is kept by its content (so never out of date)
        key = f"samordna:chart:{fmt}:{hashlib.sha256(repr(self).encode()).hexdigest()}"
        cache = caches["default"]
        found = cache.get(key)
        if isinstance(found, bytes):
            return found
        drawn = self.draw(fmt)
        cache.set(key, drawn, CHART_CACHE_SECONDS)
        return drawn

    def draw(self, fmt: str) -> bytes:
        return grouped_bars(
            categories=self.categories,
            series={name: list(values) for name, values in self.series},
            title=self.title,
            fmt=fmt,
            unit=self.unit,
        )


def bars(
    *, categories: Sequence[object], series: Mapping[object, Sequence[float | None]], title: object, unit: object = "kr"
) -> GroupedBars:
    """A `GroupedBars` (texts made plain strings, so lazy translations are resolved now)."""
    return GroupedBars(
        tuple(str(c) for c in categories),
        tuple((str(name), tuple(values)) for name, values in series.items()),
        str(title),
        str(unit),
    )


def grouped_bars(
    *, categories: Sequence[str], series: dict[str, Sequence[float]], title: str, fmt: str, unit: str = "kr"
) -> bytes:
    """A horizontal grouped bar chart (one group per category, one bar per series) as SVG or PNG bytes."""
    if fmt == "svg":
        return grouped_bars_svg(categories=categories, series=series, title=title, unit=unit).encode()
    return matplotlib_bars(categories=categories, series=series, title=title, fmt=fmt, unit=unit)


def matplotlib_bars(
    *, categories: Sequence[str], series: dict[str, Sequence[float]], title: str, fmt: str, unit: str = "kr"
) -> bytes:
    """The grouped bar chart drawn by matplotlib (PNG for documents; SVG too, for comparison)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    categories, title = [clean(c) for c in categories], clean(title)
    series = {clean(label): values for label, values in series.items()}
    height = max(2.5, 0.6 * len(categories) * max(1, len(series)) / 1.6 + 1.2)
    figure = Figure(figsize=(8, height), dpi=110)
    axes = figure.subplots()
    bar = 0.8 / max(1, len(series))
    positions = range(len(categories))
    for index, (label, values) in enumerate(series.items()):
        axes.barh([p + index * bar for p in positions], list(values), height=bar, label=label)
    axes.set_yticks([p + bar * (len(series) - 1) / 2 for p in positions], list(categories))
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x).replace("\u00a0", " ")))
    axes.set_xlabel(unit)
    axes.set_title(title)
    if len(series) > 1:  # one series is named by the title
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12 * 2.5 / height - 0.08), ncol=len(series), frameon=False
        )
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None, bbox_inches="tight")
    return buffer.getvalue()
