"""The second factor (TOTP): setting up the app, the code after the password, removing it, a förbund that
requires it, and the lock on the user name lifted by a password reset."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.two_factor import SESSION_KEY
from samordna.core.models import AuditEntry
from samordna.testing.cast import PASSWORD, Cast


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _ready(device: TOTPDevice) -> None:
    """As if the next 30-second code had come: the used code and the slow-down after a wrong one are past."""
    device.refresh_from_db()
    device.last_t, device.throttling_failure_count, device.throttling_failure_timestamp = -1, 0, None
    device.save()


def _login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _enrol(client: Client) -> TOTPDevice:
    assert client.post(reverse("two-factor"), {"action": "begin"}).status_code == 302
    page = client.get(reverse("two-factor"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = page.context["pending"]
    response = client.post(reverse("two-factor"), {"action": "confirm", "token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrol_then_every_login_asks_for_the_code(cast: Cast) -> None:
    user = cast.user("registrar")
    client = _login(user.username)
    device = _enrol(client)
    assert AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).exists()
    assert "på" in client.get(reverse("account")).content.decode()

    fresh = _login(user.username)
    dashboard = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    response = fresh.get(dashboard)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-verify"))
    assert fresh.get(reverse("account")).status_code == 302  # nothing but the code page
    assert fresh.get("/api/v1/interventions/").status_code == 401
    wrong = fresh.post(reverse("two-factor-verify"), {"token": "000000", "next": dashboard})
    assert wrong.status_code == 400 and "Koden stämmer inte" in wrong.content.decode()
    device.refresh_from_db()
    _ready(device)
    right = fresh.post(reverse("two-factor-verify"), {"token": _code(device), "next": dashboard})
    assert right.status_code == 302, right.content.decode()[-1500:]
    assert right["Location"] == dashboard
    assert fresh.get(dashboard).status_code == 200
    assert SESSION_KEY not in fresh.session


def test_the_code_page_does_not_redirect_elsewhere(cast: Cast) -> None:
    user = cast.user("viewer")
    _enrol(_login(user.username))
    client = _login(user.username)
    device = TOTPDevice.objects.get(user=user)
    _ready(device)
    response = client.post(reverse("two-factor-verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567", "' or 1=1", "١٢٣٤٥٦"])
def test_bad_codes_are_refused_and_nothing_is_switched_on(token: str, cast: Cast) -> None:
    client = _login(cast.user("viewer").username)
    client.post(reverse("two-factor"), {"action": "begin"})
    response = client.post(reverse("two-factor"), {"action": "confirm", "token": token})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_removal_needs_a_current_code(cast: Cast) -> None:
    user = cast.user("viewer")
    client = _login(user.username)
    device = _enrol(client)
    assert client.post(reverse("two-factor"), {"action": "remove", "token": "000000"}).status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()
    _ready(device)
    assert client.post(reverse("two-factor"), {"action": "remove", "token": _code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_forbund_that_requires_it_sends_users_to_set_it_up(cast: Cast, client_for) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    policy = reverse("accounts:two-factor-policy", kwargs={"association": cast.a.association.slug})
    assert client_for("viewer").get(policy).status_code == 403
    assert client_for("admin_b").get(policy).status_code == 404
    asked = admin.post(policy, {"require": "on"})
    assert asked.status_code == 200 and "Ja, kräv" in asked.content.decode()  # asks first
    cast.a.association.refresh_from_db()
    assert not cast.a.association.require_two_factor
    assert admin.post(policy, {"require": "on", "confirm": "1"}).status_code == 302
    cast.a.association.refresh_from_db()
    assert cast.a.association.require_two_factor

    user = cast.user("registrar")
    client = _login(user.username)
    dashboard = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    response = client.get(dashboard)
    assert response.status_code == 302 and response["Location"] == reverse("two-factor")
    device = _enrol(client)
    assert client.get(dashboard).status_code == 200
    _ready(device)
    refused = client.post(reverse("two-factor"), {"action": "remove", "token": _code(device)})
    assert refused.status_code == 400 and "kräver tvåstegsverifiering" in refused.content.decode()
    # another förbund's users are not touched
    other = _login(cast.user("admin_b").username)
    assert other.get(reverse("core:dashboard", kwargs={"association": cast.b.association.slug})).status_code == 200


def test_a_password_reset_lifts_the_lock_on_the_user_name(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessAttempt

    user = cast.user("viewer")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=user.username).exists()
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    client = Client()
    page = client.get(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    done = client.post(
        page["Location"], {"new_password1": "Ett helt nytt lösen 42", "new_password2": "Ett helt nytt lösen 42"}
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert (
        Client().post(reverse("login"), {"username": user.username, "password": "Ett helt nytt lösen 42"}).status_code
        == 302
    )
