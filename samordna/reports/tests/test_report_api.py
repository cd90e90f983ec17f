"""The report API hands out published figures only, from the publications, to admins and viewers.

Only a fixed period, all insatser or one, and the förbund's bands: anything else is a 400 that says what is
allowed; a period without a publication is a 404 that says so.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samordna.core.choices import Role
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod
from samordna.reports.tests import seed002


@pytest.fixture
def seed(cast: Any) -> seed002.Seed002:
    built = seed002.build(cast.a.association)
    release_publication(association=built.association, period=FixedPeriod.whole_year(2017), acting_user=None)
    return built


def url(slug: str) -> str:
    return reverse("report-participants-list", kwargs={"association": slug})


@pytest.mark.parametrize("role", [Role.ADMIN, Role.VIEWER])
def test_published_for_every_allowed_role(seed: seed002.Seed002, client_for: Any, role: str) -> None:
    response = client_for(role).get(
        url(seed.association.slug), {"from": "2017-01-01", "to": "2017-12-31"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["participants"] == {"all": 119, "women": 75, "men": 44, "other": 0}
    assert body["suppression"]["hidden_cells"] > 0
    small = [r for r in body["end_reasons"] if r["count"] is None]
    assert small, "the seed's small end-reason counts must be hidden"
    # Asking for the internal version changes nothing: the API has none.
    again = client_for(role).get(
        url(seed.association.slug), {"from": "2017-01-01", "to": "2017-12-31", "version": "intern", "publish": "0"}
    )
    assert again.json()["end_reasons"] == body["end_reasons"]


def test_token_authentication(seed: seed002.Seed002, cast: Any) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.user(Role.VIEWER))
    response = Client().get(
        url(seed.association.slug), {"from": "2017-01-01", "to": "2017-12-31"}, HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    assert response.json()["totals"]["new"]["all"] == 50


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2017-02-30", "to": "2017-12-31"}, "inte ett datum"),
        ({"from": "2017-12-31", "to": "2017-01-01"}, "fasta perioder"),
        ({"from": "2017-01-01", "to": "2017-12-31", "intervention": "finns-inte"}, "Okänd insats"),
        ({"from": "2017-01-01", "to": "2017-12-31", "age_bands": "30-19"}, "fasta grupper"),
        ({"from": "2017-01-01", "to": "2017-12-30"}, "fasta perioder"),
        ({"from": "2017-03-01", "to": "2017-06-30"}, "fasta perioder"),
        ({"from": "2017-01-01", "to": "2017-12-31", "age_bands": "19-32,33-64"}, "fasta grupper"),
        ({"from": "2017-01-01", "to": "2017-12-31", "intervention": ["FNS", "HS"]}, "en insats i taget"),
    ],
)
def test_bad_parameters_are_a_400_in_swedish(
    seed: seed002.Seed002, client_for: Any, params: dict[str, str], message: str
) -> None:
    response = client_for(Role.ADMIN).get(url(seed.association.slug), params)
    assert response.status_code == 400
    assert message in str(response.json())


def test_other_forbund_and_roles(seed: seed002.Seed002, client_for: Any, cast: Any) -> None:
    assert client_for("admin_b").get(url(seed.association.slug)).status_code == 404
    for role in (Role.REGISTRAR, Role.INTERVENTION_MANAGER):
        assert client_for(role).get(url(seed.association.slug)).status_code == 403
    assert Client().get(url(seed.association.slug)).status_code == 401


def test_a_period_without_a_publication_is_a_404_that_says_so(seed: seed002.Seed002, client_for: Any) -> None:
    response = client_for(Role.VIEWER).get(url(seed.association.slug), {"from": "2017-01-01", "to": "2017-04-30"})
    assert response.status_code == 404
    assert "ingen publicering" in str(response.json())


def test_one_insats_is_its_report_in_the_publication(seed: seed002.Seed002, client_for: Any) -> None:
    response = client_for(Role.VIEWER).get(
        url(seed.association.slug), {"from": "2017-01-01", "to": "2017-12-31", "intervention": "FNS"}
    )
    assert response.status_code == 200
    body = response.json()
    fns = seed002.TEAMS["FNS"]
    total = sum(r[0] + r[1] for r in fns.values())
    assert body["totals"]["participants"]["all"] in (total, None)
    assert body["filters"]["interventions"] == ["FNS"]
    assert all(row["all"] is None for row in body["age_bands"])  # detail tables: all insatser together only
