"""Core services and rules: role separation, audit rows, the audit page, the förbund switcher, lockout, settings."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samordna import env
from samordna.core import services
from samordna.core.choices import Role
from samordna.core.models import Association, AuditEntry, Membership
from samordna.organisations import services as org_services
from samordna.testing.cast import PASSWORD, Cast, make_user

SEPARATION = "En användare kan inte vara både förbundsadministratör och deltagaransvarig i samma förbund."


def new_rows(before: int) -> list[AuditEntry]:
    """Audit rows written since the table had `before` rows, oldest first."""
    return list(AuditEntry.objects.order_by("id")[before:])


# --- role separation (SUS) -------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [(Role.ADMIN, Role.REGISTRAR), (Role.REGISTRAR, Role.ADMIN)])
def test_admin_and_registrar_in_one_forbund_is_refused(cast: Cast, first: str, second: str) -> None:
    user = make_user("dubbelroll")
    association = cast.a.association
    services.membership_add(acting_user=cast.user(Role.ADMIN), association=association, user=user, role=first)
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.membership_add(acting_user=cast.user(Role.ADMIN), association=association, user=user, role=second)
    assert caught.value.message_dict == {"role": [SEPARATION]}
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {first}
    assert AuditEntry.objects.count() == audit_rows


def test_admin_in_one_forbund_may_be_registrar_in_another(cast: Cast) -> None:
    user = make_user("tvaforbund")
    services.membership_add(acting_user=None, association=cast.a.association, user=user, role=Role.ADMIN)
    membership = services.membership_add(
        acting_user=None, association=cast.b.association, user=user, role=Role.REGISTRAR
    )
    assert membership.association == cast.b.association
    assert Membership.objects.filter(user=user).count() == 2


def test_other_role_pairs_are_allowed_and_a_role_is_held_once(cast: Cast) -> None:
    user = make_user("flerroll")
    association = cast.a.association
    for role in (Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER):
        services.membership_add(acting_user=None, association=association, user=user, role=role)
    with pytest.raises(ValidationError) as caught:
        services.membership_add(acting_user=None, association=association, user=user, role=Role.VIEWER)
    assert caught.value.message_dict == {"role": ["Användaren har redan den rollen i förbundet."]}
    with pytest.raises(ValidationError):
        services.membership_add(acting_user=None, association=association, user=user, role="superuser")


# --- audit rows ------------------------------------------------------------------------------------------


def test_association_services_write_one_audit_row_each(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    association = services.association_create(acting_user=actor, slug="gamma", name="Samordningsförbundet Gamma")
    [created] = new_rows(before)
    assert (created.action, created.actor, created.actor_name) == ("create", actor, actor.username)
    assert (created.object_type, created.object_id, created.association) == (
        "core.association",
        str(association.pk),
        association,
    )
    assert created.changes["slug"] == "gamma"
    assert created.changes["name"] == "Samordningsförbundet Gamma"

    before = AuditEntry.objects.count()
    services.association_update(
        acting_user=actor, association=association, suppression_threshold=3, name="Samordningsförbundet Gamma"
    )
    [updated] = new_rows(before)
    assert updated.action == "update"
    assert updated.changes == {"suppression_threshold": [5, 3]}
    association.refresh_from_db()
    assert association.suppression_threshold == 3

    before = AuditEntry.objects.count()
    services.association_update(acting_user=actor, association=association, suppression_threshold=3)
    assert new_rows(before) == []


def test_association_update_refuses_invalid_values_and_writes_nothing(cast: Cast) -> None:
    association = cast.a.association
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.association_update(acting_user=None, association=association, suppression_threshold=1)
    assert "suppression_threshold" in caught.value.message_dict
    assert new_rows(before) == []
    assert Association.objects.get(pk=association.pk).suppression_threshold == 5


def test_user_and_membership_services_write_one_audit_row_each(cast: Cast) -> None:
    actor = cast.user(Role.ADMIN)
    before = AuditEntry.objects.count()
    user = services.user_create(acting_user=actor, username="ny.person", password="Ett-langt-losen-1", first_name="Ny")
    [created] = new_rows(before)
    assert (created.action, created.actor, created.object_type, created.object_id) == (
        "create",
        actor,
        "core.user",
        str(user.pk),
    )
    assert created.changes == {"username": "ny.person", "first_name": "Ny"}
    assert "Ett-langt-losen-1" not in str(created.changes)
    assert user.check_password("Ett-langt-losen-1")

    before = AuditEntry.objects.count()
    membership = services.membership_add(acting_user=actor, association=cast.a.association, user=user, role=Role.VIEWER)
    [added] = new_rows(before)
    assert (added.action, added.association, added.object_type) == ("create", cast.a.association, "core.membership")
    assert added.changes["role"] == Role.VIEWER
    assert added.changes["user"] == user.pk

    before = AuditEntry.objects.count()
    membership_id = membership.pk
    services.membership_remove(acting_user=actor, membership=membership)
    [removed] = new_rows(before)
    assert (removed.action, removed.actor, removed.object_id) == ("delete", actor, str(membership_id))
    assert removed.changes["role"] == Role.VIEWER
    assert not Membership.objects.filter(pk=membership.pk).exists()


# --- the audit log page ----------------------------------------------------------------------------------


@pytest.fixture
def audit_trail(cast: Cast) -> dict[str, Any]:
    """A few audited writes in both förbund by different people, one of them dated last year."""
    admin, admin_b = cast.user(Role.ADMIN), cast.user("admin_b")
    renamed = org_services.member_update(acting_user=admin, member=cast.a.region, name="Region Alfa")
    org_services.population_set(acting_user=admin, member=cast.a.kommun, year=2025, population=21000)
    org_services.member_update(acting_user=admin_b, member=cast.b.region, name="Region Beta-hemlig")
    old = AuditEntry.objects.filter(
        association=cast.a.association, object_type="organisations.population", changes__year=2025
    ).get()
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))
    return {"renamed": renamed, "old": old}


def audit_page(client: Client, cast: Cast, **query: str) -> str:
    url = reverse("core:audit-list", kwargs={"association": cast.a.association.slug})
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_audit_page_shows_only_its_own_forbunds_rows(cast: Cast, client_for: Any, audit_trail: Any) -> None:
    page = audit_page(client_for(Role.ADMIN), cast)
    assert "Region Alfa" in page
    assert "Region Beta-hemlig" not in page
    rows = AuditEntry.objects.filter(association=cast.a.association).count()
    assert page.count("<tr><td>") == min(rows, 50)


def test_audit_page_filters(cast: Cast, client_for: Any, audit_trail: Any) -> None:
    client = client_for(Role.ADMIN)
    by_admin = audit_page(client, cast, actor="admin")
    assert "Region Alfa" in by_admin
    assert "Samordningsteam" not in by_admin  # written by "system" when the cast was built

    populations = audit_page(client, cast, object_type="organisations.population")
    assert "organisations.population" in populations
    assert "Region Alfa" not in populations

    updates = audit_page(client, cast, action="update")
    assert "Region Alfa" in updates
    assert "Samordningsteam" not in updates

    last_year = (timezone.localdate() - dt.timedelta(days=400)).isoformat()
    dated = audit_page(client, cast, date_from=last_year, date_to=last_year)
    assert dated.count("<tr><td>") == 1
    assert "21000" in dated
    recent = audit_page(
        client, cast, object_type="organisations.population", date_from=timezone.localdate().isoformat()
    )
    assert "20000" in recent and "21000" not in recent
    assert "Inga poster." in audit_page(client, cast, actor="ingen-sadan-person")

    # A bad filter value is ignored rather than crashing the page.
    assert "Region Alfa" in audit_page(client, cast, date_from="inte-ett-datum")


def test_audit_page_is_for_admins_only(cast: Cast, client_for: Any) -> None:
    url = reverse("core:audit-list", kwargs={"association": cast.a.association.slug})
    assert client_for(Role.VIEWER).get(url).status_code == 403
    assert client_for("admin_b").get(url).status_code == 404


# --- the förbund switcher --------------------------------------------------------------------------------


def test_user_in_two_forbund_chooses_and_switches(cast: Cast) -> None:
    user = make_user("regionhandlaggare")
    services.membership_add(acting_user=None, association=cast.a.association, user=user, role=Role.VIEWER)
    services.membership_add(acting_user=None, association=cast.b.association, user=user, role=Role.ADMIN)
    client = Client()
    client.force_login(user)

    chooser = client.get(reverse("home"))
    assert chooser.status_code == 200
    page = chooser.content.decode()
    assert cast.a.association.name in page and cast.b.association.name in page

    dashboard = client.get(cast.b.association.get_absolute_url()).content.decode()
    assert "Byt förbund" in dashboard
    assert f'href="{cast.a.association.get_absolute_url()}"' in dashboard
    assert f'href="{cast.b.association.get_absolute_url()}" aria-current="true"' in dashboard
    # The last förbund used is remembered.
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == cast.b.association.get_absolute_url()

    # Roles follow the förbund: viewer in A has no audit log there, admin in B has.
    assert client.get(reverse("core:audit-list", kwargs={"association": "alfa"})).status_code == 403
    assert client.get(reverse("core:audit-list", kwargs={"association": "beta"})).status_code == 200


def test_user_in_one_forbund_sees_no_switcher(cast: Cast, client_for: Any) -> None:
    client = client_for(Role.ADMIN)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == cast.a.association.get_absolute_url()
    assert "Byt förbund" not in client.get(response["Location"]).content.decode()


# --- login and lockout -----------------------------------------------------------------------------------


def post_login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_login_through_the_form_works(cast: Cast) -> None:
    client = Client()
    wrong = post_login(client, "cast-admin", "fel")
    assert wrong.status_code == 200
    assert "Fel användarnamn eller lösenord" in wrong.content.decode()
    assert 'aria-invalid="true" aria-describedby="login-error"' in wrong.content.decode()
    response = post_login(client, "cast-admin", PASSWORD)
    assert response.status_code == 302
    assert client.get(cast.a.association.get_absolute_url()).status_code == 200


def test_repeated_failed_logins_lock_the_account(cast: Cast) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 2
    client = Client()
    for attempt in range(1, limit):
        response = post_login(client, "cast-admin", f"fel-{attempt}")
        assert response.status_code == 200, f"attempt {attempt} should not lock yet"
    locked = post_login(client, "cast-admin", "fel-sista")
    assert locked.status_code == 429
    assert "Inloggningen är spärrad" in locked.content.decode()
    assert f'href="{reverse("login")}"' in locked.content.decode()
    # Even the right password is refused while locked, and nobody is logged in.
    again = post_login(client, "cast-admin", PASSWORD)
    assert again.status_code == 429
    dashboard = client.get(cast.a.association.get_absolute_url())
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(reverse("login"))
    # Another user, from another address, is not affected (the locked address is locked for every username).
    elsewhere = {"username": "cast-viewer", "password": PASSWORD}
    assert Client().post(reverse("login"), elsewhere, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_failures_below_the_limit_are_forgotten_after_a_successful_login(cast: Cast) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    client = Client()
    for attempt in range(limit - 1):
        post_login(client, "cast-admin", f"fel-{attempt}")
    assert post_login(client, "cast-admin", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for attempt in range(limit - 1):
        assert post_login(client, "cast-admin", f"igen-{attempt}").status_code == 200
    assert post_login(client, "cast-admin", PASSWORD).status_code == 302


# --- settings --------------------------------------------------------------------------------------------


def test_session_and_cookie_settings_under_test() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert settings.PASSWORD_HASHERS[-2] == "samordna.core.hashers.Argon2idHasher"  # OWASP parameters


def load_settings(**environ: str) -> subprocess.CompletedProcess[str]:
    """Import samordna.settings in a fresh interpreter (not under pytest) and print the security settings."""
    code = (
        "import samordna.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG, "
        "s.TESTING, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(
        [sys.executable, "-c", code], env={**keep, **environ}, capture_output=True, text=True, check=False, timeout=60
    )


def test_production_settings_make_cookies_secure(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    production = load_settings(DEBUG="false", SECRET_KEY="k" * 50, DATABASE_URL=db)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["True", "True", "False", "False", "Argon2idHasher"]

    development = load_settings(DEBUG="true", DATABASE_URL=db)
    assert development.returncode == 0, development.stderr
    assert development.stdout.split()[:3] == ["False", "False", "True"]

    forced = load_settings(DEBUG="true", SECURE_COOKIES="yes", DATABASE_URL=db)
    assert forced.stdout.split()[:2] == ["True", "True"]


def test_production_settings_refuse_a_missing_secret_key_or_garbage(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    no_key = load_settings(DEBUG="false", DATABASE_URL=db)
    assert no_key.returncode != 0
    assert "ImproperlyConfigured" in no_key.stderr and "SECRET_KEY must be set" in no_key.stderr

    garbage = load_settings(DEBUG="kanske", SECRET_KEY="k" * 50, DATABASE_URL=db)
    assert garbage.returncode != 0
    assert "DEBUG must be true or false, not 'kanske'" in garbage.stderr


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_env_bool_true(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SAMORDNA_FLAG", raw)
    assert env.env_bool("SAMORDNA_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SAMORDNA_FLAG", raw)
    assert env.env_bool("SAMORDNA_FLAG", True) is False


@pytest.mark.parametrize("raw", ["ja", "2", "truee", "t"])
def test_env_bool_refuses_garbage(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SAMORDNA_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SAMORDNA_FLAG must be true or false"):
        env.env_bool("SAMORDNA_FLAG", False)


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMORDNA_FLAG", raising=False)
    assert env.env_bool("SAMORDNA_FLAG", True) is True
    assert env.env_bool("SAMORDNA_FLAG", False) is False


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMORDNA_N", "12")
    assert env.env_int("SAMORDNA_N", 3) == 12
    monkeypatch.setenv("SAMORDNA_N", "tolv")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.env_int("SAMORDNA_N", 3)
    monkeypatch.setenv("SAMORDNA_N", " ")
    assert env.env_int("SAMORDNA_N", 3) == 3
    monkeypatch.setenv("SAMORDNA_HOSTS", "a.se, b.se,,")
    assert env.env_list("SAMORDNA_HOSTS") == ["a.se", "b.se"]


def test_env_str_reads_secret_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("hemligt\n", encoding="utf-8")
    monkeypatch.setenv("SAMORDNA_SECRET", "från-miljön")
    monkeypatch.setenv("SAMORDNA_SECRET_FILE", str(secret))
    assert env.env_str("SAMORDNA_SECRET") == "hemligt"
    monkeypatch.setenv("SAMORDNA_SECRET_FILE", str(tmp_path / "saknas"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env.env_str("SAMORDNA_SECRET")


def test_a_refused_update_leaves_the_object_as_it_was(cast: Cast) -> None:
    member = cast.a.kommun
    name = member.name
    with pytest.raises(ValidationError):
        org_services.member_update(acting_user=None, member=member, kind="region", name="Ändrat namn")
    assert (member.kind, member.name, member.municipality_id) == ("kommun", name, "1980")
    # So the corrected change goes through in full.
    org_services.member_update(acting_user=None, member=member, kind="region", municipality=None)
    member.refresh_from_db()
    assert (member.kind, member.municipality_id) == ("region", None)
