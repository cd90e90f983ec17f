"""The writes of the follow-ups import (docs/contracts.md "Follow-ups CSV"): all or nothing, one audit row.

A row records the follow-up of its enrollment at its months as `services.follow_up_record` would (status, the
date as `done_on`, occupation and support only when done); a follow-up the schedule has not created (months off
the insats's schedule) is created with the due date the schedule would give it (end date + months,
`rules.add_months`). A row whose follow-up already holds its values writes nothing, and an import that changes
nothing leaves no audit row. The one audit row holds counts only: no code, date, status or occupation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samordna.core.imports import ImportFailed, ProblemList, apply_all, bulk_insert, refuse
from samordna.core.models import Association, AuditEntry
from samordna.participants import rules
from samordna.participants.followup_import import (
    BATCH,
    FollowUpRow,
    check_stored,
    load_stored,
    read_follow_ups,
    refuse_if_any,
)
from samordna.participants.importer.lock import ImportBusy, import_lock
from samordna.participants.models import FollowUp
from samordna.participants.services import audit_bulk

#: The audit row's object type.
OBJECT_TYPE = "participants.followup"


def busy_message() -> str:
    """The message when another participant or follow-up import into the förbund is running."""
    return _("En annan import pågår, försök igen om en stund. Ingenting sparades.")


def follow_ups_import(
    *,
    acting_user: Any,
    association: Association,
    data: bytes,
    filename: str = "",
    allowed_interventions: set[int] | None = None,
) -> dict[str, int]:
    """Import a Follow-ups CSV or XLSX: every row valid, then all written in one transaction, or nothing.

    `allowed_interventions`: ids of the insatser rows may name (the uploading registrar's own); None (the command
    line) allows every insats of the förbund. Raises ImportFailed with every problem (the first hundred and their
    count), by row and column, when anything is wrong or another import into the förbund is running. Returns the
    counts: rows, follow_ups_created, follow_ups_updated, follow_ups_unchanged.
    """
    rows, problems = read_follow_ups(
        association=association, data=data, filename=filename, allowed=allowed_interventions
    )
    if not rows:
        refuse_if_any(problems)
    try:
        return apply_all(_write, acting_user, association, rows, problems)
    except ImportBusy as exc:
        refuse_if_any(problems)  # the file's own problems are worth telling even while another import runs
        raise refuse(busy_message(), row=1) from exc


def _write(
    acting_user: Any, association: Association, rows: list[FollowUpRow], problems: ProblemList
) -> dict[str, int]:
    """Check the rows against the stored enrollments under the förbund's import lock, then write (in apply_all's
    transaction); raises ImportFailed, and writes nothing, on any problem."""
    with import_lock(association):  # the lock of the participant import: one import into a förbund at a time
        stored = load_stored(association, rows)
        check_stored(rows, stored, problems)
        refuse_if_any(problems)
        through = FollowUp.support.through
        new: list[FollowUp] = []
        changed: list[FollowUp] = []
        links: list[Any] = []
        unchanged = 0
        for row in rows:
            enrollment = stored.enrollments[row.key]
            assert enrollment.end_date is not None  # check_stored refused rows of enrollments that have not ended
            occupation_id = row.occupation.pk if row.occupation is not None else None
            follow_up = stored.follow_ups.get((enrollment.pk, row.months))
            if follow_up is None:
                follow_up = FollowUp(
                    association_id=enrollment.association_id,
                    enrollment_id=enrollment.pk,
                    intervention_id=enrollment.intervention_id,
                    months_after_end=row.months,
                    due_date=rules.add_months(enrollment.end_date, row.months),
                    status=row.status,
                    done_on=row.date,
                    occupation_id=occupation_id,
                )
                new.append(follow_up)
            elif (follow_up.status, follow_up.done_on, follow_up.occupation_id, stored.support.get(follow_up.pk)) == (
                row.status,
                row.date,
                occupation_id,
                row.support or None,
            ):
                unchanged += 1
                continue
            else:
                follow_up.status, follow_up.done_on, follow_up.occupation_id = row.status, row.date, occupation_id
                changed.append(follow_up)
            links += [through(followup_id=follow_up.pk, codelistentry_id=entry) for entry in sorted(row.support)]
        created = bulk_insert(FollowUp, new)
        if changed:
            FollowUp.objects.bulk_update(changed, ["status", "done_on", "occupation"], batch_size=BATCH)
            ids = [f.pk for f in changed]
            for start in range(0, len(ids), BATCH):
                through.objects.filter(followup_id__in=ids[start : start + BATCH]).delete()
        bulk_insert(through, links)
        summary = {
            "rows": len(rows),
            "follow_ups_created": created,
            "follow_ups_updated": len(changed),
            "follow_ups_unchanged": unchanged,
        }
        if created or changed:  # an import that changes nothing writes nothing, not even its audit row
            audit_bulk(
                acting_user=acting_user,
                association=association,
                action=AuditEntry.Action.IMPORT,
                object_type=OBJECT_TYPE,
                summary=summary,
            )
        return summary


__all__ = ["OBJECT_TYPE", "ImportFailed", "busy_message", "follow_ups_import"]
