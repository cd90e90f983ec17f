"""Compare parsed rows with what is stored and write the difference in bulk (inside the caller's transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.utils import timezone

from samordna.core.models import Association
from samordna.participants import rules, support_mask
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
SQLITE_CACHE_KIB = 16 * 1024  # page cache while an import writes (see _sqlite_cache)
# Row attribute → Enrollment field, for the optional columns.
SCALARS = {
    "end": "end_date",
    "end_reason": "end_reason_id",
    "education": "education_id",
    "occupation_before": "occupation_before_id",
    "occupation_after": "occupation_after_id",
    "years": "years_in_support_before",
    "continued_planning": "continued_planning",
    "referred_by": "referred_by_id",
}
SLOT = {attr: index for index, attr in enumerate(SCALARS, start=1)}  # position in a stored enrollment tuple
COLUMN_OF = {"end": "end_date", "years": "years_in_support_before"}
M2M = ("support_before", "support_after")


@dataclass
class State:
    """What is stored for the participants and insatser the file names.

    Kept compact because a large file's stored state sits in memory next to its parsed rows: repeated values
    (dates, codes, support-code sets) are one shared object each, and the support codes are one frozenset per
    enrollment, read in enrollment order so that only one enrollment's set is being built at a time.
    """

    participants: dict[str, tuple[Any, str, int, str]] = field(default_factory=dict)  # code → (id, g, by, kommun)
    enrollments: dict[tuple[str, int, Any], tuple[Any, ...]] = field(default_factory=dict)  # (code, insats, start)
    supports: dict[str, dict[Any, frozenset[int]]] = field(default_factory=dict)  # m2m name → enrollment id → codes

    def episodes(self) -> Iterator[tuple[tuple[str, int, Any], Any]]:
        """Every stored enrollment as ((code, insats, start), end date)."""
        for key, stored in self.enrollments.items():
            yield key, stored[SLOT["end"]]


class _Shared:
    """One object per distinct value, per column (so that 1, True and Decimal('1') never stand in for each other)."""

    def __init__(self) -> None:
        self._columns: dict[Any, dict[Any, Any]] = defaultdict(dict)

    def __call__(self, column: Any, value: Any) -> Any:
        if value is None:
            return None
        return self._columns[column].setdefault(value, value)


def load_state(association: Association, rows: list[Row]) -> State:
    """Stored participants (by code), enrollments (by participant, insats, start) and their support codes."""
    state = State()
    share = _Shared()
    codes = {row.code for row in rows}
    by_id: dict[Any, str] = {}
    for pk, code, gender, birth_year, municipality in (
        Participant.objects.filter(association=association)
        .values_list("id", "code", "gender", "birth_year", "municipality_id")
        .iterator(chunk_size=5000)
    ):
        if code in codes:
            state.participants[code] = (
                pk,
                share("gender", gender),
                share("birth_year", birth_year),
                share("municipality", municipality),
            )
            by_id[pk] = code
    del codes
    interventions = {row.intervention.pk for row in rows}
    fields = ["id", "participant_id", "intervention_id", "start_date", *SCALARS.values()]
    ids: dict[Any, Any] = {}  # each stored enrollment id → itself, to share it with the support lookups
    for values in (
        Enrollment.objects.filter(association=association, intervention_id__in=interventions)
        .values_list(*fields)
        .iterator(chunk_size=5000)
    ):
        code = by_id.get(values[1])
        if code is None:
            continue
        # (id, end_date, end_reason, …) in SCALARS order, after the id
        state.enrollments[(code, values[2], share("start", values[3]))] = (
            values[0],
            *(share(index, value) for index, value in enumerate(values[4:])),
        )
        ids[values[0]] = values[0]
    del by_id
    for name in M2M:
        state.supports[name] = _load_supports(association, name, interventions, ids, share) if ids else {}
    return state


def _load_supports(
    association: Association, name: str, interventions: set[int], ids: dict[Any, Any], share: _Shared
) -> dict[Any, frozenset[int]]:
    """Enrollment id → its support codes (a shared frozenset), for the enrollments in `ids`."""
    through = getattr(Enrollment, name).through
    found: dict[Any, frozenset[int]] = {}
    current: Any = None
    entries: list[int] = []
    query = (
        through.objects.filter(enrollment__association=association, enrollment__intervention_id__in=interventions)
        .order_by("enrollment_id", "codelistentry_id")
        .values_list("enrollment_id", "codelistentry_id")
    )
    for enrollment_id, entry_id in query.iterator(chunk_size=10000):
        if enrollment_id != current:
            if current is not None:
                found[current] = share(name, frozenset(entries))
            current, entries = ids.get(enrollment_id), []
        if current is not None:
            entries.append(entry_id)
    if current is not None:
        found[current] = share(name, frozenset(entries))
    return found


def _converter(field: Any, connection: Any) -> Callable[[Any], Any]:
    """A fast value → database parameter function for one column (Django's own adaptation otherwise)."""
    target = getattr(field, "target_field", field)
    kind = target.get_internal_type()
    vendor = connection.vendor
    if kind == "UUIDField":
        return (lambda v: v) if connection.features.has_native_uuid_field else (lambda v: v.hex if v else v)
    if kind == "DateField" and vendor == "sqlite":
        return lambda v: v.isoformat() if v is not None else None
    if kind in (
        "BigAutoField",
        "AutoField",
        "BigIntegerField",
        "IntegerField",
        "PositiveSmallIntegerField",
        "PositiveIntegerField",
        "SmallIntegerField",
        "CharField",
        "BooleanField",
        "DateField",
    ):
        return lambda v: v
    if kind == "DateTimeField":
        cache: dict[Any, Any] = {}

        def datetime_value(v: Any) -> Any:
            if v not in cache:
                cache[v] = target.get_db_prep_save(v, connection)
            return cache[v]

        return datetime_value
    return lambda v: target.get_db_prep_save(v, connection)


def _defaults(model: Any, given: list[Any]) -> list[tuple[Any, Any]]:
    """(field, value) for each concrete column not in `given` that has a default, a fixed value per call.

    A file without an optional column writes no value for it; the column then gets what Django would have
    given it (e.g. 0 for a counter, the time for an auto_now field), never NULL where the database refuses NULL.
    """
    names = {f.name for f in given}
    fill: list[tuple[Any, Any]] = []
    for f in model._meta.concrete_fields:
        if f.name in names or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill.append((f, timezone.now()))
        elif f.has_default():
            fill.append((f, f.get_default()))
    return fill


def insert_rows(model: Any, fields: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """INSERT many rows straight through the cursor (no model instances): the importer's hot path.

    PostgreSQL gets COPY; SQLite a prepared INSERT run with executemany.
    """
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    fill = _defaults(model, concrete)
    if fill:  # columns the caller leaves out get the model's default (a raw INSERT would leave them NULL)
        concrete += [f for f, _value in fill]
        extra = tuple(value for _f, value in fill)
        rows = (row + extra for row in rows)
    converters = [_converter(f, connection) for f in concrete]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in concrete)}) "
        f"VALUES ({', '.join(['%s'] * len(concrete))})"
    )
    total = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(quote(f.column) for f in concrete)
            # COPY runs on the driver's own cursor: its errors are turned into Django's (DatabaseError) here.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row([convert(value) for convert, value in zip(converters, row, strict=True)])
                    total += 1
            return total
        batch: list[tuple[Any, ...]] = []
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


def apply(
    association: Association, rows: list[Row], state: State, lookups: Lookups, columns: list[str]
) -> dict[str, int]:
    """Write participants, enrollments, support codes and follow-ups; remove felregistreringar."""
    counts = dict.fromkeys(
        (
            "participants_created",
            "participants_updated",
            "participants_removed",
            "enrollments_created",
            "enrollments_updated",
            "enrollments_unchanged",
            "enrollments_removed",
            "follow_ups_created",
        ),
        0,
    )
    present = [attr for attr in SCALARS if COLUMN_OF.get(attr, attr) in columns]
    m2m_present = [name for name in M2M if name in columns]
    with _sqlite_cache():
        _apply(association, rows, state, lookups, present, m2m_present, counts)
    return counts


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """On SQLite, a larger page cache while the import writes, and the connection's own size again afterwards.

    The writes go to several indexes in random (UUID) order, which the default 2 MB cache makes slow; 16 MB keeps
    the 100,000-row benchmark as fast as 64 MB did. Restoring the size frees the pages, so a long-lived connection
    does not keep them.
    """
    connection = connections[router.db_for_write(Enrollment)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:  # straight on the driver's connection: this also runs when the import's transaction failed
        connection.connection.execute(f"PRAGMA cache_size = {before:d}")


def _apply(
    association: Association,
    rows: list[Row],
    state: State,
    lookups: Lookups,
    present: list[str],
    m2m_present: list[str],
    counts: dict[str, int],
) -> None:
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
            changed_people.append(
                Participant(
                    id=stored[0], gender=row.gender, birth_year=row.birth_year, municipality_id=row.municipality
                )
            )
            state.participants[row.code] = (stored[0], row.gender, row.birth_year, row.municipality)
    counts["participants_created"] = insert_rows(
        Participant, ["id", "association", "code", "gender", "birth_year", "municipality", "created_at"], new_people
    )
    Participant.objects.bulk_update(changed_people, ["gender", "birth_year", "municipality"], batch_size=BATCH)
    counts["participants_updated"] = len(changed_people)
    del new_people, changed_people

    bits = support_mask.support_bits()
    writer = _Writer(association, present, bits)
    updates: list[Enrollment] = []
    masks: dict[Any, int] = {}  # changed support_before → the enrollment's new mask (support_mask.py)
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
            old, new = state.supports[name].get(stored[0], frozenset()), frozenset(getattr(row, name) or ())
            if old != new:
                m2m_drop[name].append(stored[0])
                m2m_new[name].extend((stored[0], e) for e in new)
                changes[name] = True
                if name == "support_before":
                    masks[stored[0]] = support_mask.mask_of(new, bits)
        if not changes:
            counts["enrollments_unchanged"] += 1
            continue
        updates.append(Enrollment(id=stored[0], updated_at=now, **{SCALARS[a]: getattr(row, a) for a in present}))
        if "end_date" in changes:
            ends_moved[stored[0]] = (row.end, months)
    writer.flush()
    _write_updates(updates, present, m2m_new, m2m_drop)
    Enrollment.objects.bulk_update(
        [Enrollment(id=pk, support_before_mask=mask) for pk, mask in masks.items()],
        ["support_before_mask"],
        batch_size=BATCH,
    )
    counts["enrollments_created"], counts["enrollments_updated"] = writer.created, len(updates)
    moved = _move_follow_ups(association, ends_moved)
    FollowUp.objects.bulk_create(moved, batch_size=BATCH)
    counts["follow_ups_created"] = writer.follow_ups_created + len(moved)
    if removals:
        counts["enrollments_removed"], counts["participants_removed"] = _remove(association, removals)


class _Writer:
    """New enrollments with their support codes and follow-ups, written in batches to keep memory flat."""

    FIELDS = ["id", "association", "participant", "intervention", "start_date", "created_at", "updated_at"]

    def __init__(self, association: Association, present: list[str], bits: dict[int, int]) -> None:
        self.association_id = association.pk
        self.present = present
        self.bits = bits
        self.fields = self.FIELDS + ["support_before_mask"] + [SCALARS[a].removesuffix("_id") for a in present]
        self.now = timezone.now()
        self.enrollments: list[tuple[Any, ...]] = []
        self.through: dict[str, list[tuple[Any, int]]] = {name: [] for name in M2M}
        self.follow_ups: list[tuple[Any, ...]] = []
        self.created = 0
        self.follow_ups_created = 0

    def add(self, row: Row, participant_id: Any, codes: dict[str, Any], months: tuple[int, ...]) -> None:
        enrollment_id = new_id()
        self.enrollments.append(
            (
                enrollment_id,
                self.association_id,
                participant_id,
                row.intervention.pk,
                row.start,
                self.now,
                self.now,
                support_mask.mask_of(codes.get("support_before", ()), self.bits),
                *(getattr(row, a) for a in self.present),
            )
        )
        for name, ids in codes.items():
            self.through[name].extend((enrollment_id, e) for e in ids)
        if row.end is not None and "end" in self.present:
            plan = rules.plan_follow_ups(end_date=row.end, months=months, existing={})
            self.follow_ups.extend(
                (
                    new_id(),
                    self.association_id,
                    enrollment_id,
                    row.intervention.pk,
                    m,
                    due,
                    FollowUpStatus.PENDING.value,
                )
                for m, due in plan.create
            )
        if len(self.enrollments) >= BATCH * 2:
            self.flush()

    def flush(self) -> None:
        self.created += insert_rows(Enrollment, self.fields, self.enrollments)
        for name in M2M:
            insert_rows(getattr(Enrollment, name).through, ["enrollment", "codelistentry"], self.through[name])
        self.follow_ups_created += insert_rows(
            FollowUp,
            ["id", "association", "enrollment", "intervention", "months_after_end", "due_date", "status"],
            self.follow_ups,
        )
        self.enrollments, self.follow_ups = [], []
        self.through = {name: [] for name in M2M}


def _write_updates(
    updates: list[Enrollment], present: list[str], m2m_new: dict[str, list[Any]], m2m_drop: dict[str, list[Any]]
) -> None:
    update_fields = [SCALARS[a] for a in present] + ["updated_at"]
    Enrollment.objects.bulk_update(updates, update_fields, batch_size=BATCH)
    for name in M2M:
        through = getattr(Enrollment, name).through
        drop = m2m_drop[name]
        for start in range(0, len(drop), BATCH):
            through.objects.filter(enrollment_id__in=drop[start : start + BATCH]).delete()
        through.objects.bulk_create(
            [through(enrollment_id=e, codelistentry_id=c) for e, c in m2m_new[name]], batch_size=BATCH * 2
        )


def _move_follow_ups(association: Association, ends_moved: dict[Any, Any]) -> list[FollowUp]:
    """The follow-ups of enrollments whose end changed, after `rules.plan_follow_ups` (as the services do).

    Pending ones are moved or deleted here; the missing ones are returned to be created.
    """
    create: list[FollowUp] = []
    ids = list(ends_moved)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        existing: dict[Any, dict[int, FollowUp]] = defaultdict(dict)
        insats = dict(Enrollment.objects.filter(pk__in=chunk).values_list("pk", "intervention_id"))
        for follow_up in FollowUp.objects.filter(enrollment_id__in=chunk):
            existing[follow_up.enrollment_id][follow_up.months_after_end] = follow_up
        drop, move = [], []
        for enrollment_id in chunk:
            end, months = ends_moved[enrollment_id]
            have = existing.get(enrollment_id, {})
            plan = rules.plan_follow_ups(
                end_date=end, months=months, existing={m: (f.status, f.due_date) for m, f in have.items()}
            )
            drop += [have[m].pk for m in plan.drop]
            for m, due in plan.move:
                have[m].due_date = due
                move.append(have[m])
            create += [
                FollowUp(
                    id=new_id(),
                    association_id=association.pk,
                    enrollment_id=enrollment_id,
                    intervention_id=insats[enrollment_id],
                    months_after_end=m,
                    due_date=due,
                    status=FollowUpStatus.PENDING,
                )
                for m, due in plan.create
            ]
        FollowUp.objects.filter(pk__in=drop).delete()
        FollowUp.objects.bulk_update(move, ["due_date"], batch_size=BATCH)
    return create


def _remove(association: Association, removals: list[Any]) -> tuple[int, int]:
    """Felregistrering: delete the enrollments, and participants nobody else refers to."""
    people = set(Enrollment.objects.filter(pk__in=removals).values_list("participant_id", flat=True))
    Enrollment.objects.filter(pk__in=removals).delete()
    removed_people, candidates = 0, list(people)
    for start in range(0, len(candidates), BATCH):  # chunks: a query holds a bounded number of ids
        chunk = candidates[start : start + BATCH]
        orphans = list(rules.participants_left_over(association.pk, chunk).values_list("pk", flat=True))
        removed_people += len(orphans)
        Participant.objects.filter(pk__in=orphans).delete()
    return len(removals), removed_people
