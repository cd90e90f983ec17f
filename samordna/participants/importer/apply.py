"""Compare parsed rows with what is stored and write the difference in bulk (inside the caller's transaction)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from samordna.core.models import Association
from samordna.participants import rules
from samordna.participants.importer.parse import Lookups, Row
from samordna.participants.models import DEFAULT_FOLLOW_UP_MONTHS, Enrollment, FollowUp, FollowUpStatus, Participant

BATCH = 2000
# Row attribute → Enrollment field, for the optional columns.
SCALARS = {"end": "end_date", "end_reason": "end_reason_id", "education": "education_id",
           "occupation_before": "occupation_before_id", "occupation_after": "occupation_after_id",
           "years": "years_in_support_before", "continued_planning": "continued_planning",
           "referred_by": "referred_by_id"}
COLUMN_OF = {"end": "end_date", "years": "years_in_support_before"}
M2M = ("support_before", "support_after")


@dataclass
class State:
    """What is stored for the participants and insatser the file names."""

    participants: dict[str, tuple[Any, str, int, str]] = field(default_factory=dict)  # code → (id, g, by, kommun)
    enrollments: dict[tuple[Any, int, Any], dict[str, Any]] = field(default_factory=dict)
    episodes: dict[tuple[str, int], list[tuple[Any, Any, Any]]] = field(default_factory=dict)
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
    episodes: dict[tuple[str, int], list[tuple[Any, Any, Any]]] = defaultdict(list)
    for values in Enrollment.objects.filter(association=association, intervention_id__in=interventions).values(
            *fields).iterator(chunk_size=5000):
        code = by_id.get(values["participant_id"])
        if code is None:
            continue
        state.enrollments[(values["participant_id"], values["intervention_id"], values["start_date"])] = values
        episodes[(code, values["intervention_id"])].append((values["start_date"], values["end_date"], values["id"]))
    state.episodes = dict(episodes)
    ids = {v["id"] for v in state.enrollments.values()}
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


def _follow_ups_for(enrollment_id: Any, association_id: int, end: Any, months: tuple[int, ...]) -> list[FollowUp]:
    return [FollowUp(id=uuid.uuid4(), association_id=association_id, enrollment_id=enrollment_id,
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
    new_people: list[Participant] = []
    changed_people: list[Participant] = []
    for row in rows:
        if row.removes:
            continue
        stored = state.participants.get(row.code)
        if stored is None:
            person = Participant(id=uuid.uuid4(), association=association, code=row.code, gender=row.gender,
                                 birth_year=row.birth_year, municipality_id=row.municipality)
            new_people.append(person)
            state.participants[row.code] = (person.id, row.gender, row.birth_year, row.municipality)
        elif stored[1:] != (row.gender, row.birth_year, row.municipality):
            changed_people.append(Participant(id=stored[0], gender=row.gender, birth_year=row.birth_year,
                                              municipality_id=row.municipality))
            state.participants[row.code] = (stored[0], row.gender, row.birth_year, row.municipality)
    Participant.objects.bulk_create(new_people, batch_size=BATCH)
    Participant.objects.bulk_update(changed_people, ["gender", "birth_year", "municipality"], batch_size=BATCH)
    counts["participants_created"], counts["participants_updated"] = len(new_people), len(changed_people)
    del new_people, changed_people

    creates: list[Enrollment] = []
    updates: list[Enrollment] = []
    m2m_new: dict[str, list[Any]] = {name: [] for name in M2M}
    m2m_drop: dict[str, list[Any]] = {name: [] for name in M2M}
    follow_ups: list[FollowUp] = []
    ends_moved: dict[Any, Any] = {}
    removals: list[Any] = []
    now = timezone.now()
    for row in rows:
        person = state.participants.get(row.code)
        key = (person[0], row.intervention.pk, row.start) if person else None
        stored = state.enrollments.get(key) if key else None
        months = lookups.schedules.get(row.intervention.pk, DEFAULT_FOLLOW_UP_MONTHS)
        if row.removes:
            if stored is not None:
                removals.append(stored["id"])
            continue
        if stored is None:
            enrollment = Enrollment(id=uuid.uuid4(), association=association, participant_id=person[0],
                                    intervention_id=row.intervention.pk, start_date=row.start,
                                    **{SCALARS[a]: getattr(row, a) for a in present})
            creates.append(enrollment)
            for name in m2m_present:
                m2m_new[name].extend((enrollment.id, e) for e in getattr(row, name) or ())
            if enrollment.end_date is not None:
                follow_ups.extend(_follow_ups_for(enrollment.id, association.pk, enrollment.end_date, months))
            continue
        changes = {SCALARS[a]: getattr(row, a) for a in present if stored[SCALARS[a]] != getattr(row, a)}
        for name in m2m_present:
            old, new = state.supports[name].get(stored["id"], set()), set(getattr(row, name) or ())
            if old != new:
                m2m_drop[name].append(stored["id"])
                m2m_new[name].extend((stored["id"], e) for e in new)
                changes[name] = True
        if not changes:
            counts["enrollments_unchanged"] += 1
            continue
        enrollment = Enrollment(id=stored["id"], updated_at=now, **{SCALARS[a]: getattr(row, a) for a in present})
        updates.append(enrollment)
        if "end_date" in changes:
            ends_moved[stored["id"]] = (row.end, months)
    _write_enrollments(creates, updates, present, m2m_new, m2m_drop)
    counts["enrollments_created"], counts["enrollments_updated"] = len(creates), len(updates)
    follow_ups.extend(_move_follow_ups(association, ends_moved))
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    counts["follow_ups_created"] = len(follow_ups)
    if removals:
        counts["enrollments_removed"], counts["participants_removed"] = _remove(association, removals)
    return counts


def _write_enrollments(creates: list[Enrollment], updates: list[Enrollment], present: list[str],
                       m2m_new: dict[str, list[Any]], m2m_drop: dict[str, list[Any]]) -> None:
    Enrollment.objects.bulk_create(creates, batch_size=BATCH)
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
