"""The pages' SVG charts (issue #19 item 1): drawn without matplotlib, hidden counts left out, no inline style."""

from __future__ import annotations

import math
import re
import sys
import xml.etree.ElementTree as ET

from samordna.reporting.pages import inline_svg
from samordna.reporting.renderers.charts import grouped_bars
from samordna.reporting.renderers.svg_charts import grouped_bars_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**series: list[float | None]) -> ET.Element:
    text = grouped_bars_svg(
        categories=["19–24 år", "25–29 år", "30 år <och> äldre"], series=series, title="Ålder & kön", unit="antal"
    )
    return ET.fromstring(text.encode())


def _bars(root: ET.Element) -> list[str]:
    """The tooltip of every bar (legend swatches have none)."""
    return [t.text or "" for r in root.iter(f"{SVG}rect") for t in r.iter(f"{SVG}title")]


def test_one_bar_per_value_and_a_hidden_count_has_none() -> None:
    root = _chart(Kvinnor=[12, None, 30], Män=[3, 8, math.nan])
    assert _bars(root) == [
        "19–24 år, Kvinnor: 12",
        "19–24 år, Män: 3",
        "25–29 år, Män: 8",
        "30 år <och> äldre, Kvinnor: 30",
    ]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Ålder & kön" in texts and "antal" in texts and "Kvinnor" in texts and "Män" in texts  # title, unit, legend
    assert root.find(f"{SVG}title").text == "Ålder & kön"  # type: ignore[union-attr]


def test_longer_bars_for_larger_values_and_one_series_has_no_legend() -> None:
    root = _chart(Avslutade=[5, 20, 10])
    widths = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 3 and widths[1] == max(widths) and widths[0] < widths[2] < widths[1]
    assert "Avslutade" not in [t.text for t in root.iter(f"{SVG}text")]


def test_no_inline_style_and_nothing_executable() -> None:
    text = grouped_bars_svg(
        categories=['<script>alert(1)</script>"'], series={"a\x07": [1.0], "b": [2.0]}, title="x", unit="kr"
    )
    assert "<script" not in text and "style" not in text and "\x07" not in text
    assert re.search(r"\son\w+=", text) is None
    ET.fromstring(text.encode())  # well-formed


def test_all_hidden_and_negative_values_still_draw() -> None:
    assert _bars(_chart(Kvinnor=[None, None, None])) == []
    root = _chart(Budget=[-1500, 2000, 0])
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.text and re.fullmatch(r"-?[\d ]+", t.text)]
    assert "-2 000" in ticks and "2 000" in ticks and "0" in ticks


def test_nice_ticks() -> None:
    assert nice_ticks(0, 37) == [0, 10, 20, 30, 40]
    assert nice_ticks(0, 9) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(-3, 1) == [-3, -2, -1, 0, 1]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1]


def test_pages_get_svg_without_matplotlib_and_documents_get_png() -> None:
    svg = grouped_bars(categories=["a"], series={"x": [1.0]}, title="t", fmt="svg", unit="kr")
    inlined = inline_svg(svg, 1, "Stapeldiagram: t")
    assert inlined.startswith('<svg role="img" aria-label="Stapeldiagram: t"')
    png = grouped_bars(categories=["a"], series={"x": [1.0]}, title="t", fmt="png", unit="kr")
    assert png.startswith(b"\x89PNG") and "matplotlib" in sys.modules
