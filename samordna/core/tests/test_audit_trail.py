"""The audit trail: readable Swedish, itself logged, and every write (users, tokens, /drift/) in the förbund's log."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from samordna.core import services
from samordna.core.choices import Role
from samordna.core.models import AccessLogEntry, Association, AuditEntry, CodeListEntry, Membership, User
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def audit_page(client: Client, cast: Cast, association: Association | None = None, **query: Any) -> str:
    slug = (association or cast.a.association).slug
    response = client.get(reverse("core:audit-list", kwargs={"association": slug}), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def operator(cast: Cast) -> Client:
    """A client logged in as the install's operator (superuser) at /drift/."""
    user = User.objects.create_superuser("drift-operator", password="Ett-riktigt-bra-losen-91")
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_swedish_labels_and_whole_values(cast: Cast, client_for: Clients) -> None:
    admin = cast.user(Role.ADMIN)
    services.association_update(
        acting_user=admin, association=cast.a.association, suppression_threshold=7, name="Samordningsförbundet Nya"
    )
    body = audit_page(client_for(Role.ADMIN), cast)
    assert "Gräns för små tal: 5 → 7" in body
    assert "Namn: Samordningsförbundet Alfa → Samordningsförbundet Nya" in body
    # A created object's values show whole: names, choices by their Swedish label, related objects by name.
    assert "Namn: Anna Ordförande" in body and "A → n → n → a" not in body
    assert "Inriktning: Individinriktad" in body and "Utsedd av: Västerås kommun" in body
    assert "Roll: Läsare" in body and "Användare: Viewer" in body
    assert "Samordningsförbund" in body and "Behörighet" in body and "Styrelseplats" in body
    for technical in (">core.association", "individinriktad<", ">organisations.boardseat", "User:"):
        assert technical not in body
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", body)  # timestamps as people write them


def test_object_type_filter_is_in_swedish(cast: Cast, client_for: Clients) -> None:
    body = audit_page(client_for(Role.ADMIN), cast, object_type="organisations.member")
    assert '<option value="organisations.member" selected>Medlem</option>' in body


def test_viewing_the_audit_page_is_logged(cast: Cast, client_for: Clients) -> None:
    before = AccessLogEntry.objects.filter(what="core.audit_list").count()
    audit_page(client_for(Role.ADMIN), cast)
    entry = AccessLogEntry.objects.filter(what="core.audit_list").latest("id")
    assert AccessLogEntry.objects.filter(what="core.audit_list").count() == before + 1
    assert entry.user == cast.user(Role.ADMIN) and entry.association == cast.a.association and entry.count > 0


def test_user_creation_is_in_the_forbunds_log(cast: Cast, client_for: Clients) -> None:
    client = client_for(Role.ADMIN)
    url = reverse("accounts:user-create", kwargs={"association": cast.a.association.slug})
    password = "Ett-bra-losen-for-granskning-42"
    response = client.post(url, {"username": "ny.granskad", "password": password, "role": "viewer"})
    assert response.status_code == 302
    created = AuditEntry.objects.get(object_type="core.user", action="create", object_repr="ny.granskad")
    assert created.association == cast.a.association and created.actor == cast.user(Role.ADMIN)
    assert "password" not in created.changes and password not in str(created.changes)
    assert "ny.granskad" in audit_page(client, cast)
    assert "ny.granskad" not in audit_page(client_for("admin_b"), cast, cast.b.association)


def test_token_create_and_delete_are_in_the_forbunds_log(cast: Cast, client_for: Clients) -> None:
    viewer = cast.user(Role.VIEWER)
    client = client_for(Role.VIEWER)
    client.post(reverse("api-token"), {"action": "create"})
    client.post(reverse("api-token"), {"action": "delete"})
    rows = AuditEntry.objects.filter(object_type="authtoken.token", association=cast.a.association, actor=viewer)
    assert sorted(rows.values_list("action", flat=True)) == ["create", "delete"]
    key_texts = [str(r.changes) + r.object_repr for r in rows]
    assert all("cast-viewer" in t for t in key_texts)
    body = audit_page(client_for(Role.ADMIN), cast, object_type="authtoken.token")
    assert "API-nyckel för cast-viewer" in body and body.count("API-nyckel för cast-viewer") == 2


def test_drift_threshold_change_is_audited(cast: Cast, operator: Client, client_for: Clients) -> None:
    association = cast.a.association
    url = reverse("admin:core_association_change", args=[association.pk])
    data = {
        "slug": association.slug,
        "name": association.name,
        "org_nr": association.org_nr,
        "address": association.address,
        "suppression_threshold": "9",
        "retention_years": str(association.retention_years),
        "allocation_percent_decimals": "",
        "protocol_prefix": association.protocol_prefix,
    }
    response = operator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    association.refresh_from_db()
    assert association.suppression_threshold == 9
    entry = AuditEntry.objects.filter(object_type="core.association", action="update").latest("id")
    assert entry.changes == {"suppression_threshold": [5, 9]} and entry.actor_name == "drift-operator"
    assert entry.association == association
    assert "Gräns för små tal: 5 → 9" in audit_page(client_for(Role.ADMIN), cast)


def test_drift_code_list_change_is_audited_and_shown_to_every_forbund(
    cast: Cast, operator: Client, client_for: Clients
) -> None:
    entry = CodeListEntry.objects.get(list="end_reason", code="9")
    url = reverse("admin:core_codelistentry_change", args=[entry.pk])
    response = operator.post(
        url,
        {
            "list": entry.list,
            "code": entry.code,
            "label": "Annan anledning",
            "help_text": entry.help_text,
            "sort_order": str(entry.sort_order),
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    row = AuditEntry.objects.get(object_type="core.codelistentry", action="update")
    assert row.changes["label"] == [entry.label, "Annan anledning"] and row.actor_name == "drift-operator"
    for client, association in ((client_for(Role.ADMIN), cast.a.association), (client_for("admin_b"), None)):
        body = audit_page(client, cast, association or cast.b.association)
        assert f"Benämning: {entry.label} → Annan anledning" in body


def user_change_data(user: User, memberships: list[tuple[Membership | None, Association, str]]) -> dict[str, Any]:
    """The /drift/ user form as a browser posts it, with the given roles."""
    existing = [m for m in memberships if m[0] is not None]
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, (membership, association, role) in enumerate(memberships):
        data[f"memberships-{index}-id"] = str(membership.pk) if membership else ""
        data[f"memberships-{index}-user"] = str(user.pk)
        data[f"memberships-{index}-association"] = str(association.pk)
        data[f"memberships-{index}-role"] = role
    return data


def test_drift_membership_is_audited(cast: Cast, operator: Client, client_for: Clients) -> None:
    user = services.user_create(acting_user=None, username="drift-ny", password=None)
    url = reverse("admin:core_user_change", args=[user.pk])
    response = operator.post(url, user_change_data(user, [(None, cast.a.association, "viewer")]))
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=user)
    row = AuditEntry.objects.get(object_type="core.membership", object_id=str(membership.pk))
    assert row.action == "create" and row.association == cast.a.association and row.actor_name == "drift-operator"
    body = audit_page(client_for(Role.ADMIN), cast, object_type="core.membership")
    assert "Roll: Läsare" in body and "drift-operator" in body


def test_drift_refuses_admin_and_registrar_in_one_forbund(cast: Cast, operator: Client) -> None:
    admin = cast.user(Role.ADMIN)
    existing = Membership.objects.get(user=admin, association=cast.a.association, role=Role.ADMIN)
    before = (Membership.objects.count(), AuditEntry.objects.count())
    data = user_change_data(
        admin,
        [(existing, cast.a.association, "admin"), (None, cast.a.association, "registrar")],
    )
    response = operator.post(reverse("admin:core_user_change", args=[admin.pk]), data)
    assert response.status_code == 200
    assert "både förbundsadministratör och deltagaransvarig" in response.content.decode()
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before
    # Registrar in the other förbund is fine.
    data = user_change_data(admin, [(existing, cast.a.association, "admin"), (None, cast.b.association, "registrar")])
    assert operator.post(reverse("admin:core_user_change", args=[admin.pk]), data).status_code == 302
    assert Membership.objects.filter(user=admin, association=cast.b.association, role="registrar").exists()


def test_drift_cannot_delete_a_forbund_and_its_trail_stays(cast: Cast, operator: Client) -> None:
    association = cast.a.association
    rows = AuditEntry.objects.filter(association=association).count()
    assert rows > 0
    url = reverse("admin:core_association_delete", args=[association.pk])
    assert operator.get(url).status_code == 403
    assert operator.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:core_association_changelist")
    response = operator.post(
        changelist, {"action": "delete_selected", "_selected_action": [association.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Association.objects.filter(pk=association.pk).exists()
    assert AuditEntry.objects.filter(association=association).count() == rows
    # Nor can code that deletes it by mistake take the trail with it.
    with pytest.raises(ProtectedError):
        association.delete()
    assert AuditEntry.objects.filter(association=association).count() == rows


def test_drift_user_deletion_is_audited_in_the_forbund(cast: Cast, operator: Client) -> None:
    user = services.user_create(acting_user=None, username="drift-bort", password="Ett-riktigt-bra-losen-17")
    services.membership_add(acting_user=None, association=cast.a.association, user=user, role=Role.VIEWER)
    response = operator.post(reverse("admin:core_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="drift-bort").exists()
    removed = AuditEntry.objects.get(object_type="core.membership", action="delete", association=cast.a.association)
    assert removed.actor_name == "drift-operator" and removed.changes["role"] == Role.VIEWER
    gone = AuditEntry.objects.get(object_type="core.user", action="delete", object_repr="drift-bort")
    assert "password" not in gone.changes and gone.changes["username"] == "drift-bort"
