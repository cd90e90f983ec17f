"""The nasty-input corpus through the application form and API: never a 500, a Swedish message, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samordna.governance.models import Application
from samordna.testing import nasty
from samordna.testing.cast import Cast

Clients = Callable[[str], Client]


def _form(cast: Cast, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Ansökan",
        "applicants": [str(cast.a.kommun.pk)],
        "received_on": "2024-09-26",
        "orientation": "individinriktad",
        "start_year": "2025",
        "end_year": "2026",
        "amounts": "2025: 1",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("key", sorted(nasty.AMOUNTS_PER_YEAR))
def test_form_refuses_every_nasty_amount(cast: Cast, client_for: Clients, key: str) -> None:
    url = reverse("applications:create", kwargs={"association": cast.a.association.slug})
    response = client_for("admin").post(url, _form(cast, amounts=nasty.AMOUNTS_PER_YEAR[key]))
    assert response.status_code == 200, key
    assert "Formuläret innehåller fel" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("key", sorted(nasty.NUMBERS))
def test_form_refuses_or_takes_nasty_numbers(cast: Cast, client_for: Clients, key: str) -> None:
    url = reverse("applications:create", kwargs={"association": cast.a.association.slug})
    for field in ("amounts", "start_year"):
        value = f"2025: {nasty.NUMBERS[key]}" if field == "amounts" else nasty.NUMBERS[key]
        response = client_for("admin").post(url, _form(cast, **{field: value}))
        assert response.status_code in (200, 302), (key, field)
        if response.status_code == 302:  # "-0" is 0 kronor: a whole, non-negative amount
            assert key == "negative_zero" and field == "amounts"
            Application.objects.all().delete()
        else:
            assert not Application.objects.exists()


@pytest.mark.parametrize("key", sorted(nasty.TEXT))
def test_text_fields_refuse_or_keep_nasty_text(cast: Cast, client_for: Clients, key: str) -> None:
    url = reverse("applications:create", kwargs={"association": cast.a.association.slug})
    value = nasty.TEXT[key]
    response = client_for("admin").post(url, _form(cast, name=value or "x", purpose=value, contact_name=value))
    assert response.status_code in (200, 302), key
    if response.status_code == 302:
        application = Application.objects.get()
        assert application.purpose == value.strip() or application.purpose == value


@pytest.mark.parametrize("key", sorted(nasty.AMOUNTS_PER_YEAR))
def test_api_refuses_every_nasty_amount(cast: Cast, client_for: Clients, key: str) -> None:
    text = nasty.AMOUNTS_PER_YEAR[key]
    year, _sep, amount = text.partition(":")
    payload = {"name": "X", "applicants": ["region"], "orientation": "individinriktad", "start_year": 2025,
               "end_year": 2026, "amounts": {year.strip(): amount.strip()}}  # fmt: skip
    if key == "year_twice":
        payload["amounts"] = {"2025": 1, "2025.0": 2}
    response = client_for("admin").post(
        f"/api/v1/associations/{cast.a.association.slug}/applications/", payload, content_type="application/json"
    )
    assert response.status_code == 400, (key, response.content)
    assert not Application.objects.exists()
