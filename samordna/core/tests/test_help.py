"""Help pages: one per area, linked from every page's header to its own area; login required."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samordna.core.help import topics

pytestmark = pytest.mark.django_db


def test_every_area_has_a_page_with_text(client_for: Any) -> None:
    client = client_for("admin")
    slugs = [t.slug for t in topics()]
    assert {"deltagare", "ekonomi", "rapporter", "styrelse", "insatser"} <= set(slugs)
    index = client.get(reverse("help-index"))
    assert index.status_code == 200
    for slug in slugs:
        assert reverse("help", args=[slug]) in index.content.decode()
        page = client.get(reverse("help", args=[slug]))
        assert page.status_code == 200
        assert page.content.decode().count("<p>") >= 3


def test_unknown_topic_is_404_and_login_is_required(client: Any, client_for: Any) -> None:
    assert client_for("viewer").get(reverse("help", args=["finns-inte"])).status_code == 404
    response = client.get(reverse("help", args=["ekonomi"]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_each_page_links_to_the_help_of_its_area(cast: Any, client_for: Any) -> None:
    client = client_for("admin")
    slug = cast.a.association.slug
    finance = client.get(f"/f/{slug}/ekonomi/").content.decode()
    assert reverse("help", args=["ekonomi"]) in finance and "Hjälp: Ekonomi" in finance
    start = client.get(f"/f/{slug}/").content.decode()
    assert reverse("help-index") in start
