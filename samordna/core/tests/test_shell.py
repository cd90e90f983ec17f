"""The UI shell: stylesheet and scripts are served, navigation shows each role only its pages."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from samordna.core.choices import Role
from samordna.testing.cast import Cast


def test_stylesheet_and_htmx_are_served_locally() -> None:
    client = Client()
    css = client.get("/static/samordna/samordna.css")
    assert css.status_code == 200
    assert b":focus-visible" in b"".join(css.streaming_content)
    page = client.get(reverse("login")).content.decode()
    assert "/static/django_htmx/htmx" in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]


def test_navigation_shows_each_role_only_its_pages(cast: Cast, client_for: Any) -> None:
    url = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    admin_page = client_for(Role.ADMIN).get(url).content.decode()
    registrar_page = client_for(Role.REGISTRAR).get(url).content.decode()
    viewer_page = client_for(Role.VIEWER).get(url).content.decode()
    audit = reverse("core:audit-list", kwargs={"association": cast.a.association.slug})
    board = reverse("organisations:board-list", kwargs={"association": cast.a.association.slug})
    assert audit in admin_page and board in admin_page
    assert audit not in registrar_page and board not in registrar_page
    assert board in viewer_page and audit not in viewer_page


def test_skip_link_and_language(cast: Cast, client_for: Any) -> None:
    page = client_for(Role.VIEWER).get(reverse("core:dashboard", kwargs={"association": "alfa"})).content.decode()
    assert '<html lang="sv">' in page
    assert 'href="#main"' in page and 'id="main"' in page
