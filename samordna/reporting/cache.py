"""Cached report results: the table set before rendering, per förbund, kind, parameters and data version.

A report page asks `cached(association=…, kind=…, params=…, build=…)`. The key holds the förbund's
`data_version` (core.dataversion: it moves after every committed write of the förbund's data), today's date (the
reports that count "so far" or "overdue" change at midnight) and the parameters, so a cached result is never
older than the last write and never crosses förbund. What a role may see is decided by the parameters the view
passes (e.g. `publish`), never by the cache. It uses Django's cache `REPORT_CACHE_ALIAS` (local memory per
process by default, Redis or the database when configured; docs/operations.md) for `REPORT_CACHE_SECONDS`
(0 turns it off, as in the tests unless a test turns it on).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from samordna.core.models import Association

T = TypeVar("T")


def _key(association: Association, kind: str, params: Mapping[str, Any]) -> str:
    material = json.dumps(
        [association.pk, association.data_version, timezone.localdate().isoformat(), kind, params],
        sort_keys=True,
        default=str,
    )
    return f"samordna:report:{kind}:{hashlib.sha256(material.encode()).hexdigest()}"


def cached(*, association: Association, kind: str, params: Mapping[str, Any], build: Callable[[], T]) -> T:
    """The result of `build()`, from the cache when the same report of the same data was built before.

    `params` must hold everything the result depends on besides the förbund's data (the period, the insatser,
    published or internal, …); values are compared by their JSON or `str` form. An exception is never cached.
    """
    seconds = getattr(settings, "REPORT_CACHE_SECONDS", 0)
    if not seconds:
        return build()
    cache = caches[getattr(settings, "REPORT_CACHE_ALIAS", "default")]
    key = _key(association, kind, params)
    found = cache.get(key)
    if found is not None:
        return cast(T, found)
    result = build()
    cache.set(key, result, seconds)
    return result
