"""The registry of report kinds: `samordna report KIND …` and the export links find kinds here.

An app adds a kind with one call from its AppConfig.ready (or a module imported there):

    register(ReportKind(name="participants", help="…", add_arguments=add_args, build=build))

`add_arguments(parser)` adds the kind's own options (the command adds --association, --format and
-o); `build(association=…, options=…)` returns a tables.Report, raising django's ValidationError
with a Swedish message on bad options.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from samordna.core.models import Association
from samordna.reporting.tables import Report


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: its name, help text, CLI options and builder."""

    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    build: Callable[..., Report]


_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Add a report kind (idempotent per name: the later registration wins)."""
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, ReportKind]:
    """All registered kinds by name."""
    return dict(sorted(_KINDS.items()))


def build(name: str, *, association: Association, options: dict[str, Any]) -> Report:
    """Build a report of kind `name`."""
    return _KINDS[name].build(association=association, options=options)
