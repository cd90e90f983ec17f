"""The main navigation: each entry names the roles that may use it, so each role sees only its own.

Core lists its own pages; every app adds its entries from its AppConfig.ready with `register`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from samordna.core.choices import ALL_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    """One entry in the main navigation."""

    label: str
    url_name: str
    roles: frozenset[str]


NAVIGATION: list[NavItem] = [
    NavItem(_("Översikt"), "core:dashboard", ALL_ROLES),
    NavItem(_("Granskningslogg"), "core:audit-list", frozenset({Role.ADMIN})),
]


def register(item: NavItem, *, before: str | None = None) -> None:
    """Add an entry (apps call this from AppConfig.ready)."""
    if any(existing.url_name == item.url_name for existing in NAVIGATION):
        return
    index = next((i for i, e in enumerate(NAVIGATION) if e.url_name == before), len(NAVIGATION))
    NAVIGATION.insert(index, item)
