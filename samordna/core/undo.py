""" "Ångra" for a short while after a change that can be taken back.

A view that has just removed or replaced something offers the way back with `offer(request, association, key,
data)`: what is needed to restore it (ids and plain values, never participant data) is kept in the user's own
session for `UNDO_SECONDS`. The page then shows an "Ångra" button while `pending(...)` finds it, and the view that
takes the button calls `take(...)`, which gives the data once and only within the time (else None, and the view
says so in Swedish). The restore itself goes through the app's service like any other write, and is audited.
"""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

from samordna.core.models import Association

UNDO_SECONDS = 10 * 60
_SESSION_KEY = "samordna_undo"


def _store(request: HttpRequest) -> dict[str, Any]:
    store = request.session.get(_SESSION_KEY)
    return store if isinstance(store, dict) else {}


def _full_key(association: Association, key: str) -> str:
    return f"{association.pk}:{key}"


def offer(request: HttpRequest, association: Association, key: str, data: dict[str, Any]) -> None:
    """Keep `data` (JSON values) so that the change named `key` can be taken back for a while."""
    now = time.time()
    store = {k: v for k, v in _store(request).items() if v.get("until", 0) > now}  # drop the expired
    store[_full_key(association, key)] = {"until": now + UNDO_SECONDS, "data": data}
    request.session[_SESSION_KEY] = store


def pending(request: HttpRequest, association: Association, key: str) -> dict[str, Any] | None:
    """The data of a change that can still be taken back, without using it up."""
    entry = _store(request).get(_full_key(association, key))
    if not entry or entry.get("until", 0) <= time.time():
        return None
    data = entry.get("data")
    return data if isinstance(data, dict) else None


def take(request: HttpRequest, association: Association, key: str) -> dict[str, Any] | None:
    """The data to take a change back with, once: None when it was already taken back or the time is out."""
    data = pending(request, association, key)
    store = _store(request)
    if store.pop(_full_key(association, key), None) is not None:
        request.session[_SESSION_KEY] = store
    return data


def pending_keys(request: HttpRequest, association: Association, prefix: str) -> list[str]:
    """The keys (without the förbund) of the changes of this förbund starting with `prefix` that can still be
    taken back."""
    now, start = time.time(), _full_key(association, prefix)
    return [
        key.split(":", 1)[1]
        for key, entry in _store(request).items()
        if key.startswith(start) and isinstance(entry, dict) and entry.get("until", 0) > now
    ]
