"""Read-side queries of the core app."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from samordna.core.models import Association, AuditEntry

#: Install-wide reference data: its audit rows (no förbund) show in every förbund's trail.
SHARED_OBJECT_TYPES = ("core.codelistentry", "core.municipality")


def _trail(association: Association) -> QuerySet[AuditEntry]:
    """The rows of one association's trail: its own, and changes to the shared reference data."""
    return AuditEntry.objects.filter(
        Q(association=association) | Q(association__isnull=True, object_type__in=SHARED_OBJECT_TYPES)
    )


def audit_entries(
    *,
    association: Association,
    actor: str = "",
    object_type: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The audit trail of one association, filtered."""
    qs = _trail(association)
    if actor:
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor_label__icontains=actor))
    if object_type:
        qs = qs.filter(object_type=object_type)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("actor")


def audit_object_types(*, association: Association) -> list[str]:
    """The object types that occur in an association's audit trail."""
    return list(_trail(association).order_by("object_type").values_list("object_type", flat=True).distinct())


def latest_imports(*, association: Association, limit: int) -> list[AuditEntry]:
    """The förbund's latest imports of any kind (budget, ledger, participants, organisation), newest first."""
    return list(_trail(association).filter(association=association, action=AuditEntry.Action.IMPORT)[:limit])
