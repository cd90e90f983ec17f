"""The insatser's notices on the admin's start page: past their end date yet running, and ending soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.interventions.models import Intervention
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_an_insats_past_its_end_date_and_one_ending_soon_are_pointed_out_to_admins(cast: Cast, client_for: Any) -> None:
    today = dt.date.today()
    Intervention.objects.filter(pk=cast.a.intervention.pk).update(end=today - dt.timedelta(days=3))
    Intervention.objects.filter(pk=cast.a.other_intervention.pk).update(end=today + dt.timedelta(days=20))
    url = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    page = client_for(Role.ADMIN).get(url).content.decode()
    past = today - dt.timedelta(days=3)
    assert f"{cast.a.intervention} slutade {past.isoformat()} men är inte markerad som avslutad." in page
    assert f"{cast.a.other_intervention} slutar {(today + dt.timedelta(days=20)).isoformat()}." in page
    assert "slutade" not in client_for(Role.VIEWER).get(url).content.decode()
