"""Write services for participants, enrollments, follow-ups and counts; each validates and audits.

Every refusal is a ValidationError naming the field concerned with a Swedish message, except one: details that
do not match a known participant code get one neutral message that never says which detail differs (no oracle,
see `check_known_code`); such mismatches are audited without values and rate-limited per user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, delete_audited, record, update_audited
from samordna.core.models import AuditEntry, CodeList, CodeListEntry, Municipality
from samordna.core.validators import participant_code_problem
from samordna.interventions.models import Intervention
from samordna.participants import rules, selectors, support_mask
from samordna.participants.models import (
    AnonymousCount,
    Enrollment,
    FollowUp,
    FollowUpSchedule,
    FollowUpStatus,
    Participant,
)

SINGLE_CODES = {
    "occupation_before": CodeList.OCCUPATION,
    "education": CodeList.EDUCATION,
    "end_reason": CodeList.END_REASON,
    "occupation_after": CodeList.OCCUPATION,
}
MULTI_CODES = {"support_before": CodeList.SUPPORT, "support_after": CodeList.SUPPORT}
#: Mismatches (known code, other details) a user may make in one förbund within MISMATCH_WINDOW; after that,
#: registrations of known codes by that user are refused until the oldest mismatch leaves the window.
MISMATCH_LIMIT = 5
MISMATCH_WINDOW = dt.timedelta(hours=1)
#: The audit rows that record (and count) mismatches: action "other", this object type, the insats as object.
MISMATCH_OBJECT_TYPE = "participants.code_mismatch"
PERSON_FIELDS = ("gender", "birth_year", "municipality")
ENROLLMENT_FIELDS = (
    "start_date",
    "referred_by",
    "occupation_before",
    "education",
    "years_in_support_before",
    "end_date",
    "end_reason",
    "occupation_after",
    "continued_planning",
)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})


def _check_codes(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, wanted in SINGLE_CODES.items():
        entry = values.get(name)
        if entry is not None and (not isinstance(entry, CodeListEntry) or entry.list != wanted):
            errors[name] = _("Koden hör inte till rätt kodlista.")
    for name, wanted in MULTI_CODES.items():
        entries = values.get(name) or []
        if any(not isinstance(e, CodeListEntry) or e.list != wanted for e in entries):
            errors[name] = _("Koden hör inte till rätt kodlista.")
    return errors


def _check_enrollment(
    *,
    intervention: Intervention,
    participant_birth_year: int | None,
    values: dict[str, Any],
    exclude_pk: Any = None,
    participant: Participant | None = None,
) -> None:
    errors = rules.check_intervention(intervention)
    errors.update(_check_codes(values))
    referred_by = values.get("referred_by")
    if referred_by is not None and referred_by.association_id != intervention.association_id:
        errors["referred_by"] = _("Medlemmen tillhör inte förbundet.")
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        errors["start_date"] = _("Ange startdatum.")
    errors.update(
        {
            k: v
            for k, v in rules.check_dates(
                intervention=intervention,
                start_date=start,
                end_date=end,
                has_end_reason=values.get("end_reason") is not None,
            ).items()
            if k not in errors
        }
    )
    errors.update(rules.check_age(birth_year=participant_birth_year, start_date=start))
    if participant is not None and participant.pk and start is not None and "start_date" not in errors:
        others = Enrollment.objects.filter(participant=participant, intervention=intervention)
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        errors.update(
            rules.check_overlap(start_date=start, end_date=end, others=others.values_list("start_date", "end_date"))
        )
    _raise(errors)


def mismatch_message() -> str:
    """The one answer to details that differ from a known code's: it never says which, nor what is registered."""
    return _(
        "Uppgifterna stämmer inte med det som redan är registrerat för koden. "
        "Kontrollera kod, kön, födelseår och kommun."
    )


def mismatch_limit_message() -> str:
    """The answer to a registration of a known code once the user has had too many mismatches."""
    return _(
        "För många försök med uppgifter som inte stämmer med en befintlig kod. Registrering med befintlig kod "
        "är spärrad en stund: vänta en timme eller kontakta förbundets administratör."
    )


class KnownCodeRefused(ValidationError):
    """A registration of a known participant code refused without telling anything about the participant."""

    def __init__(self, message: str) -> None:
        super().__init__({"code": [message]})


class CodeMismatch(KnownCodeRefused):
    """The gender, birth year or kommun given for a known code differ from what is registered (which: unsaid).

    Raised inside the registration's transaction, so the caller records it with `code_mismatch_record` once
    that transaction has been rolled back (the pages, the API and the importer do).
    """

    def __init__(self) -> None:
        super().__init__(mismatch_message())


class CodeMismatchLimit(KnownCodeRefused):
    """The user has had MISMATCH_LIMIT mismatches within MISMATCH_WINDOW: known codes are refused for now."""

    def __init__(self) -> None:
        super().__init__(mismatch_limit_message())


def _counted_user(acting_user: Any) -> Any:
    """The user a mismatch is counted for (None for the system and command-line actors: not rate-limited)."""
    return acting_user if getattr(acting_user, "pk", None) else None


def _mismatches(*, user: Any, association: Any, now: dt.datetime | None = None) -> Any:
    now = now or timezone.now()
    return AuditEntry.objects.filter(
        association=association,
        actor=user,
        action=AuditEntry.Action.OTHER,
        object_type=MISMATCH_OBJECT_TYPE,
        at__gt=now - MISMATCH_WINDOW,
    )


def recent_mismatches(*, user: Any, association: Any, now: dt.datetime | None = None) -> int:
    """The user's mismatches in the förbund within the window before `now` (from the audit rows)."""
    if _counted_user(user) is None:
        return 0
    return _mismatches(user=user, association=association, now=now).count()


def mismatch_retry_after(*, user: Any, association: Any, now: dt.datetime | None = None) -> int:
    """Seconds until the user may register a known code again (0 when they may now)."""
    if _counted_user(user) is None:
        return 0
    now = now or timezone.now()
    times = list(_mismatches(user=user, association=association, now=now).order_by("-at").values_list("at", flat=True))
    if len(times) < MISMATCH_LIMIT:
        return 0
    oldest_counted = times[MISMATCH_LIMIT - 1]
    return max(1, int((oldest_counted + MISMATCH_WINDOW - now).total_seconds()) + 1)


def code_mismatch_record(*, acting_user: Any, intervention: Intervention, source: str) -> None:
    """Audit one mismatch (who, when, which insats, through which channel), never a participant value.

    The row is also what `recent_mismatches` counts. Call it outside the transaction that was rolled back.
    """
    record(
        acting_user=acting_user,
        association=intervention.association,
        action=AuditEntry.Action.OTHER,
        object_type=MISMATCH_OBJECT_TYPE,
        object_id=str(intervention.pk),
        object_repr=_("Deltagarkod: uppgifterna stämde inte (insats %(insats)s)") % {"insats": intervention.code},
        changes={"source": source},
    )


def sees_participant(*, user: Any, participant: Participant) -> bool:
    """Whether the user already sees this participant's details (an enrollment in one of their insatser).

    The system and command-line actors see everyone.
    """
    if _counted_user(user) is None:
        return True
    mine = selectors.registrar_interventions(user=user, association=participant.association)
    return participant.enrollments.filter(intervention__in=mine).exists()


def check_known_code(
    *,
    acting_user: Any,
    intervention: Intervention,
    participant: Participant,
    gender: str,
    birth_year: int | None,
    municipality: Municipality | None,
) -> None:
    """Registering a known code: no oracle on the registered gender, birth year or kommun.

    Refused at once while the user is over the mismatch limit. A user who does not already see the participant
    must give all three details (the same messages as for a new participant); any detail given that differs
    raises CodeMismatch, with one neutral message whichever detail it is.
    """
    user = _counted_user(acting_user)
    if user is not None and recent_mismatches(user=user, association=intervention.association) >= MISMATCH_LIMIT:
        raise CodeMismatchLimit()
    if not sees_participant(user=acting_user, participant=participant):
        missing = {"gender": _("Välj kön."), "birth_year": _("Ange födelseår."), "municipality": _("Ange hemkommun.")}
        given = {"gender": gender, "birth_year": birth_year, "municipality": municipality}
        _raise({name: message for name, message in missing.items() if given[name] in (None, "")})
    given_values = {"gender": gender, "birth_year": birth_year, "municipality": municipality}
    for name in PERSON_FIELDS:
        value = given_values[name]
        if value not in (None, "") and value != getattr(participant, name):
            raise CodeMismatch()


def _check_participant(
    *, association: Any, code: str, gender: str, birth_year: int | None, municipality: Municipality | None
) -> None:
    errors: dict[str, str] = {}
    problem = participant_code_problem(code) if code else None
    if problem:
        errors["code"] = problem
    if gender not in ("kvinna", "man", "annat"):
        errors["gender"] = _("Välj kön.")
    if birth_year is None:
        errors["birth_year"] = _("Ange födelseår.")
    if municipality is None:
        errors["municipality"] = _("Ange hemkommun.")
    _raise(errors)


@transaction.atomic
def participant_create(
    *,
    acting_user: Any,
    association: Any,
    gender: str,
    birth_year: int | None,
    municipality: Municipality | None,
    code: str = "",
) -> Participant:
    """A new participant with a random code, or with staff's own existing code (a missing gender, birth year or
    kommun is refused by the checks, with a message per field)."""
    code = (code or "").strip()
    _check_participant(
        association=association, code=code, gender=gender, birth_year=birth_year, municipality=municipality
    )
    if not code:
        code = rules.new_code()
        while Participant.objects.filter(association=association, code=code).exists():
            code = rules.new_code()
    return create_audited(
        Participant,
        acting_user=acting_user,
        association=association,
        code=code,
        gender=gender,
        birth_year=birth_year,
        municipality=municipality,
    )


@transaction.atomic
def participant_update(*, acting_user: Any, participant: Participant, **fields: Any) -> Participant:
    """Change a participant's gender, birth year or home kommun (checked against their enrollments).

    The code is not changed here: only `participant_change_code` does that.
    """
    if "code" in fields:
        raise ValidationError({"code": [_("Deltagarkoden byts bara med åtgärden Byt kod.")]})
    birth_year = fields.get("birth_year", participant.birth_year)
    for enrollment in participant.enrollments.all():
        _raise(rules.check_age(birth_year=birth_year, start_date=enrollment.start_date))
    return update_audited(participant, acting_user=acting_user, **fields)


@transaction.atomic
def participant_change_code(*, acting_user: Any, participant: Participant, new_code: str) -> Participant:
    """Give a participant a new pseudonym code (staff correct a mistyped code, or a code that was refused later).

    The new code must pass the code rule (`core.validators`) and be free in the förbund. A user may change
    the code only when they are registrar of every insats the participant is enrolled in: the code is the
    link other insatser's staff keep in their own records. The audit row says that the code changed, never
    the old or the new code.
    """
    new_code = (new_code or "").strip()
    problem = participant_code_problem(new_code)
    if problem:
        raise ValidationError({"code": [problem]})
    if new_code == participant.code:
        raise ValidationError({"code": [_("Den nya koden är samma som den nuvarande.")]})
    if Participant.objects.filter(association_id=participant.association_id, code=new_code).exists():
        raise ValidationError({"code": [_("Koden används redan för en annan deltagare.")]})
    if getattr(acting_user, "pk", None):
        mine = selectors.registrar_interventions(user=acting_user, association=participant.association)
        if participant.enrollments.exclude(intervention__in=mine).exists():
            raise ValidationError(
                {
                    "code": [
                        _(
                            "Deltagaren finns också i en insats där du inte är deltagaransvarig. Koden kan bara "
                            "bytas av den som är deltagaransvarig i alla deltagarens insatser."
                        )
                    ]
                }
            )
    participant.code = new_code
    participant.full_clean()
    participant.save(update_fields=["code"])
    record(
        acting_user=acting_user,
        association=participant.association,
        action=AuditEntry.Action.UPDATE,
        object_type=Participant._meta.label_lower,
        object_id=str(participant.pk),
        object_repr=str(Participant._meta.verbose_name).capitalize(),
        changes={"fields": ["code"]},
    )
    return participant


def _sync_follow_ups(enrollment: Enrollment, *, acting_user: Any) -> None:
    """The enrollment's follow-ups after `rules.plan_follow_ups`, each change audited."""
    existing = {f.months_after_end: f for f in enrollment.follow_ups.all()}
    months: tuple[int, ...] = ()
    if enrollment.end_date is not None:
        schedule = FollowUpSchedule.objects.filter(intervention_id=enrollment.intervention_id).first()
        months = rules.schedule_months(schedule)
    plan = rules.plan_follow_ups(
        end_date=enrollment.end_date,
        months=months,
        existing={m: (f.status, f.due_date) for m, f in existing.items()},
    )
    for point in plan.drop:
        delete_audited(existing[point], acting_user=acting_user)
    for point, due in plan.move:
        update_audited(existing[point], acting_user=acting_user, due_date=due)
    for point, due in plan.create:
        create_audited(
            FollowUp,
            acting_user=acting_user,
            association_id=enrollment.association_id,
            enrollment=enrollment,
            intervention_id=enrollment.intervention_id,
            months_after_end=point,
            due_date=due,
        )


@transaction.atomic
def enrollment_create(
    *,
    acting_user: Any,
    participant: Participant,
    intervention: Intervention,
    start_date: dt.date,
    support_before: list[CodeListEntry] | None = None,
    **fields: Any,
) -> Enrollment:
    """Inregistrering: one new participation episode (with follow-ups if it already has an end)."""
    values = {"start_date": start_date, "support_before": support_before or [], **fields}
    if participant.association_id != intervention.association_id:
        raise ValidationError({"participant": [_("Deltagaren tillhör inte förbundet.")]})
    _check_enrollment(
        intervention=intervention, participant_birth_year=participant.birth_year, values=values, participant=participant
    )
    support_after = fields.pop("support_after", None) or []
    if fields.get("end_reason") is not None and rules.is_felregistrering(fields["end_reason"].code):
        raise ValidationError({"end_reason": [_("Felregistrering används för att ta bort en befintlig registrering.")]})
    enrollment = create_audited(
        Enrollment,
        acting_user=acting_user,
        association_id=intervention.association_id,
        participant=participant,
        intervention=intervention,
        start_date=start_date,
        m2m={"support_before": support_before or [], "support_after": support_after},
        **fields,
    )
    support_mask.set_mask(enrollment)  # support_before as bits, for the participant report (support_mask.py)
    _sync_follow_ups(enrollment, acting_user=acting_user)
    return enrollment


@transaction.atomic
def register_in(
    *,
    acting_user: Any,
    intervention: Intervention,
    participant: Participant | None = None,
    gender: str = "",
    birth_year: int | None = None,
    municipality: Municipality | None = None,
    code: str = "",
    **fields: Any,
) -> Enrollment:
    """Inregistrering from the form: the participant with `code` if it exists, else a new one.

    A new participant gets a random code unless staff enter their own existing code. For a known code,
    `check_known_code` decides (no oracle: a mismatch is CodeMismatch with one neutral message, which the
    caller records with `code_mismatch_record` after this transaction has been rolled back).
    """
    code = (code or "").strip()
    problem = participant_code_problem(code) if code else None
    if problem:
        raise ValidationError({"code": [problem]})
    if participant is None and code:
        participant = Participant.objects.filter(association_id=intervention.association_id, code=code).first()
        if participant is not None:
            check_known_code(
                acting_user=acting_user,
                intervention=intervention,
                participant=participant,
                gender=gender,
                birth_year=birth_year,
                municipality=municipality,
            )
    if participant is None:
        _check_participant(
            association=intervention.association,
            code=code,
            gender=gender,
            birth_year=birth_year,
            municipality=municipality,
        )
        errors = rules.check_intervention(intervention)
        errors.update(rules.check_age(birth_year=birth_year, start_date=fields.get("start_date")))
        _raise(errors)
        participant = participant_create(
            acting_user=acting_user,
            association=intervention.association,
            code=code,
            gender=gender,
            birth_year=birth_year,
            municipality=municipality,
        )
    return enrollment_create(acting_user=acting_user, participant=participant, intervention=intervention, **fields)


@transaction.atomic
def enrollment_update(*, acting_user: Any, enrollment: Enrollment, **fields: Any) -> Enrollment | None:
    """Change an enrollment (ended ones too; every change is audited).

    End reason 8 (felregistrering) removes the enrollment instead, and the participant with it if
    nothing else refers to them; then None is returned.
    """
    end_reason = fields.get("end_reason", enrollment.end_reason)
    if end_reason is not None and rules.is_felregistrering(end_reason.code):
        enrollment_remove(acting_user=acting_user, enrollment=enrollment)
        return None
    values = {name: getattr(enrollment, name) for name in ENROLLMENT_FIELDS}
    values.update(fields)
    _check_enrollment(
        intervention=enrollment.intervention,
        participant_birth_year=enrollment.participant.birth_year,
        values=values,
        exclude_pk=enrollment.pk,
        participant=enrollment.participant,
    )
    m2m = {name: list(fields.pop(name)) for name in list(MULTI_CODES) if name in fields}
    enrollment = update_audited(enrollment, acting_user=acting_user, m2m=m2m or None, **fields)
    if "support_before" in m2m:
        support_mask.set_mask(enrollment)  # support_before as bits, for the participant report (support_mask.py)
    _sync_follow_ups(enrollment, acting_user=acting_user)
    return enrollment


@transaction.atomic
def register_out(
    *, acting_user: Any, enrollment: Enrollment, end_date: dt.date, end_reason: CodeListEntry, **fields: Any
) -> Enrollment | None:
    """Utregistrering: end date, end reason, occupation and support after; follow-ups become due."""
    if end_date is None:
        raise ValidationError({"end_date": [_("Ange slutdatum.")]})
    if end_reason is None:
        raise ValidationError({"end_reason": [_("Ange avslutsanledning.")]})
    return enrollment_update(
        acting_user=acting_user, enrollment=enrollment, end_date=end_date, end_reason=end_reason, **fields
    )


@transaction.atomic
def enrollment_remove(*, acting_user: Any, enrollment: Enrollment) -> None:
    """Felregistrering: remove the enrollment, and the participant if nothing else refers to them."""
    participant = enrollment.participant
    delete_audited(enrollment, acting_user=acting_user)
    if rules.participants_left_over(participant.association_id, [participant.pk]).exists():
        delete_audited(participant, acting_user=acting_user)


@transaction.atomic
def follow_up_record(
    *,
    acting_user: Any,
    follow_up: FollowUp,
    status: str,
    occupation: CodeListEntry | None = None,
    support: list[CodeListEntry] | None = None,
    done_on: dt.date | None = None,
) -> FollowUp:
    """Record a follow-up's outcome (done, not reached or declined); back to pending clears it."""
    errors: dict[str, str] = {}
    if status not in FollowUpStatus.values:
        errors["status"] = _("Okänd status.")
    if occupation is not None and occupation.list != CodeList.OCCUPATION:
        errors["occupation"] = _("Koden hör inte till rätt kodlista.")
    if any(e.list != CodeList.SUPPORT for e in support or []):
        errors["support"] = _("Koden hör inte till rätt kodlista.")
    if status != FollowUpStatus.DONE and (occupation is not None or support):
        errors["status"] = _("Sysselsättning och försörjning anges bara för en genomförd uppföljning.")
    if status == FollowUpStatus.DONE and occupation is None:
        errors["occupation"] = _("Ange sysselsättningen vid uppföljningen: en genomförd uppföljning har ett utfall.")
    _raise(errors)
    pending = status == FollowUpStatus.PENDING
    return update_audited(
        follow_up,
        acting_user=acting_user,
        status=status,
        occupation=occupation,
        done_on=None if pending else (done_on or dt.date.today()),
        m2m={"support": list(support or [])},
    )


@transaction.atomic
def schedule_set(*, acting_user: Any, intervention: Intervention, months: list[int]) -> FollowUpSchedule:
    """Set an insats's follow-up points (months after end, 1–60). Existing follow-ups stay."""
    cleaned = sorted({int(m) for m in months})
    if not cleaned or any(not 1 <= m <= 60 for m in cleaned):
        raise ValidationError({"months": [_("Ange 1–60 månader, till exempel 3, 6, 12.")]})
    existing = FollowUpSchedule.objects.filter(intervention=intervention).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, months=cleaned)
    return create_audited(FollowUpSchedule, acting_user=acting_user, intervention=intervention, months=cleaned)


@transaction.atomic
def anonymous_count_set(
    *, acting_user: Any, intervention: Intervention, year: int, women: int, men: int, other: int
) -> AnonymousCount:
    """Set the counted-only participants of one insats and year."""
    existing = AnonymousCount.objects.filter(intervention=intervention, year=year).first()
    if existing:
        return update_audited(existing, acting_user=acting_user, women=women, men=men, other=other)
    return create_audited(
        AnonymousCount, acting_user=acting_user, intervention=intervention, year=year, women=women, men=men, other=other
    )


def audit_bulk(*, acting_user: Any, association: Any, action: str, object_type: str, summary: dict[str, Any]) -> None:
    """One audit row for a bulk write (an import or a prune), with counts instead of every row."""
    record(
        acting_user=acting_user,
        association=association,
        action=action,
        object_type=object_type,
        object_repr=", ".join(f"{k}: {v}" for k, v in summary.items() if isinstance(v, int))[:200],
        changes=summary,
    )
