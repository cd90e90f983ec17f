"""The audit service: every write in Samordna goes through here (Zulip's do_* + RealmAuditLog).

Domain services call `create_audited`, `update_audited` and `delete_audited` (or `record` for
anything else); each validates, saves and writes one AuditEntry in the same transaction.

Privacy (docs/DESIGN.md, rule 7): for participant data (`is_private`) an audit row holds who, when,
the object kind, the action and the *names* of the fields written, never their values, the code or
anything else that describes the person. Passwords are never recorded for any object.

The actor is a user, or a `NonUserActor` (a command run from the command line, see `core.cli`), whose
label names the operating-system user and the `--by` name; `None` is recorded as "system".
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction

from samordna.core.dataversion import bump_after_commit
from samordna.core.models import AccessLogEntry, Association, AuditEntry

M = TypeVar("M", bound=models.Model)

#: Apps whose rows are participant data: audited without values (field names only).
PRIVATE_APP_LABELS = frozenset({"participants"})
#: Fields never written to an audit row, whatever the object.
SECRET_FIELDS = frozenset({"password"})
#: Key under which a private object's audit row lists the fields written.
FIELDS_KEY = "fields"


@dataclass(frozen=True)
class NonUserActor:
    """Someone acting without a Samordna login: a command run by an operating-system user (`core.cli`)."""

    label: str
    name: str = "system"
    pk: None = None

    def get_username(self) -> str:
        """The name recorded as the actor (the label says who really ran it)."""
        return self.name


def is_private(model_or_label: type[models.Model] | models.Model | str) -> bool:
    """Whether rows of this model (or `app.model` label) are participant data."""
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return label.partition(".")[0] in PRIVATE_APP_LABELS


def private_repr(instance: models.Model | type[models.Model]) -> str:
    """What an audit row may say about a participant object: its kind, nothing more."""
    return str(instance._meta.verbose_name).capitalize()


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
    """The concrete field values of `instance` (foreign keys as ids), never a password."""
    names = fields or [f.name for f in instance._meta.concrete_fields if not f.primary_key]
    result: dict[str, Any] = {}
    for name in names:
        if name in SECRET_FIELDS:
            continue
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _plain(getattr(instance, attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def redact(changes: dict[str, Any], *, empty_too: bool = True) -> dict[str, Any]:
    """The private form of `changes`: only the names of the fields written, never a value."""
    names = [k for k, v in changes.items() if empty_too or v not in (None, "", [], False)]
    return {FIELDS_KEY: sorted(names)} if names else {}


def _actor(acting_user: Any) -> tuple[Any, str, str]:
    """(user or None, actor_name, actor_label) for an audit row."""
    if getattr(acting_user, "pk", None):
        return acting_user, acting_user.get_username()[:150], ""
    if isinstance(acting_user, NonUserActor):
        return None, acting_user.name[:150], acting_user.label[:200]
    return None, "system", ""


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
    """Write one audit row.

    For a participant object (`obj` of a private model) the row keeps only the object's kind and the
    names of the fields in `changes`, whatever the caller passed. A bulk row without `obj` (an import
    or a prune) keeps its counts.
    """
    changes = changes or {}
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if is_private(obj):
            object_repr = private_repr(obj)
            changes = changes if set(changes) <= {FIELDS_KEY} else redact(changes)
        else:
            object_repr = object_repr or str(obj)[:200]
    actor, actor_name, actor_label = _actor(acting_user)
    if action != AuditEntry.Action.EXPORT:  # an export reads; everything else changed the data
        bump_after_commit(association.pk if association is not None else None)
    return AuditEntry.objects.create(
        association=association,
        actor=actor,
        actor_name=actor_name,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=changes,
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
    if is_private(model):
        changes = redact(changes, empty_too=False)
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
        changes: dict[str, Any] = diff(before, snapshot(instance, values.keys()))
        # A secret (a password) is never compared or shown: giving one always writes it and says so.
        changes.update({name: ["", ""] for name in values if name in SECRET_FIELDS})
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
            changes=redact(changes) if is_private(instance) else changes,
        )
    return instance


@transaction.atomic
def save_audited(instance: M, *, acting_user: Any, changed: Iterable[str] | None = None) -> M:
    """Save an object a form has already filled in and validated (the operator's admin), and record it.

    A new object is recorded with its values; a changed one with old → new of `changed` (the form's
    changed fields; all concrete fields when None). A change that changes nothing writes no audit row.
    """
    model = type(instance)
    concrete = {f.name for f in instance._meta.concrete_fields if not f.primary_key}
    if instance.pk is None or not model._default_manager.filter(pk=instance.pk).exists():
        instance.save()
        created = snapshot(instance)
        record(
            acting_user=acting_user,
            association=_association_of(instance),
            action=AuditEntry.Action.CREATE,
            obj=instance,
            changes=redact(created, empty_too=False) if is_private(model) else created,
        )
        return instance
    names = [n for n in (changed if changed is not None else concrete) if n in concrete]
    original = model._default_manager.get(pk=instance.pk)
    changes: dict[str, Any] = diff(snapshot(original, names), snapshot(instance, names)) if names else {}
    changes.update({n: ["", ""] for n in names if n in SECRET_FIELDS})
    instance.save()
    if changes:
        record(
            acting_user=acting_user,
            association=_association_of(instance),
            action=AuditEntry.Action.UPDATE,
            obj=instance,
            changes=redact(changes) if is_private(model) else changes,
        )
    return instance


@transaction.atomic
def delete_audited(instance: models.Model, *, acting_user: Any) -> None:
    """Delete one object and record what it was (for participant data: only that it was deleted)."""
    association = _association_of(instance)
    record(
        acting_user=acting_user,
        association=association,
        action=AuditEntry.Action.DELETE,
        obj=instance,
        changes={} if is_private(instance) else snapshot(instance),
    )
    instance.delete()


def forget(*, association: Association, object_ids: Iterable[Any]) -> int:
    """Gallring reaches the logs: the association's audit and access-log rows about these objects lose the id.

    The rows stay (who did what kind of write or view, when) but no longer point at a pruned record.
    Meant for random ids (participant data has UUID keys). Returns how many rows were redacted.
    """
    ids = [str(i) for i in object_ids]
    count = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        count += AuditEntry.objects.filter(association=association, object_id__in=chunk).update(object_id="")
        count += AccessLogEntry.objects.filter(association=association, object_id__in=chunk).update(object_id="")
    return count


def log_access(*, user: Any, association: Association, what: str, object_id: str = "", count: int = 1) -> None:
    """Record one view of row-level participant data (or of the audit trail itself)."""
    AccessLogEntry.objects.create(
        association=association,
        user=user,
        user_name=user.get_username()[:150],
        what=what,
        object_id=object_id,
        count=count,
    )
