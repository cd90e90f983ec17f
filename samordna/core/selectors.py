"""Read-side queries of the core app."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from samordna.core.models import Association, AuditEntry


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
    qs = AuditEntry.objects.filter(association=association)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
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
    return list(
        AuditEntry.objects.filter(association=association)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
