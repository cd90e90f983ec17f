"""The operator's national participants report: staff only, published figures only, made as a background job."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from samordna.core.models import Job, User
from samordna.participants.tests.helpers import enroll
from samordna.testing.cast import Cast
from samordna.testing.jobs import content_of, file_by_job


@pytest.fixture
def operator(cast: Cast) -> Client:
    client = Client()
    client.force_login(User.objects.create_user("cast-operator", password="x", is_staff=True))
    return client


def test_the_operator_gets_the_published_national_report_as_json_and_pdf(cast: Cast, operator: Client) -> None:
    for _ in range(12):
        enroll(cast.a.intervention, start=dt.date(2024, 2, 1))
    for _ in range(2):
        enroll(cast.b.intervention, start=dt.date(2024, 3, 1))
    url = reverse("operator-national")
    page = operator.get(url)
    assert page.status_code == 200 and "Deltagarstatistik för alla förbund" in page.content.decode()
    assert url in operator.get(reverse("admin:index")).content.decode()  # linked from the /drift/ start
    data = json.loads(content_of(file_by_job(operator, url, {"year": 2024, "format": "json"})))
    assert data["association"] == "alla" and data["suppression"]["threshold"] == 5
    assert data["suppression"]["hidden_cells"] > 0
    by_forbund = {row["association"]: row for row in data["interventions"]}
    assert by_forbund[cast.a.association.slug]["participants"]["all"] == 12
    assert by_forbund[cast.b.association.slug]["participants"]["all"] is None  # 2 < 5: hidden
    pdf = content_of(file_by_job(operator, url, {"year": 2024, "format": "pdf"}))
    assert pdf[:5] == b"%PDF-"


@pytest.mark.parametrize(
    "data",
    [
        {"year": "", "format": "pdf"},
        {"year": 2999, "format": "pdf"},
        {"year": 2024, "format": "exe"},
        {"year": "2024'--", "format": "pdf"},
    ],
)
def test_bad_choices_are_refused_and_start_nothing(data: dict, cast: Cast, operator: Client) -> None:
    response = operator.post(reverse("operator-national"), data)
    assert response.status_code == 400
    assert Job.objects.count() == 0


def test_forbund_users_and_anonymous_are_sent_to_the_operator_login(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("operator-national")
    for client in (Client(), client_for("admin"), client_for("admin_viewer")):
        response = client.get(url)
        assert response.status_code == 302 and "/drift/login/" in response["Location"]
        assert client.post(url, {"year": 2024, "format": "pdf"}).status_code == 302
    assert Job.objects.count() == 0
