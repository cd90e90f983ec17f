"""The audit service: every write in Samordna goes through here (Zulip's do_* + RealmAuditLog).

Domain services call `create_audited`, `update_audited` and `delete_audited` (or `record` for
anything else); each validates, saves and writes one AuditEntry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from samordna.core.models import AccessLogEntry, Association, AuditEntry

M = TypeVar("M", bound=models.Model)


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` (foreign keys as ids)."""
    names = fields or [f.name for f in instance._meta.concrete_fields if not f.primary_key]
    result: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(instance, attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    *,
    acting_user: Any,
    association: Association | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor = acting_user if getattr(acting_user, "pk", None) else None
    return AuditEntry.objects.create(
        association=association,
        actor=actor,
        actor_name=(acting_user.get_username() if actor else "system")[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=changes or {},
    )


def _association_of(instance: models.Model) -> Association | None:
    """The association an object belongs to: its own, or its parent's (population → member, staffing → insats)."""
    if isinstance(instance, Association):
        return instance
    association = getattr(instance, "association", None)
    if isinstance(association, Association):
        return association
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.related_model is not Association:
            parent = getattr(instance, field.name, None)
            association = getattr(parent, "association", None)
            if isinstance(association, Association):
                return association
    return None


@transaction.atomic
def create_audited(model: type[M], *, acting_user: Any, m2m: dict[str, Any] | None = None, **values: Any) -> M:
    """Validate and create one object, then record it."""
    instance = model(**values)
    instance.full_clean()
    instance.save()
    for name, related in (m2m or {}).items():
        getattr(instance, name).set(related)
    changes = snapshot(instance)
    changes.update({name: _plain(list(related)) for name, related in (m2m or {}).items()})
    record(
        acting_user=acting_user,
        association=_association_of(instance),
        action=AuditEntry.Action.CREATE,
        obj=instance,
        changes=changes,
    )
    return instance


@transaction.atomic
def update_audited(instance: M, *, acting_user: Any, m2m: dict[str, Any] | None = None, **values: Any) -> M:
    """Validate and save changed fields of one object, then record what changed.

    A refused change leaves `instance` as it was, so a caller may correct the values and try again.
    """
    before = snapshot(instance, values.keys())
    attnames = [getattr(instance._meta.get_field(name), "attname", name) for name in values]
    originals = {attname: getattr(instance, attname) for attname in attnames}
    try:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        changes = diff(before, snapshot(instance, values.keys()))
        if changes:
            instance.save(update_fields=[instance._meta.get_field(n).name for n in changes])
    except Exception:
        for attname, value in originals.items():
            setattr(instance, attname, value)
        raise
    for name, related in (m2m or {}).items():
        manager = getattr(instance, name)
        old = sorted(o.pk for o in manager.all())
        new = sorted(o.pk for o in related)
        if old != new:
            manager.set(related)
            changes[name] = [old, new]
    if changes:
        record(
            acting_user=acting_user,
            association=_association_of(instance),
            action=AuditEntry.Action.UPDATE,
            obj=instance,
            changes=changes,
        )
    return instance


@transaction.atomic
def delete_audited(instance: models.Model, *, acting_user: Any) -> None:
    """Delete one object and record what it was."""
    association = _association_of(instance)
    record(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.DELETE,
        obj=instance,
        changes=snapshot(instance),
    )
    instance.delete()


def log_access(*, user: Any, association: Association, what: str, object_id: str = "", count: int = 1) -> None:
    """Record one view of row-level participant data."""
    AccessLogEntry.objects.create(
        association=association,
        user=user,
        user_name=user.get_username()[:150],
        what=what,
        object_id=object_id,
        count=count,
    )
