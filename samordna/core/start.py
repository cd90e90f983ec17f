"""Core's own panel on the start page: the latest imports of any kind, from the audit trail (admins)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samordna.core import selectors
from samordna.core.audit_display import object_type_label
from samordna.core.dashboard import StartContext, StartPanel, register
from samordna.core.models import AuditEntry
from samordna.core.tenancy import ADMINS

LATEST_IMPORTS = 5


def _name(entry: AuditEntry) -> str:
    """The imported file's name where the row keeps it (a bulk import's counts say little at a glance)."""
    file = entry.changes.get("file") if isinstance(entry.changes, dict) else None
    return file if isinstance(file, str) and file else entry.object_repr


def latest_imports(context: StartContext) -> dict[str, Any]:
    """The latest imports (what, file or object, when, by whom) and the audit page that lists them all."""
    entries = selectors.latest_imports(association=context.association, limit=LATEST_IMPORTS)
    url = reverse("core:audit-list", kwargs={"association": context.association.slug})
    return {
        "rows": [
            {
                "what": object_type_label(e.object_type),
                "name": _name(e),
                "at": e.at,
                "by": e.actor_label or e.actor_name,
            }
            for e in entries
        ],
        "url": f"{url}?action={AuditEntry.Action.IMPORT}",
    }


def register_panels() -> None:
    """Register core's start panels (CoreConfig.ready)."""
    register(
        StartPanel(
            key="imports",
            template="core/_start_imports.html",
            roles=ADMINS,
            compute=latest_imports,
            order=80,
        )
    )
