"""The start page's figures: each app contributes its own, so `core` imports no domain app.

An app registers a `StartPanel` from its `AppConfig.ready`; the start page renders, in order, every panel whose
roles meet the user's roles in the förbund, each through its own small template with what `compute` returns.
The same pattern as the main navigation (`core.navigation`) and the report registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from samordna.core.models import Association


@dataclass(frozen=True)
class StartPanel:
    """One block of figures on a förbund's start page, contributed by an app."""

    key: str
    template: str
    roles: frozenset[str]
    compute: Callable[[Association], Any]
    order: int = 100


_PANELS: dict[str, StartPanel] = {}


def register(panel: StartPanel) -> None:
    """Add a panel (apps call this from AppConfig.ready); registering the same key again replaces it."""
    _PANELS[panel.key] = panel


def panels_for(*, association: Association, roles: frozenset[str]) -> list[tuple[StartPanel, Any]]:
    """The panels a user with `roles` sees in `association`, in order, each with its figures."""
    visible = sorted((p for p in _PANELS.values() if p.roles & roles), key=lambda p: (p.order, p.key))
    return [(panel, panel.compute(association)) for panel in visible]
