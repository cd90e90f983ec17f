"""The start page's figures: each app contributes its own, so `core` imports no domain app.

An app registers a `StartPanel` from its `AppConfig.ready`; the start page renders, in order, every panel whose
roles meet the user's roles in the förbund, each through its own small template with what `compute` returns.
The same pattern as the main navigation (`core.navigation`) and the report registry.

A panel sits in one of three areas of the page: `figures` (items of the key-figure list), `attention` (its
`compute` returns a list of `Notice`; the notices of every such panel make one list "Att uppmärksamma") or
`section` (a block of its own with a heading). A `compute` that returns None hides its panel. A panel that
shows row-level participant data says `row_level=True`: the page is then never cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from samordna.core.models import Association

AREAS = ("figures", "attention", "section")


@dataclass(frozen=True)
class StartContext:
    """Who looks at the start page: the förbund, the user, their roles there and today's date.

    `shared` lets two panels of one app compute a costly read once per page (e.g. the budget follow-up that
    both the finance figures and the finance notices read).
    """

    association: Association
    user: Any
    roles: frozenset[str]
    today: dt.date
    _shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """What `compute` returns, computed once per page for `key`."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]


@dataclass(frozen=True)
class Notice:
    """One thing that needs attention, with the page that explains it (a Swedish text)."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class StartPanel:
    """One block of figures on a förbund's start page, contributed by an app."""

    key: str
    template: str
    roles: frozenset[str]
    compute: Callable[[StartContext], Any]
    order: int = 100
    area: str = "section"
    row_level: bool = False

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"StartPanel {self.key}: area must be one of {AREAS}")


@dataclass
class StartPage:
    """The panels a user sees, by area, each with its figures; the attention notices merged into one list."""

    figures: list[tuple[StartPanel, Any]] = field(default_factory=list)
    sections: list[tuple[StartPanel, Any]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    row_level: bool = False


_PANELS: dict[str, StartPanel] = {}


def register(panel: StartPanel) -> None:
    """Add a panel (apps call this from AppConfig.ready); registering the same key again replaces it."""
    _PANELS[panel.key] = panel


def registered() -> list[StartPanel]:
    """Every registered panel, in page order."""
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def panels_for(*, context: StartContext) -> list[tuple[StartPanel, Any]]:
    """The panels a user with `context.roles` sees, in order, each with its figures (hidden ones left out)."""
    computed = ((panel, panel.compute(context)) for panel in registered() if panel.roles & context.roles)
    return [(panel, figures) for panel, figures in computed if figures is not None]


def start_page(*, context: StartContext) -> StartPage:
    """The start page of `context`: its panels by area."""
    page = StartPage()
    for panel, figures in panels_for(context=context):
        page.row_level |= panel.row_level
        if panel.area == "figures":
            page.figures.append((panel, figures))
        elif panel.area == "attention":
            page.notices.extend(figures)
        else:
            page.sections.append((panel, figures))
    return page
