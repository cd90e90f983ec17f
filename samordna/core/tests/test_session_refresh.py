"""Sessions without a write on every request, and the inactivity timeout kept (issue #19 item 3).

Time is moved by editing the session row in the real database: its expiry (what an idle period of
SESSION_COOKIE_AGE does) and the stamp of its last save (what SESSION_REFRESH_SECONDS of activity does).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samordna.core.choices import Role
from samordna.core.middleware import SESSION_REFRESHED_KEY
from samordna.testing.cast import Cast


def _home(cast: Cast) -> str:
    return reverse("core:dashboard", kwargs={"association": cast.a.association.slug})


def _row(client: Client) -> Session:
    return Session.objects.get(pk=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _age(client: Client, *, stamp_seconds_ago: int, expires_in: dt.timedelta) -> None:
    """Make the client's session look `stamp_seconds_ago` old and end in `expires_in`."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(session_key=key)
    store[SESSION_REFRESHED_KEY] = int(time.time()) - stamp_seconds_ago
    store.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + expires_in)


def _session_writes(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    writes = [
        q["sql"]
        for q in context.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    return response.status_code, writes


def test_settings_do_not_save_every_request() -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_SECONDS < settings.SESSION_COOKIE_AGE
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert settings.MIDDLEWARE.index("samordna.core.middleware.SessionRefreshMiddleware") > sessions


def test_a_request_soon_after_the_last_save_writes_no_session(cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.ADMIN)
    assert _session_writes(client, _home(cast))[0] == 200  # the first request stamps the session
    expiry = _row(client).expire_date
    status, writes = _session_writes(client, _home(cast))
    assert status == 200 and writes == []
    assert _row(client).expire_date == expiry


def test_an_active_session_is_extended_when_its_last_save_is_old(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.ADMIN)
    _age(client, stamp_seconds_ago=settings.SESSION_REFRESH_SECONDS + 1, expires_in=dt.timedelta(minutes=1))
    status, writes = _session_writes(client, _home(cast))
    assert status == 200 and len(writes) == 1
    remaining = _row(client).expire_date - timezone.now()
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert client.get(_home(cast)).status_code == 200  # still logged in


def test_an_idle_session_past_the_timeout_is_logged_out(cast: Cast, client_for: Callable[[str], Client]) -> None:
    client = client_for(Role.ADMIN)
    assert client.get(_home(cast)).status_code == 200
    # Idle: no request for SESSION_COOKIE_AGE since the last save, so the stored expiry has passed.
    _age(client, stamp_seconds_ago=settings.SESSION_COOKIE_AGE, expires_in=-dt.timedelta(seconds=1))
    response = client.get(_home(cast))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(_home(cast)).status_code == 302


def test_an_idle_session_just_inside_the_timeout_is_not_logged_out(
    cast: Cast, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.ADMIN)
    assert client.get(_home(cast)).status_code == 200
    _age(client, stamp_seconds_ago=settings.SESSION_COOKIE_AGE - 60, expires_in=dt.timedelta(seconds=60))
    assert client.get(_home(cast)).status_code == 200
    assert _row(client).expire_date - timezone.now() > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_anonymous_visitors_get_no_session(client: Client, db: None) -> None:
    client.get(reverse("login"))
    assert Session.objects.count() == 0
