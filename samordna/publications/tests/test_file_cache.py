"""A publication's files are rendered once and then read from the cache (a PDF takes about a second to draw)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from samordna.core.choices import Role
from samordna.publications import views
from samordna.reports.tests import seed002
from samordna.reports.tests.test_participants_page import published_2017
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def test_a_publication_pdf_is_drawn_once(cast: Cast, client_for: Any, settings: Any, monkeypatch: Any) -> None:
    settings.REPORT_CACHE_SECONDS = 600
    cache.clear()
    publication = published_2017(seed002.build(cast.a.association))
    drawn: list[str] = []
    real = views.render

    def counting(report: Any, fmt: str) -> bytes:
        drawn.append(fmt)
        return real(report, fmt)

    monkeypatch.setattr(views, "render", counting)
    url = reverse("publications:detail", kwargs={"association": cast.a.association.slug, "pk": publication.pk})
    viewer = client_for(Role.VIEWER)
    first = viewer.get(url + "?format=pdf")
    second = viewer.get(url + "?format=pdf")
    assert first.status_code == second.status_code == 200
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert drawn == ["pdf"]
    assert viewer.get(url + "?format=csv").status_code == 200
    assert drawn == ["pdf", "csv"]  # another format is another file
