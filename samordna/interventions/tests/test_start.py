"""The insatser's notices on the admin's start page: past their end date yet running, and ending soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.interventions.models import Intervention, Status
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


def test_the_running_insatser_counted_are_those_the_insats_list_shows_the_user(cast: Cast, client_for: Any) -> None:
    url = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    listing = reverse("interventions:list", kwargs={"association": cast.a.association.slug})
    counted = {}
    for role in (Role.ADMIN, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        client = client_for(role)
        shown = client.get(listing).context["object_list"]
        counted[role] = len([i for i in shown if i.status != Status.ENDED])
        page = client.get(url).content.decode()
        assert f'<span class="figure">{counted[role]}</span> pågående insatser' in page, role
    assert counted[Role.REGISTRAR] < counted[Role.ADMIN]  # insats staff see their own insatser only
