"""The audit trail as people read it: Swedish object names, field labels and whole values (old → new).

For participant data (core.audit.is_private) only the labels of the fields written are shown; the rows
hold nothing more. Models are looked up by their label through the app registry, so core imports no
domain app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.audit import FIELDS_KEY, is_private
from samordna.core.models import AuditEntry

#: Object types written without a model of their own (exports, bulk rows).
TYPE_LABELS = {
    "report": gettext_lazy("Rapport"),
    "reports.participants": gettext_lazy("Deltagarstatistik"),
    "authtoken.token": gettext_lazy("API-nyckel"),
    "participants.code_mismatch": gettext_lazy("Uppgifter som inte stämde med en befintlig deltagarkod"),
}
#: Keys of bulk rows (imports, gallring, exports) that are not model fields.
KEY_LABELS = {
    "enrollments": gettext_lazy("insatsdeltaganden"),
    "follow_ups": gettext_lazy("uppföljningar"),
    "participants": gettext_lazy("deltagare"),
    "log_rows_redacted": gettext_lazy("loggrader utan objekt-id"),
    "cutoff": gettext_lazy("avslutade före"),
    "reason": gettext_lazy("anledning"),
    "file": gettext_lazy("fil"),
    "rows": gettext_lazy("rader"),
    "format": gettext_lazy("format"),
    "version": gettext_lazy("version"),
    "period": gettext_lazy("period"),
    "year": gettext_lazy("år"),
    "kind": gettext_lazy("slag"),
    "entries": gettext_lazy("poster"),
    "source": gettext_lazy("källa"),
    "audit": gettext_lazy("granskning"),
    "title": gettext_lazy("rubrik"),
    "source_rows": gettext_lazy("rader i filen"),
    "years": gettext_lazy("år"),
}
EMPTY = "–"


@dataclass
class ChangeLine:
    """One field of an audit row: its label, and (for non-participant data) the value or old → new."""

    label: str
    value: str = ""
    old: str = ""
    new: str = ""
    is_change: bool = False
    names_only: bool = False


@dataclass
class EntryView:
    """An audit row ready for the page."""

    entry: AuditEntry
    object_label: str
    actor: str
    lines: list[ChangeLine] = field(default_factory=list)
    private: bool = False


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """The Swedish name of an object type (`participants.followup` → "Uppföljning")."""
    if object_type in TYPE_LABELS:
        return str(TYPE_LABELS[object_type])
    model = _model(object_type)
    return str(model._meta.verbose_name).capitalize() if model else object_type


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model: type[models.Model] | None, name: str) -> str:
    model_field = _field(model, name)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        label = str(model_field.verbose_name)
        if model_field.is_relation and label == name.replace("_", " ") and model_field.related_model:
            label = str(model_field.related_model._meta.verbose_name)  # no label of its own: the model's name
        return label.capitalize()
    return str(KEY_LABELS.get(name, name)).capitalize()


class _Formatter:
    """Turns stored values into text, looking related objects up once per page."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], str] = {}

    def prefetch(self, entries: list[AuditEntry]) -> None:
        """Look up every related object a page of rows names, in one query per model (not one per row)."""
        wanted: dict[type[models.Model], set[str]] = {}
        for entry in entries:
            model = _model(entry.object_type)
            changes = entry.changes if isinstance(entry.changes, dict) else {}
            if model is None or is_private(entry.object_type):
                continue
            for name, value in changes.items():
                model_field = _field(model, name)
                related = getattr(model_field, "related_model", None) if model_field is not None else None
                if not (getattr(model_field, "is_relation", False) and related) or is_private(related):
                    continue
                for item in value if isinstance(value, list) else [value]:
                    for pk in item if isinstance(item, list) else [item]:
                        if pk not in (None, "", []) and not isinstance(pk, dict | bool):
                            wanted.setdefault(related, set()).add(str(pk))
        for model, pks in wanted.items():
            found = {str(obj.pk): obj for obj in model._default_manager.filter(pk__in=list(pks))}
            for pk in pks:
                obj = found.get(pk)
                key = (model._meta.label_lower, pk)
                self.cache[key] = str(obj) if obj is not None else _("(borttagen, id %(id)s)") % {"id": pk}

    def related(self, model: type[models.Model], pk: Any) -> str:
        key = (model._meta.label_lower, str(pk))
        if key not in self.cache:
            if is_private(model):
                self.cache[key] = object_type_label(model._meta.label_lower)
            else:
                obj = model._default_manager.filter(pk=pk).first()
                self.cache[key] = str(obj) if obj is not None else _("(borttagen, id %(id)s)") % {"id": pk}
        return self.cache[key]

    def value(self, model_field: Any, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, bool):
            return _("Ja") if value else _("Nej")
        if isinstance(value, list):
            return ", ".join(self.value(model_field, v) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self.value(None, v)}" for k, v in value.items())
        if model_field is not None and getattr(model_field, "is_relation", False) and model_field.related_model:
            return self.related(model_field.related_model, value)
        choices = dict(getattr(model_field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            try:
                return formats.date_format(timezone.localtime(dt.datetime.fromisoformat(value)), "Y-m-d H:i")
            except ValueError:
                return value
        return str(value)


def _lines(entry: AuditEntry, model: type[models.Model] | None, fmt: _Formatter) -> list[ChangeLine]:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    lines = []
    for name, value in changes.items():
        model_field = _field(model, name)
        label = _label(model, name)
        if entry.action == AuditEntry.Action.UPDATE and isinstance(value, list) and len(value) == 2:
            lines.append(
                ChangeLine(
                    label=label,
                    old=fmt.value(model_field, value[0]),
                    new=fmt.value(model_field, value[1]),
                    is_change=True,
                )
            )
        else:
            lines.append(ChangeLine(label=label, value=fmt.value(model_field, value)))
    return lines


def present(entries: Any) -> list[EntryView]:
    """The rows of one page of the audit trail, readable."""
    fmt = _Formatter()
    entries = list(entries)
    fmt.prefetch(entries)
    views = []
    for entry in entries:
        model = _model(entry.object_type)
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        private = is_private(entry.object_type) and set(changes) <= {FIELDS_KEY}
        if private:
            lines = [ChangeLine(label=_label(model, name), names_only=True) for name in changes.get(FIELDS_KEY, [])]
        else:
            lines = _lines(entry, model, fmt)
        actor = entry.actor_name or "system"
        if entry.actor_label:
            actor = f"{actor}: {entry.actor_label}"
        views.append(
            EntryView(
                entry=entry,
                object_label=object_type_label(entry.object_type),
                actor=actor,
                lines=lines,
                private=private,
            )
        )
    return views
