"""Login: throttled per IP across usernames and per username across IPs; one answer for any failed login."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from samordna.testing.cast import PASSWORD, Cast

LIMIT = settings.AXES_FAILURE_LIMIT
LOCKED = "Inloggningen är spärrad"
WRONG = "Fel användarnamn eller lösenord"


def login(client: Client, username: str, password: str, ip: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_twelve_usernames_from_one_ip_are_locked_out_after_the_limit(cast: Cast) -> None:
    """AXES_FAILURE_LIMIT=5: five attempts are tried; the fifth failure locks; the sixth on is refused untried."""
    assert LIMIT == 5
    client = Client()
    answers = [login(client, f"gissning-{n}", "fel-losenord-123", "203.0.113.7") for n in range(12)]
    statuses = [a.status_code for a in answers]
    assert statuses == [200] * (LIMIT - 1) + [429] * (12 - LIMIT + 1)
    assert all(WRONG in a.content.decode() for a in answers[: LIMIT - 1])
    assert all(LOCKED in a.content.decode() for a in answers[LIMIT - 1 :])
    # From the sixth attempt on even the right password of a real user is refused from that address ...
    real = login(client, cast.user("admin").username, PASSWORD, "203.0.113.7")
    assert real.status_code == 429 and "_auth_user_id" not in client.session
    # ... while the same user from another address gets in.
    other = Client()
    assert login(other, cast.user("admin").username, PASSWORD, "198.51.100.20").status_code == 302
    assert "_auth_user_id" in other.session


def test_the_fifth_attempt_from_an_ip_is_still_tried(cast: Cast) -> None:
    client = Client()
    for n in range(LIMIT - 1):
        assert login(client, f"gissning-{n}", "fel-losenord-123", "203.0.113.8").status_code == 200
    assert login(client, cast.user("admin").username, PASSWORD, "203.0.113.8").status_code == 302
    assert "_auth_user_id" in client.session


def test_one_username_from_many_ips_is_locked_out_after_the_limit(cast: Cast) -> None:
    username = cast.user("viewer").username
    statuses = [login(Client(), username, "fel-losenord-123", f"192.0.2.{n}").status_code for n in range(1, 13)]
    assert statuses == [200] * (LIMIT - 1) + [429] * (12 - LIMIT + 1)
    client = Client()
    assert login(client, username, PASSWORD, "192.0.2.200").status_code == 429
    assert "_auth_user_id" not in client.session


def _normalised(html: str, username: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return html.replace(username, "USERNAME")


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(cast: Cast) -> None:
    known = cast.user("registrar").username
    unknown = "cast-finns-inte"
    wrong_password = login(Client(), known, "fel-losenord-123", "198.51.100.1")
    unknown_user = login(Client(), unknown, "fel-losenord-123", "198.51.100.2")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert WRONG in wrong_password.content.decode()
    assert _normalised(wrong_password.content.decode(), known) == _normalised(unknown_user.content.decode(), unknown)
    assert set(wrong_password.headers) == set(unknown_user.headers)


def test_a_locked_known_user_and_a_locked_unknown_user_get_the_same_answer(cast: Cast) -> None:
    known = cast.user("registrar").username
    unknown = "cast-finns-inte"
    answers = {}
    for name in (known, unknown):
        for n in range(LIMIT):
            login(Client(), name, "fel-losenord-123", f"10.{len(answers)}.0.{n + 1}")
        answers[name] = login(Client(), name, "fel-losenord-123", f"10.{len(answers)}.1.1")
    assert answers[known].status_code == answers[unknown].status_code == 429
    assert _normalised(answers[known].content.decode(), known) == _normalised(
        answers[unknown].content.decode(), unknown
    )


def test_client_ip_behind_the_tls_proxy_is_the_address_the_proxy_appended(settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    from samordna.core.middleware import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.1"  # without a proxy the header is the client's word: ignored
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.9"  # the spoofed first entry is not used
