"""Write services for insatser; each validates and writes an audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, update_audited
from samordna.core.choices import INTERVENTION_ROLES
from samordna.core.models import Association, Membership
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.interventions.models import (
    Intervention,
    InterventionAssignment,
    Staffing,
    Status,
    VolumeCount,
    VolumeTarget,
    VolumeUnit,
)
from samordna.interventions.selectors import has_follow_up_data
from samordna.organisations.models import Member

LOCKED_FIELDS = ("orientation", "follow_up_method")


def _check_members(association: Association, members: list[Member], field: str) -> None:
    if any(m.association_id != association.pk for m in members):
        raise ValidationError({field: _("Medlemmen tillhör inte förbundet.")})


@transaction.atomic
def intervention_create(
    *, acting_user: Any, association: Association, run_by: list[Member] | None = None, **fields: Any
) -> Intervention:
    """Create an insats."""
    run_by = list(run_by or [])
    _check_members(association, run_by, "run_by")
    return create_audited(
        Intervention, acting_user=acting_user, association=association, m2m={"run_by": run_by}, **fields
    )


@transaction.atomic
def intervention_update(
    *, acting_user: Any, intervention: Intervention, run_by: list[Member] | None = None, **fields: Any
) -> Intervention:
    """Change an insats.

    Orientation and follow-up method are locked once participants or counts exist. When the
    insats ends, every assignment to it ends on the same day.
    """
    changing = [f for f in LOCKED_FIELDS if f in fields and fields[f] != getattr(intervention, f)]
    if changing and has_follow_up_data(intervention):
        raise ValidationError(
            {f: _("Kan inte ändras när deltagare eller antal redan är registrerade.") for f in changing}
        )
    m2m = None
    if run_by is not None:
        _check_members(intervention.association, list(run_by), "run_by")
        m2m = {"run_by": list(run_by)}
    old_end = intervention.end
    intervention = update_audited(intervention, acting_user=acting_user, m2m=m2m, **fields)
    ended_on = (
        intervention.end if intervention.end else (dt.date.today() if intervention.status == Status.ENDED else None)
    )
    if ended_on is not None:
        # Open assignments end with the insats; those that ended with its old end date follow a moved end.
        following = Q(ends_on__isnull=True) | (Q(ends_on=old_end) if old_end and old_end != ended_on else Q(pk__in=[]))
        for assignment in intervention.assignments.filter(following):
            update_audited(assignment, acting_user=acting_user, ends_on=max(ended_on, assignment.starts_on))
    return intervention


@transaction.atomic
def staffing_replace(*, acting_user: Any, intervention: Intervention, rows: list[dict[str, Any]]) -> None:
    """Replace an insats's staffing with `rows` ({member, role, fte})."""
    _check_members(intervention.association, [r["member"] for r in rows], "staffing")
    for existing in intervention.staffing.all():
        delete_audited(existing, acting_user=acting_user)
    for row in rows:
        create_audited(
            Staffing,
            acting_user=acting_user,
            intervention=intervention,
            member=row["member"],
            role=row["role"],
            fte=Decimal(str(row["fte"])),
        )


@transaction.atomic
def volume_target_set(
    *, acting_user: Any, intervention: Intervention, year: int, unit: str, value: int
) -> VolumeTarget:
    """Set the budgeted volume of one unit for one year."""
    existing = VolumeTarget.objects.filter(intervention=intervention, year=year, unit=unit).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, value=value)
    return create_audited(
        VolumeTarget, acting_user=acting_user, intervention=intervention, year=year, unit=unit, value=value
    )


@transaction.atomic
def volume_target_delete(*, acting_user: Any, target: VolumeTarget) -> None:
    """Remove a volume target."""
    delete_audited(target, acting_user=acting_user)


#: The largest count a month takes (a typing error of a few extra digits is refused, not summed).
MAX_MONTHLY_COUNT = 100_000


def _check_counts(intervention: Intervention, year: int, counts: dict[tuple[int, str], int | None]) -> None:
    """Refuse a year or month Samordna does not take, a month not yet begun or outside the insats, a bad count."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Året ska ligga mellan %(first)s och %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    errors: list[str] = []
    today = dt.date.today()
    for (month, unit), value in sorted(counts.items()):
        if unit not in VolumeUnit.values or not (isinstance(month, int) and 1 <= month <= 12):
            errors.append(_("Okänd månad eller enhet."))
            break
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MONTHLY_COUNT:
            errors.append(
                _("Antalet ska vara ett heltal från 0 till %(max)s.")
                % {"max": f"{MAX_MONTHLY_COUNT:,}".replace(",", " ")}
            )
            break
        first = dt.date(year, month, 1)
        if first > today:
            errors.append(_("Antal kan inte anges för en månad som inte har börjat."))
            break
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        if next_month <= intervention.start or (intervention.end is not None and first > intervention.end):
            errors.append(_("%(year)s-%(month)02d ligger utanför insatsens period.") % {"year": year, "month": month})
            break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def volume_counts_set(
    *, acting_user: Any, intervention: Intervention, year: int, counts: dict[tuple[int, str], int | None]
) -> int:
    """Set an insats's counts of one year: (month, unit) → count, None to remove one. All or nothing; an audit
    row for each count that changes (a count is of the insats's work, never of a person). Returns how many."""
    _check_counts(intervention, year, counts)
    existing = {(c.month, c.unit): c for c in VolumeCount.objects.filter(intervention=intervention, year=year)}
    changed = 0
    for (month, unit), value in sorted(counts.items()):
        row = existing.get((month, unit))
        if value is None:
            if row is not None:
                delete_audited(row, acting_user=acting_user)
                changed += 1
        elif row is None:
            create_audited(
                VolumeCount,
                acting_user=acting_user,
                intervention=intervention,
                year=year,
                month=month,
                unit=unit,
                value=value,
            )
            changed += 1
        elif row.value != value:
            update_audited(row, acting_user=acting_user, value=value)
            changed += 1
    return changed


@transaction.atomic
def assignment_add(
    *, acting_user: Any, intervention: Intervention, membership: Membership, starts_on: dt.date | None = None
) -> InterventionAssignment:
    """Assign an insatsansvarig or deltagaransvarig to an insats."""
    if membership.association_id != intervention.association_id:
        raise ValidationError({"membership": _("Användaren har ingen roll i förbundet.")})
    if membership.role not in INTERVENTION_ROLES:
        raise ValidationError({"membership": _("Bara insatsansvariga och deltagaransvariga knyts till insatser.")})
    if not intervention.is_running():
        raise ValidationError({"membership": _("Insatsen har avslutats.")})
    return create_audited(
        InterventionAssignment,
        acting_user=acting_user,
        intervention=intervention,
        membership=membership,
        starts_on=starts_on or dt.date.today(),
    )


@transaction.atomic
def assignment_end(*, acting_user: Any, assignment: InterventionAssignment, on: dt.date | None = None) -> None:
    """End an assignment (access stops the day after `on`)."""
    update_audited(assignment, acting_user=acting_user, ends_on=max(on or dt.date.today(), assignment.starts_on))
