"""Template context: the navigation entries the current user may use in the current association."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from samordna.core.navigation import NAVIGATION
from samordna.core.permissions import associations_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav_items` for the current association and `user_associations` for the switcher."""
    association = getattr(request, "association", None)
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    items = []
    if association is not None:
        current = request.path
        for item in NAVIGATION:
            if item.roles & roles:
                url = reverse(item.url_name, kwargs={"association": association.slug})
                active = current == url if item.url_name == "core:dashboard" else current.startswith(url)
                items.append({"label": item.label, "url": url, "active": active})
    # Error pages rendered before the middleware ran (e.g. a missing static file) have no request.user.
    user = getattr(request, "user", None)
    user_associations = list(associations_for(user)) if user is not None and user.is_authenticated else []
    return {"nav_items": items, "user_associations": user_associations, "current_association": association}


def help_link(request: HttpRequest) -> dict[str, Any]:
    """`help_topic`: the help page of the current page's area (None: the list of help pages)."""
    from samordna.core.help import topic_for

    match = getattr(request, "resolver_match", None)
    namespace = match.namespaces[0] if match is not None and match.namespaces else None
    return {"help_topic": topic_for(namespace)}
