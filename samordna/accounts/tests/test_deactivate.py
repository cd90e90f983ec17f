"""Admins switch a login of their förbund off and on: a confirmation first, an audit row, and no access after.

A user who also holds a role in another förbund keeps their login: the admin is told to remove the roles here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samordna.core import services
from samordna.core.choices import Role
from samordna.core.models import AuditEntry, User
from samordna.testing.cast import PASSWORD, ROLE_USERS, Cast


def deactivate_url(cast: Cast, user: User, slug: str | None = None) -> str:
    return reverse("accounts:user-deactivate", kwargs={"association": slug or cast.a.association.slug, "pk": user.pk})


def action_url(cast: Cast, user: User) -> str:
    return reverse("accounts:user-action", kwargs={"association": cast.a.association.slug, "pk": user.pk})


def logs_in(username: str) -> bool:
    return Client().post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302


def test_admin_deactivates_after_confirmation_and_reactivates(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    viewer_client = client_for(Role.VIEWER)
    dashboard = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    assert viewer_client.get(dashboard).status_code == 200
    admin = client_for(Role.ADMIN)

    confirm = admin.get(deactivate_url(cast, viewer))
    assert confirm.status_code == 200
    assert "Ja, avaktivera inloggningen" in confirm.content.decode()
    viewer.refresh_from_db()
    assert viewer.is_active  # the GET only asks

    response = admin.post(deactivate_url(cast, viewer), follow=True)
    assert "Användaren är avaktiverad" in response.content.decode()
    viewer.refresh_from_db()
    assert not viewer.is_active
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(viewer.pk)).latest("pk")
    assert entry.changes == {"is_active": [True, False]}
    assert entry.association == cast.a.association
    assert entry.actor == cast.user(Role.ADMIN)
    # Locked out: no new login, and the open session no longer reaches the förbund.
    assert not logs_in(viewer.username)
    after = viewer_client.get(dashboard)
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    assert (
        "avaktiverad"
        in admin.get(reverse("accounts:user-list", kwargs={"association": cast.a.association.slug})).content.decode()
    )

    response = admin.post(action_url(cast, viewer), {"action": "activate"}, follow=True)
    assert "aktiverad igen" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.is_active
    assert logs_in(viewer.username)
    assert AuditEntry.objects.filter(object_id=str(viewer.pk), changes={"is_active": [False, True]}).exists()


@pytest.mark.parametrize("name", [n for n, roles in ROLE_USERS.items() if Role.ADMIN not in roles])
def test_other_roles_get_403(name: str, cast: Cast, client_for: Any) -> None:
    target = cast.user(Role.VIEWER)
    client = client_for(name)
    assert client.get(deactivate_url(cast, target)).status_code == 403
    assert client.post(deactivate_url(cast, target)).status_code == 403
    assert client.post(action_url(cast, target), {"action": "activate"}).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_another_forbunds_user_is_404(cast: Cast, client_for: Any) -> None:
    other = cast.user("admin_b")
    audit = AuditEntry.objects.count()
    admin = client_for(Role.ADMIN)
    assert admin.get(deactivate_url(cast, other)).status_code == 404
    assert admin.post(deactivate_url(cast, other)).status_code == 404
    # Förbund B's admin cannot reach förbund A's users through B either.
    assert (
        client_for("admin_b").post(deactivate_url(cast, cast.user(Role.VIEWER), cast.b.association.slug)).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.is_active and cast.user(Role.VIEWER).is_active
    assert AuditEntry.objects.count() == audit


def test_a_user_of_two_forbund_keeps_the_login(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    services.membership_add(acting_user=None, association=cast.b.association, user=viewer, role=Role.VIEWER)
    audit = AuditEntry.objects.count()
    admin = client_for(Role.ADMIN)
    page = admin.get(deactivate_url(cast, viewer)).content.decode()
    assert "roller i ett annat förbund" in page
    assert "Ja, avaktivera inloggningen" not in page
    response = admin.post(deactivate_url(cast, viewer), follow=True)
    assert "roller i ett annat förbund" in response.content.decode()
    viewer.refresh_from_db()
    assert viewer.is_active
    assert AuditEntry.objects.count() == audit
    assert client_for(Role.VIEWER).get(cast.b.association.get_absolute_url()).status_code == 200


def test_admin_cannot_deactivate_themselves(cast: Cast, client_for: Any) -> None:
    admin_user = cast.user(Role.ADMIN)
    response = client_for(Role.ADMIN).post(deactivate_url(cast, admin_user), follow=True)
    assert "inte avaktivera dig själv" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_last_active_admin_is_kept(cast: Cast, client_for: Any) -> None:
    admin_user = cast.user(Role.ADMIN)
    other_admin = cast.user("admin_viewer")
    services.user_set_active(acting_user=None, association=cast.a.association, user=other_admin, active=False)
    assert (
        services.deactivation_refusal(acting_user=None, association=cast.a.association, user=admin_user, active=False)
        == "Förbundet måste ha minst en aktiv förbundsadministratör."
    )


def test_a_nasty_action_is_refused_without_a_write(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    audit = AuditEntry.objects.count()
    for action in ("activate\x00", "deactivate", "<script>", "x" * 10_000):
        response = client_for(Role.ADMIN).post(action_url(cast, viewer), {"action": action})
        assert response.status_code == 302
    assert AuditEntry.objects.count() == audit
    viewer.refresh_from_db()
    assert viewer.is_active
