"""Compare parsed rows with what is stored and write the difference in bulk (inside the caller's transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models import Exists, OuterRef
from django.utils import timezone

from samordna.core.models import Association
from samordna.participants import rules
from samordna.participants.importer.parse import Lookups, Row
from samordna.participants.models import (
    DEFAULT_FOLLOW_UP_MONTHS,
    Enrollment,
    FollowUp,
    FollowUpStatus,
    Participant,
    new_id,
)

BATCH = 2000
# Row attribute → Enrollment field, for the optional columns.
SCALARS = {"end": "end_date", "end_reason": "end_reason_id", "education": "education_id",
           "occupation_before": "occupation_before_id", "occupation_after": "occupation_after_id",
           "years": "years_in_support_before", "continued_planning": "continued_planning",
           "referred_by": "referred_by_id"}
SLOT = {attr: index for index, attr in enumerate(SCALARS, start=1)}  # position in a stored enrollment tuple
COLUMN_OF = {"end": "end_date", "years": "years_in_support_before"}
M2M = ("support_before", "support_after")


@dataclass
class State:
    """What is stored for the participants and insatser the file names."""

    participants: dict[str, tuple[Any, str, int, str]] = field(default_factory=dict)  # code → (id, g, by, kommun)
    enrollments: dict[tuple[str, int, Any], tuple[Any, ...]] = field(default_factory=dict)  # (code, insats, start)
    episodes: dict[tuple[str, int], list[tuple[Any, Any]]] = field(default_factory=dict)
    supports: dict[str, dict[Any, set[int]]] = field(default_factory=dict)


def load_state(association: Association, rows: list[Row]) -> State:
    """Stored participants (by code), enrollments (by participant, insats, start) and their support codes."""
    state = State()
    codes = {row.code for row in rows}
    by_id: dict[Any, str] = {}
    for pk, code, gender, birth_year, municipality in Participant.objects.filter(association=association).values_list(
            "id", "code", "gender", "birth_year", "municipality_id").iterator(chunk_size=5000):
        if code in codes:
            state.participants[code] = (pk, gender, birth_year, municipality)
            by_id[pk] = code
    interventions = {row.intervention.pk for row in rows}
    fields = ["id", "participant_id", "intervention_id", "start_date", *SCALARS.values()]
    episodes: dict[tuple[str, int], list[tuple[Any, Any]]] = defaultdict(list)
    for values in Enrollment.objects.filter(association=association, intervention_id__in=interventions).values_list(
            *fields).iterator(chunk_size=5000):
        code = by_id.get(values[1])
        if code is None:
            continue
        # (id, end_date, end_reason, …) in SCALARS order, after the id
        state.enrollments[(code, values[2], values[3])] = (values[0], *values[4:])
        episodes[(code, values[2])].append((values[3], values[4]))
    state.episodes = dict(episodes)
    ids = {v[0] for v in state.enrollments.values()}
    for name in M2M:
        through = getattr(Enrollment, name).through
        found: dict[Any, set[int]] = defaultdict(set)
        if ids:
            for enrollment_id, entry_id in through.objects.filter(
                    enrollment__association=association, enrollment__intervention_id__in=interventions).values_list(
                    "enrollment_id", "codelistentry_id").iterator(chunk_size=10000):
                if enrollment_id in ids:
                    found[enrollment_id].add(entry_id)
        state.supports[name] = found
    return state


def _converter(field: Any, connection: Any) -> Callable[[Any], Any]:
    """A fast value → database parameter function for one column (Django's own adaptation otherwise)."""
    target = getattr(field, "target_field", field)
    kind = target.get_internal_type()
    vendor = connection.vendor
    if kind == "UUIDField":
        return (lambda v: v) if connection.features.has_native_uuid_field else (lambda v: v.hex if v else v)
    if kind == "DateField" and vendor == "sqlite":
        return lambda v: v.isoformat() if v is not None else None
    if kind in ("BigAutoField", "AutoField", "BigIntegerField", "IntegerField", "PositiveSmallIntegerField",
                "PositiveIntegerField", "SmallIntegerField", "CharField", "BooleanField", "DateField"):
        return lambda v: v
    if kind == "DateTimeField":
        cache: dict[Any, Any] = {}

        def datetime_value(v: Any) -> Any:
            if v not in cache:
                cache[v] = target.get_db_prep_save(v, connection)
            return cache[v]

        return datetime_value
    return lambda v: target.get_db_prep_save(v, connection)


def insert_rows(model: Any, fields: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """INSERT many rows straight through the cursor (no model instances): the importer's hot path."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    converters = [_converter(f, connection) for f in concrete]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in concrete)}) "
           f"VALUES ({', '.join(['%s'] * len(concrete))})")
    total = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(convert(value) for convert, value in zip(converters, row, strict=True)))
            if len(batch) >= BATCH * 2:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _follow_ups_for(enrollment_id: Any, association_id: int, end: Any, months: tuple[int, ...]) -> list[FollowUp]:
    return [FollowUp(id=new_id(), association_id=association_id, enrollment_id=enrollment_id,
                     months_after_end=m, due_date=rules.add_months(end, m), status=FollowUpStatus.PENDING)
            for m in months]


def apply(association: Association, rows: list[Row], state: State, lookups: Lookups,
          columns: list[str]) -> dict[str, int]:
    """Write participants, enrollments, support codes and follow-ups; remove felregistreringar."""
    counts = dict.fromkeys(("participants_created", "participants_updated", "participants_removed",
                            "enrollments_created", "enrollments_updated", "enrollments_unchanged",
                            "enrollments_removed", "follow_ups_created"), 0)
    present = [attr for attr in SCALARS if COLUMN_OF.get(attr, attr) in columns]
    m2m_present = [name for name in M2M if name in columns]
    connection = connections[router.db_for_write(Enrollment)]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")  # 64 MB page cache for this import's connection
    now = timezone.now()
    new_people: list[tuple[Any, ...]] = []
    changed_people: list[Participant] = []
    for row in rows:
        if row.removes:
            continue
        stored = state.participants.get(row.code)
        if stored is None:
            person_id = new_id()
            new_people.append((person_id, association.pk, row.code, row.gender, row.birth_year, row.municipality, now))
            state.participants[row.code] = (person_id, row.gender, row.birth_year, row.municipality)
        elif stored[1:] != (row.gender, row.birth_year, row.municipality):
            changed_people.append(Participant(id=stored[0], gender=row.gender, birth_year=row.birth_year,
                                              municipality_id=row.municipality))
            state.participants[row.code] = (stored[0], row.gender, row.birth_year, row.municipality)
    counts["participants_created"] = insert_rows(
        Participant, ["id", "association", "code", "gender", "birth_year", "municipality", "created_at"], new_people)
    Participant.objects.bulk_update(changed_people, ["gender", "birth_year", "municipality"], batch_size=BATCH)
    counts["participants_updated"] = len(changed_people)
    del new_people, changed_people

    writer = _Writer(association, present)
    updates: list[Enrollment] = []
    m2m_new: dict[str, list[Any]] = {name: [] for name in M2M}
    m2m_drop: dict[str, list[Any]] = {name: [] for name in M2M}
    ends_moved: dict[Any, Any] = {}
    removals: list[Any] = []
    for row in rows:
        person = state.participants.get(row.code)
        stored = state.enrollments.get((row.code, row.intervention.pk, row.start))
        months = lookups.schedules.get(row.intervention.pk, DEFAULT_FOLLOW_UP_MONTHS)
        if row.removes:
            if stored is not None:
                removals.append(stored[0])
            continue
        if stored is None:
            writer.add(row, person[0], {name: getattr(row, name) or () for name in m2m_present}, months)
            continue
        changes = {SCALARS[a]: getattr(row, a) for a in present if stored[SLOT[a]] != getattr(row, a)}
        for name in m2m_present:
            old, new = state.supports[name].get(stored[0], set()), set(getattr(row, name) or ())
            if old != new:
                m2m_drop[name].append(stored[0])
                m2m_new[name].extend((stored[0], e) for e in new)
                changes[name] = True
        if not changes:
            counts["enrollments_unchanged"] += 1
            continue
        updates.append(Enrollment(id=stored[0], updated_at=now, **{SCALARS[a]: getattr(row, a) for a in present}))
        if "end_date" in changes:
            ends_moved[stored[0]] = (row.end, months)
    writer.flush()
    _write_updates(updates, present, m2m_new, m2m_drop)
    counts["enrollments_created"], counts["enrollments_updated"] = writer.created, len(updates)
    moved = _move_follow_ups(association, ends_moved)
    FollowUp.objects.bulk_create(moved, batch_size=BATCH)
    counts["follow_ups_created"] = writer.follow_ups_created + len(moved)
    if removals:
        counts["enrollments_removed"], counts["participants_removed"] = _remove(association, removals)
    return counts


class _Writer:
    """New enrollments with their support codes and follow-ups, written in batches to keep memory flat."""

    FIELDS = ["id", "association", "participant", "intervention", "start_date", "created_at", "updated_at"]

    def __init__(self, association: Association, present: list[str]) -> None:
        self.association_id = association.pk
        self.present = present
        self.fields = self.FIELDS + [SCALARS[a].removesuffix("_id") for a in present]
        self.now = timezone.now()
        self.enrollments: list[tuple[Any, ...]] = []
        self.through: dict[str, list[tuple[Any, int]]] = {name: [] for name in M2M}
        self.follow_ups: list[tuple[Any, ...]] = []
        self.created = 0
        self.follow_ups_created = 0

    def add(self, row: Row, participant_id: Any, codes: dict[str, Any], months: tuple[int, ...]) -> None:
        enrollment_id = new_id()
        self.enrollments.append((enrollment_id, self.association_id, participant_id, row.intervention.pk, row.start,
                                 self.now, self.now, *(getattr(row, a) for a in self.present)))
        for name, ids in codes.items():
            self.through[name].extend((enrollment_id, e) for e in ids)
        if row.end is not None and "end" in self.present:
            self.follow_ups.extend((new_id(), self.association_id, enrollment_id, m, rules.add_months(row.end, m),
                                    FollowUpStatus.PENDING.value) for m in months)
        if len(self.enrollments) >= BATCH * 2:
            self.flush()

    def flush(self) -> None:
        self.created += insert_rows(Enrollment, self.fields, self.enrollments)
        for name in M2M:
            insert_rows(getattr(Enrollment, name).through, ["enrollment", "codelistentry"], self.through[name])
        self.follow_ups_created += insert_rows(
            FollowUp, ["id", "association", "enrollment", "months_after_end", "due_date", "status"], self.follow_ups)
        self.enrollments, self.follow_ups = [], []
        self.through = {name: [] for name in M2M}


def _write_updates(updates: list[Enrollment], present: list[str], m2m_new: dict[str, list[Any]],
                   m2m_drop: dict[str, list[Any]]) -> None:
    update_fields = [SCALARS[a] for a in present] + ["updated_at"]
    Enrollment.objects.bulk_update(updates, update_fields, batch_size=BATCH)
    for name in M2M:
        through = getattr(Enrollment, name).through
        drop = m2m_drop[name]
        for start in range(0, len(drop), BATCH):
            through.objects.filter(enrollment_id__in=drop[start:start + BATCH]).delete()
        through.objects.bulk_create([through(enrollment_id=e, codelistentry_id=c) for e, c in m2m_new[name]],
                                    batch_size=BATCH * 2)


def _move_follow_ups(association: Association, ends_moved: dict[Any, Any]) -> list[FollowUp]:
    """Pending follow-ups follow a changed end date; missing ones are returned to be created."""
    create: list[FollowUp] = []
    ids = list(ends_moved)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        existing: dict[Any, dict[int, FollowUp]] = defaultdict(dict)
        for follow_up in FollowUp.objects.filter(enrollment_id__in=chunk):
            existing[follow_up.enrollment_id][follow_up.months_after_end] = follow_up
        drop, move = [], []
        for enrollment_id in chunk:
            end, months = ends_moved[enrollment_id]
            have = existing.get(enrollment_id, {})
            if end is None:
                drop += [f.pk for f in have.values() if f.status == FollowUpStatus.PENDING]
                continue
            for m in months:
                follow_up = have.get(m)
                if follow_up is None:
                    create.extend(_follow_ups_for(enrollment_id, association.pk, end, (m,)))
                elif follow_up.status == FollowUpStatus.PENDING:
                    follow_up.due_date = rules.add_months(end, m)
                    move.append(follow_up)
        FollowUp.objects.filter(pk__in=drop).delete()
        FollowUp.objects.bulk_update(move, ["due_date"], batch_size=BATCH)
    return create


def _remove(association: Association, removals: list[Any]) -> tuple[int, int]:
    """Felregistrering: delete the enrollments, and participants nobody else refers to."""
    people = set(Enrollment.objects.filter(pk__in=removals).values_list("participant_id", flat=True))
    Enrollment.objects.filter(pk__in=removals).delete()
    orphans = Participant.objects.filter(association=association, pk__in=people).exclude(
        Exists(Enrollment.objects.filter(participant=OuterRef("pk"))))
    removed_people = orphans.count()
    orphans.delete()
    return len(removals), removed_people
