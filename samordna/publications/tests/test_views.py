"""The publication pages: the list for everyone, a publication's tables and files, the release form for admins."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.publications.models import Publication
from samordna.publications.tests.test_release import populate, release
from samordna.testing.cast import Cast
from samordna.testing.nasty import NUMBERS, TEXT

pytestmark = pytest.mark.django_db


def urls(cast: Cast) -> dict[str, str]:
    slug = cast.a.association.slug
    return {
        "list": reverse("publications:list", kwargs={"association": slug}),
        "release": reverse("publications:release", kwargs={"association": slug}),
    }


def test_an_admin_releases_after_confirming_and_a_second_release_of_the_period_is_a_correction(
    cast: Cast, client_for: Any
) -> None:
    populate(cast)
    admin = client_for(Role.ADMIN)
    refused = admin.post(urls(cast)["release"], {"year": "2024", "kind": "t2"})
    assert refused.status_code == 400 and "Kryssa i rutan för att bekräfta" in refused.content.decode()
    assert not Publication.objects.exists()
    done = admin.post(urls(cast)["release"], {"year": "2024", "kind": "t2", "confirm": "on"})
    assert done.status_code == 302
    first = Publication.objects.get()
    assert first.period == "2024-t2" and first.released_by == cast.user(Role.ADMIN)
    assert done["Location"].endswith(f"/publiceringar/{first.pk}/")
    admin.post(urls(cast)["release"], {"year": "2024", "kind": "t2", "confirm": "on"})
    second = Publication.objects.exclude(pk=first.pk).get()
    assert second.corrects == first
    assert second.audit["earlier_publications"] == 1
    listing = admin.get(urls(cast)["list"]).content.decode()
    assert "Granskad mot 1 tidigare publicering" in listing and "rättelse" in listing
    assert AuditEntry.objects.filter(object_type="publications.publication").count() == 2


@pytest.mark.parametrize("year", ["abc", "20170", "1999", "", *NUMBERS.values(), *TEXT.values()])
def test_bad_input_in_the_release_form_is_refused_in_swedish(cast: Cast, client_for: Any, year: str) -> None:
    response = client_for(Role.ADMIN).post(urls(cast)["release"], {"year": year, "kind": "year", "confirm": "on"})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Publication.objects.exists()


def test_a_period_kind_outside_the_fixed_ones_is_refused(cast: Cast, client_for: Any) -> None:
    response = client_for(Role.ADMIN).post(urls(cast)["release"], {"year": "2024", "kind": "m4", "confirm": "on"})
    assert response.status_code == 400  # January–April is tertial 1, not a choice of its own
    response = client_for(Role.ADMIN).post(urls(cast)["release"], {"year": "2024", "kind": "q2", "confirm": "on"})
    assert response.status_code == 400
    assert not Publication.objects.exists()


def test_a_viewer_sees_the_list_and_a_publication_but_cannot_release(cast: Cast, client_for: Any) -> None:
    populate(cast)
    publication = release(cast, "2024")
    viewer = client_for(Role.VIEWER)
    listing = viewer.get(urls(cast)["list"]).content.decode()
    assert publication.title in listing and "Ny publicering" not in listing
    assert viewer.post(urls(cast)["release"], {"year": "2024", "kind": "year", "confirm": "on"}).status_code == 403
    detail = reverse("publications:detail", kwargs={"association": cast.a.association.slug, "pk": publication.pk})
    page = viewer.get(detail)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Granskad" in body or "första publicering" in body
    assert '<figure class="chart"><svg role="img"' in body
    for code in publication.insats_codes:
        assert viewer.get(detail, {"insats": code}).status_code == 200
    # Only the publication's own choices: another code, a free period or bands change nothing or are refused.
    assert viewer.get(detail, {"insats": "finns-inte"}).status_code == 404
    free = viewer.get(detail, {"from": "2024-03-01", "to": "2024-03-02", "format": "json"})
    assert free.status_code == 200
    assert json.loads(free.content)["period"] == {"from": "2024-01-01", "to": "2024-12-31"}


def test_another_forbunds_publication_is_a_404(cast: Cast, client_for: Any) -> None:
    populate(cast)
    publication = release(cast, "2024")
    detail = reverse("publications:detail", kwargs={"association": cast.b.association.slug, "pk": publication.pk})
    assert client_for("admin_b").get(detail).status_code == 404
