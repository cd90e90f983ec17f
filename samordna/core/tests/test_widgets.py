"""Decimal comma and ISO dates in forms, whatever the browser's language (issue "The everyday experience" item 6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django import forms

from samordna.core.widgets import DecimalCommaField, IsoDateInput


class _Form(forms.Form):
    fte = DecimalCommaField(min_value=0, max_value=100, decimal_places=2)
    day = forms.DateField(widget=IsoDateInput())


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0,5", Decimal("0.5")), ("0.5", Decimal("0.5")), ("1\u00a0234,25", None), ("12,75", Decimal("12.75"))],
)
def test_decimal_comma_or_point(typed: str, value: Decimal | None) -> None:
    form = _Form({"fte": typed, "day": "2025-03-01"})
    if value is None:  # 1 234,25 is over the maximum 100: refused in Swedish, never read as 123425
        assert not form.is_valid() and "100" in form.errors["fte"][0]
        return
    assert form.is_valid(), form.errors
    assert form.cleaned_data["fte"] == value


@pytest.mark.parametrize("typed", ["0,5,5", "½", "1e3", "0,5 %", "--1"])
def test_not_a_number_is_refused(typed: str) -> None:
    form = _Form({"fte": typed, "day": "2025-03-01"})
    assert not form.is_valid() and form.errors["fte"]


def test_shown_with_a_comma_and_the_date_as_iso() -> None:
    html = str(_Form(initial={"fte": Decimal("0.5"), "day": dt.date(2025, 3, 1)}))
    assert 'value="0,5"' in html and 'inputmode="decimal"' in html and 'type="number"' not in html
    assert 'value="2025-03-01"' in html and 'type="text"' in html and 'placeholder="ÅÅÅÅ-MM-DD"' in html


@pytest.mark.parametrize("typed", ["03/01/2025", "2025-13-01", "1 mars 2025"])
def test_a_date_in_another_format_is_refused(typed: str, settings: Any) -> None:
    assert not _Form({"fte": "1", "day": typed}).is_valid()


@pytest.mark.django_db
def test_municipalities_in_swedish_order_with_their_code() -> None:
    from samordna.core.models import Municipality
    from samordna.core.widgets import MunicipalityChoiceField

    field = MunicipalityChoiceField(queryset=Municipality.objects.all())
    labels = [str(label) for value, label in field.choices if value != ""]
    names = [label.rsplit(" (", 1)[0] for label in labels]
    assert "Örebro (1880)" in labels and "Ale (1440)" in labels
    assert names.index("Ystad") < names.index("Åmål") < names.index("Älmhult") < names.index("Örebro")
    assert names.index("Västerås") < names.index("Ystad")
