"""Write services of the activities app: events and their attendance; each validates and writes audit rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.activities.importer import EventSpec, validate_events_file
from samordna.activities.models import Attendance, AttendeeRole, Event
from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.imports import apply_all, bulk_insert
from samordna.core.models import Association
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import Intervention, Orientation
from samordna.organisations import selectors as organisation_selectors
from samordna.organisations.models import Member

#: One cell of the attendance grid: (member id or None for others, role).
Cell = tuple[int | None, str]


def _check(association: Association, fields: Mapping[str, Any]) -> None:
    """Refuse an insats of another förbund or an individual one, and a date outside the years Samordna takes."""
    errors: dict[str, str] = {}
    intervention: Intervention | None = fields.get("intervention")
    if intervention is not None:
        if intervention.association_id != association.pk:
            errors["intervention"] = _("Insatsen tillhör inte förbundet.")
        elif intervention.orientation != Orientation.STRUCTURAL:
            errors["intervention"] = _("En aktivitet hör till en strukturövergripande insats.")
    date = fields.get("date")
    if date is not None and not FIRST_YEAR <= date.year <= LAST_YEAR:
        errors["date"] = _("Datumet ska ligga mellan %(first)s och %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, acting_user: Any, association: Association, **fields: Any) -> Event:
    """Create an event (code, title, kind, date, end_date, days, intervention, organisers, evaluation)."""
    _check(association, fields)
    return create_audited(Event, acting_user=acting_user, association=association, **fields)


@transaction.atomic
def event_update(*, acting_user: Any, event: Event, **fields: Any) -> Event:
    """Change an event's facts (an update that changes nothing writes nothing)."""
    _check(event.association, fields)
    return update_audited(event, acting_user=acting_user, **fields)


@transaction.atomic
def event_delete(*, acting_user: Any, event: Event) -> None:
    """Delete an event and its attendance (one audit row for each)."""
    for row in event.attendance.all():
        delete_audited(row, acting_user=acting_user)
    delete_audited(event, acting_user=acting_user)


def _check_grid(event: Event, grid: Mapping[Cell, int]) -> dict[int, Member]:
    """The members the grid names, after refusing another förbund's member, a bad role or count."""
    member_ids = {member for member, _role in grid if member is not None}
    members: dict[int, Member] = {
        m.pk: m for m in organisation_selectors.members(association=event.association).filter(pk__in=member_ids)
    }
    errors: list[str] = []
    if member_ids - set(members):
        errors.append(_("Medlemmen tillhör inte förbundet."))
    if any(role not in AttendeeRole.values for _member, role in grid):
        errors.append(_("Okänd roll."))
    if any(not isinstance(count, int) or isinstance(count, bool) or count < 0 for count in grid.values()):
        errors.append(_("Antalet ska vara ett heltal som är 0 eller mer."))
    if errors:
        raise ValidationError({"attendance": errors})
    return members


@transaction.atomic
def attendance_replace(*, acting_user: Any, event: Event, grid: Mapping[Cell, int]) -> int:
    """Replace an event's attendance with `grid` ({(member id or None, role): count}); a missing cell is zero.

    Writes one audit row per changed cell (created, changed or removed); returns how many cells changed.
    """
    members = _check_grid(event, grid)
    wanted = {cell: count for cell, count in grid.items() if count}
    existing = {(row.member_id, row.role): row for row in event.attendance.all()}
    changed = 0
    for cell, row in existing.items():
        if cell not in wanted:
            delete_audited(row, acting_user=acting_user)
            changed += 1
        elif row.count != wanted[cell]:
            update_audited(row, acting_user=acting_user, count=wanted[cell])
            changed += 1
    for (member_id, role), count in wanted.items():
        if (member_id, role) not in existing:
            create_audited(
                Attendance,
                acting_user=acting_user,
                event=event,
                member=members[member_id] if member_id is not None else None,
                role=role,
                count=count,
            )
            changed += 1
    return changed


def events_import(*, acting_user: Any, association: Association, data: bytes, filename: str = "") -> dict[str, int]:
    """Import an Events CSV or XLSX (docs/contracts.md): events upserted by code, and the attendance of the
    events in the file replaced by the file's rows.

    All or nothing: any problem raises ImportFailed and nothing is written; the writes run in the kit's
    `apply_all`. Events are written through the audited helpers (an unchanged event writes nothing); the
    attendance changes are written in bulk with one audit row for the import, only when something changed,
    so importing the same file twice writes nothing the second time.
    """
    specs = validate_events_file(association=association, data=data)
    return apply_all(_events_write, acting_user, association, specs, filename)


def _events_write(acting_user: Any, association: Association, specs: list[EventSpec], filename: str) -> dict[str, int]:
    """The writes of events_import for validated events (inside its transaction)."""
    existing = {e.code: e for e in Event.objects.filter(association=association, code__in=[s.code for s in specs])}
    created = updated = 0
    events: dict[str, Event] = {}
    for spec in specs:
        event = existing.get(spec.code)
        if event is None:
            event = create_audited(
                Event, acting_user=acting_user, association=association, code=spec.code, **spec.fields
            )
            created += 1
        elif any(getattr(event, name) != value for name, value in spec.fields.items()):
            update_audited(event, acting_user=acting_user, **spec.fields)
            updated += 1
        events[spec.code] = event
    stored = {
        (row.event_id, row.member_id, row.role): row
        for row in Attendance.objects.filter(event__in=[e.pk for e in events.values()])
    }
    wanted = {
        (events[spec.code].pk, member_id, role): count
        for spec in specs
        for (member_id, role), count in spec.attendance.items()
    }
    removed = [row.pk for key, row in stored.items() if key not in wanted]
    changed = [row for key, row in stored.items() if key in wanted and row.count != wanted[key]]
    for row in changed:
        row.count = wanted[(row.event_id, row.member_id, row.role)]
    new = [
        Attendance(event_id=event_id, member_id=member_id, role=role, count=count)
        for (event_id, member_id, role), count in wanted.items()
        if (event_id, member_id, role) not in stored
    ]
    Attendance.objects.filter(pk__in=removed).delete()
    Attendance.objects.bulk_update(changed, ["count"], batch_size=1000)
    added = bulk_insert(Attendance, new)
    summary = {
        "events": len(specs),
        "events_created": created,
        "events_updated": updated,
        "attendance_created": added,
        "attendance_updated": len(changed),
        "attendance_removed": len(removed),
        "attendance_total": sum(wanted.values()),
    }
    if added or changed or removed:  # an import that changes no attendance leaves no bulk row
        record(
            acting_user=acting_user,
            association=association,
            action="import",
            object_type="activities.attendance",
            object_repr=(_("Import av aktiviteter %(file)s") % {"file": filename})[:200],
            changes=summary,
        )
    return summary
