"""Response hardening that Django and django-csp do not do for us.

`NoStoreMiddleware` marks responses that must never be kept by a browser or a proxy cache with
`Cache-Control: no-store` (via Django's `add_never_cache_headers`):

- every attachment (`Content-Disposition: attachment`): every export format of every report, the import template,
  and any download added later, without the view having to remember it;
- every page of a URL namespace in `settings.NO_STORE_NAMESPACES` (row-level participant pages);
- every response under a prefix in `settings.NO_STORE_PATH_PREFIXES` (the API, which serves row-level records).

A single view elsewhere can use `django.views.decorators.cache.never_cache`; static files are served by WhiteNoise
before this middleware and keep their long cache lifetimes.

`SessionRefreshMiddleware` keeps the inactivity timeout without a session write on every request: it saves the
session (which moves its expiry to `SESSION_COOKIE_AGE` from now) only when the last save is older than
`SESSION_REFRESH_SECONDS`.

`client_ip` is django-axes' client address: REMOTE_ADDR, or behind the TLS proxy (`BEHIND_TLS_PROXY`) the address
the proxy appended last to X-Forwarded-For, so login throttling by IP counts clients, not the proxy.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


def needs_no_store(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether `response` holds data that no cache may keep (see the module docstring)."""
    if "attachment" in response.get("Content-Disposition", "").lower():
        return True
    if request.path_info.startswith(tuple(getattr(settings, "NO_STORE_PATH_PREFIXES", ()))):
        return True
    match = getattr(request, "resolver_match", None)
    namespaces = set(getattr(settings, "NO_STORE_NAMESPACES", ()))
    return bool(match and namespaces.intersection(match.namespaces))


class NoStoreMiddleware:
    """Add `Cache-Control: no-store` (and Expires in the past) to row-level pages, the API and every export."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if needs_no_store(request, response):
            add_never_cache_headers(response)
        return response


SESSION_REFRESHED_KEY = "_samordna_refreshed"


class SessionRefreshMiddleware:
    """Save a logged-in session again when its last save is older than `settings.SESSION_REFRESH_SECONDS`.

    Django's `SESSION_SAVE_EVERY_REQUEST` would write the session row on every request. Here a request writes
    only when the stored stamp is older than the interval, so a session idle for `SESSION_COOKIE_AGE` seconds
    still ends (somewhere between `SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS` and `SESSION_COOKIE_AGE`
    after the last request), and an active one goes on. Must come after `SessionMiddleware`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        stamp = session.get(SESSION_REFRESHED_KEY)
        if session.modified or not isinstance(stamp, int) or now - stamp >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_REFRESHED_KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class RefuseNulMiddleware:
    """Refuse (400, the Swedish error page) any request whose query string holds a NUL character.

    PostgreSQL cannot hold a NUL, and one that reaches a lookup (a list filter, a search) is a database error,
    not a refusal; no query parameter of Samordna ever needs one. Posted forms are left to their fields, whose
    validators refuse a NUL with a message naming the field (`core.validators`); the API refuses one in any
    field in JSON (`core.api`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from django.core.exceptions import BadRequest

        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL in the query string")
        return self.get_response(request)
