"""Admins manage their förbund's users: create, roles, insats assignments, with the SUS rules."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samordna.core import services as core_services
from samordna.core.choices import Role
from samordna.core.models import AuditEntry, Membership, User
from samordna.interventions.models import InterventionAssignment
from samordna.testing.cast import Cast


def action_url(cast: Cast, user: User) -> str:
    return reverse("accounts:user-action", kwargs={"association": cast.a.association.slug, "pk": user.pk})


def test_admin_creates_user_with_role(cast: Cast, client_for: Any) -> None:
    client = client_for(Role.ADMIN)
    url = reverse("accounts:user-create", kwargs={"association": cast.a.association.slug})
    response = client.post(url, {"username": "ny.handlaggare", "password": "Ett-bra-losen-42", "role": "registrar"})
    assert response.status_code == 302
    user = User.objects.get(username="ny.handlaggare")
    assert user.check_password("Ett-bra-losen-42")
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["registrar"]
    assert AuditEntry.objects.filter(
        association=cast.a.association, object_type="core.membership", action="create"
    ).exists()


def test_weak_password_is_refused_in_swedish(cast: Cast, client_for: Any) -> None:
    url = reverse("accounts:user-create", kwargs={"association": cast.a.association.slug})
    response = client_for(Role.ADMIN).post(url, {"username": "svag", "password": "123", "role": "viewer"})
    assert response.status_code == 200
    assert not User.objects.filter(username="svag").exists()
    assert "lösenord" in response.content.decode().lower()


def test_admin_cannot_also_be_registrar(cast: Cast, client_for: Any) -> None:
    admin = cast.user(Role.ADMIN)
    response = client_for(Role.ADMIN).post(
        action_url(cast, admin), {"action": "add_role", "role": "registrar"}, follow=True
    )
    assert "både förbundsadministratör och deltagaransvarig" in response.content.decode()
    assert not Membership.objects.filter(user=admin, role="registrar").exists()


def test_last_admin_role_cannot_be_removed(cast: Cast, client_for: Any) -> None:
    admin = cast.user(Role.ADMIN)
    other_admin = Membership.objects.get(user=cast.user("admin_viewer"), association=cast.a.association, role="admin")
    core_services.membership_remove(acting_user=None, membership=other_admin)  # the cast's second admin
    membership = Membership.objects.get(user=admin, association=cast.a.association, role="admin")
    response = client_for(Role.ADMIN).post(
        action_url(cast, admin), {"action": "remove_role", "membership": membership.pk, "confirm": "1"}, follow=True
    )
    assert "minst en förbundsadministratör" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_assign_and_end_assignment(cast: Cast, client_for: Any) -> None:
    registrar = cast.user(Role.REGISTRAR)
    membership = Membership.objects.get(user=registrar, association=cast.a.association, role="registrar")
    client = client_for(Role.ADMIN)
    client.post(
        action_url(cast, registrar),
        {"action": "assign", "membership": membership.pk, "intervention": cast.a.other_intervention.pk},
    )
    assignment = InterventionAssignment.objects.get(membership=membership, intervention=cast.a.other_intervention)
    assert assignment.ends_on is None
    client.post(action_url(cast, registrar), {"action": "end_assignment", "assignment": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.ends_on is not None


def test_cannot_assign_to_another_forbunds_insats(cast: Cast, client_for: Any) -> None:
    registrar = cast.user(Role.REGISTRAR)
    membership = Membership.objects.get(user=registrar, association=cast.a.association, role="registrar")
    client_for(Role.ADMIN).post(
        action_url(cast, registrar),
        {"action": "assign", "membership": membership.pk, "intervention": cast.b.intervention.pk},
    )
    assert not InterventionAssignment.objects.filter(intervention=cast.b.intervention).exists()


def test_user_list_shows_only_this_forbunds_users(cast: Cast, client_for: Any) -> None:
    response = client_for(Role.ADMIN).get(
        reverse("accounts:user-list", kwargs={"association": cast.a.association.slug})
    )
    body = response.content.decode()
    assert "cast-registrar" in body
    assert "cast-admin_b" not in body
    assert "cast-outsider" not in body


def test_the_last_active_admin_role_cannot_be_removed_beside_a_deactivated_admin(cast: Cast, client_for: Any) -> None:
    """A deactivated admin cannot log in: the förbund's last active admin keeps the role."""
    admin = cast.user(Role.ADMIN)
    other = cast.user("admin_viewer")
    other.is_active = False
    other.save(update_fields=["is_active"])
    membership = Membership.objects.get(user=admin, association=cast.a.association, role="admin")
    response = client_for(Role.ADMIN).post(
        action_url(cast, admin), {"action": "remove_role", "membership": membership.pk, "confirm": "1"}, follow=True
    )
    assert "minst en förbundsadministratör" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
