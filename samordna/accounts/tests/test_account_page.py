"""The user's own account page: reached from the name in the header, showing only the logged-in user."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core import services
from samordna.core.choices import Role
from samordna.core.models import User
from samordna.testing.cast import ROLE_USERS, Cast


@pytest.mark.parametrize("name", [*ROLE_USERS, "admin_b", "outsider"])
def test_every_user_sees_their_own_account(name: str, cast: Cast, client_for: Any) -> None:
    user = cast.user(name)
    response = client_for(name).get(reverse("account"))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert user.username in body
    assert reverse("password_change") in body
    for other in ("viewer", "admin_b"):
        if other != name:
            assert cast.user(other).username + "<" not in body  # never another user's details


def test_account_shows_name_email_forbund_and_roles(cast: Cast, client_for: Any) -> None:
    user = cast.user("admin_viewer")
    User.objects.filter(pk=user.pk).update(first_name="Anna", last_name="Lind", email="anna@kommun.example.se")
    services.membership_add(acting_user=None, association=cast.b.association, user=user, role=Role.VIEWER)
    body = html.unescape(client_for("admin_viewer").get(reverse("account")).content.decode())
    assert "Anna Lind" in body
    assert "anna@kommun.example.se" in body
    assert f"{cast.a.association.name}</a>: Förbundsadministratör, Läsare" in body
    assert f"{cast.b.association.name}</a>: Läsare" in body


def test_the_header_name_links_to_the_own_account_page(cast: Cast, client_for: Any) -> None:
    dashboard = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    body = client_for(Role.ADMIN).get(dashboard).content.decode()
    assert f'class="who" href="{reverse("account")}"' in body
    # An admin looking at another user's page still has their own account in the header.
    other = reverse(
        "accounts:user-detail", kwargs={"association": cast.a.association.slug, "pk": cast.user(Role.VIEWER).pk}
    )
    body = client_for(Role.ADMIN).get(other).content.decode()
    assert f'class="who" href="{reverse("account")}"' in body


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_account_queries_do_not_grow_with_forbund(cast: Cast, client_for: Any) -> None:
    user = cast.user(Role.VIEWER)
    client = client_for(Role.VIEWER)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("account")).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for i in range(4):
        association = services.association_create(acting_user=None, slug=f"extra-{i}", name=f"Extra {i}")
        services.membership_add(acting_user=None, association=association, user=user, role=Role.VIEWER)
    assert queries() <= few
