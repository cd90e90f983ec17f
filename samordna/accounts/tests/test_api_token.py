"""A user creates an API token on their account page and uses it against /api/v1/."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.testing.cast import Cast


def test_token_page_needs_login() -> None:
    response = Client().get(reverse("api-token"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_create_use_and_delete_token(cast: Cast, client_for: Any) -> None:
    client = client_for(Role.VIEWER)
    response = client.post(reverse("api-token"), {"action": "create"})
    token = Token.objects.get(user=cast.user(Role.VIEWER))
    assert token.key in response.content.decode()
    assert AuditEntry.objects.filter(actor=cast.user(Role.VIEWER), object_type="authtoken.token").exists()
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    members = api.get(f"/api/v1/associations/{cast.a.association.slug}/members/")
    assert members.status_code == 200
    assert {m["code"] for m in members.json()["results"]} == {"fk", "region", "1980"}
    assert api.get(f"/api/v1/associations/{cast.b.association.slug}/members/").status_code == 404
    # The page never shows an existing key again.
    assert token.key not in client.get(reverse("api-token")).content.decode()
    client.post(reverse("api-token"), {"action": "delete"})
    assert not Token.objects.filter(user=cast.user(Role.VIEWER)).exists()
    assert api.get(f"/api/v1/associations/{cast.a.association.slug}/members/").status_code == 401
