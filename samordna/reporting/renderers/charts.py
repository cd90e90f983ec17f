"""Charts with matplotlib: SVG for pages, PNG for Word and PDF.

Figures are made with matplotlib's object API (`Figure`), never pyplot: pyplot keeps global state, which the
threads of one server process would share.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from samordna.reporting.renderers.safety import clean
from samordna.reporting.tables import format_number


def grouped_bars(
    *, categories: Sequence[str], series: dict[str, Sequence[float]], title: str, fmt: str, unit: str = "kr"
) -> bytes:
    """A horizontal grouped bar chart (one group per category, one bar per series) as SVG or PNG bytes."""
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
