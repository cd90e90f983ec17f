"""Charts with matplotlib (Agg): SVG for pages, PNG for Word and PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from samordna.reports.tables import format_number  # noqa: E402


def grouped_bars(*, categories: Sequence[str], series: dict[str, Sequence[float]], title: str, fmt: str,
                 unit: str = "kr") -> bytes:
    """A horizontal grouped bar chart (one group per category, one bar per series) as SVG or PNG bytes."""
    height = max(2.5, 0.6 * len(categories) * max(1, len(series)) / 1.6 + 1.2)
    figure, axes = plt.subplots(figsize=(8, height), dpi=110)
    bar = 0.8 / max(1, len(series))
    positions = range(len(categories))
    for index, (label, values) in enumerate(series.items()):
        axes.barh([p + index * bar for p in positions], list(values), height=bar, label=label)
    axes.set_yticks([p + bar * (len(series) - 1) / 2 for p in positions], list(categories))
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_number(x).replace("\u00a0", " ")))
    axes.set_xlabel(unit)
    axes.set_title(title)
    axes.legend(loc="best")
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()
