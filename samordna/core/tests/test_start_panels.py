"""The start-panel registry (core.dashboard) and the start page's bar chart (core.barchart)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from samordna.core import dashboard
from samordna.core.barchart import layout
from samordna.core.choices import Role
from samordna.core.dashboard import Notice, StartContext, StartPanel
from samordna.testing.cast import Cast


def test_chart_coordinates_are_plain_numbers_and_the_figures_are_text() -> None:
    chart = layout(
        key="c",
        title="Kostnader",
        description="Beskrivning",
        labels=["jan", "feb", "mar"],
        values=[Decimal(100), Decimal("250.5"), None],
        line=[Decimal(120), Decimal(240), Decimal(360)],
        fmt=lambda v: f"{v} kr",
    )
    assert [b.has_value for b in chart.bars] == [True, True, False]
    for bar in chart.bars:
        for value in (bar.x, bar.y, bar.width, bar.height):
            assert re.fullmatch(r"-?\d+\.\d", value)
    assert float(chart.bars[1].y) < float(chart.bars[0].y)  # higher value, higher bar
    assert float(chart.bars[0].height) > 0 and chart.bars[2].height == "0.0"
    assert chart.rows == [("jan", "100 kr", "120 kr"), ("feb", "250.5 kr", "240 kr"), ("mar", "–", "360 kr")]
    svg = render_to_string("core/_bar_chart.html", {"chart": chart})
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Kostnader</title>' in svg and "<polyline" in svg
    assert "style" not in svg.split("</svg>")[0] and svg.count("<rect") == 2


def test_a_panel_must_name_a_known_area() -> None:
    with pytest.raises(ValueError):
        StartPanel("x", "", frozenset({Role.ADMIN}), lambda context: None, area="sidebar")


@pytest.fixture
def extra_panels() -> Any:
    saved = dict(dashboard._PANELS)
    yield
    dashboard._PANELS.clear()
    dashboard._PANELS.update(saved)


def test_hidden_panels_notices_and_row_level(cast: Cast, client_for: Any, extra_panels: None) -> None:
    seen: list[StartContext] = []

    def notice(context: StartContext) -> list[Notice]:
        seen.append(context)
        return [Notice("Något att göra.", "/f/alfa/insatser/")]

    dashboard.register(StartPanel("t-hidden", "missing.html", frozenset({Role.VIEWER}), lambda c: None))
    dashboard.register(StartPanel("t-notice", "", frozenset({Role.VIEWER}), notice, area="attention"))
    dashboard.register(
        StartPanel("t-rows", "core/_start_imports.html", frozenset({Role.REGISTRAR}), lambda c: {}, row_level=True)
    )
    url = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    viewer = client_for(Role.VIEWER).get(url)
    assert viewer.status_code == 200
    assert 'href="/f/alfa/insatser/">Något att göra.</a>' in viewer.content.decode()
    assert "no-store" not in viewer.get("Cache-Control", "")
    assert seen[0].user == cast.user(Role.VIEWER) and seen[0].roles == frozenset({Role.VIEWER})
    assert seen[0].today == dt.date.today() or abs((seen[0].today - dt.date.today()).days) <= 1
    registrar = client_for(Role.REGISTRAR).get(url)
    assert "no-store" in registrar["Cache-Control"]
    assert "Något att göra." not in registrar.content.decode()
