"""Write services for funding applications (ansökningar om medel); each validates, runs in one transaction and
writes audit rows.

The status flow is inkommen → under beredning (the beredningsgrupp's opinion) → a decision in a § of a held
meeting: beviljad, delvis beviljad (granted amounts per year), avslag or bordlagd (decided again later). A grant
creates the insats, or extends the one named, through the interventions services, and adds the granted amounts to
its budget line through the finance services, so the money decided is the money budgeted.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core.audit import create_audited, record, update_audited
from samordna.core.models import Association, AuditEntry
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance import services as finance_services
from samordna.governance.models import (
    DECISION_STATUSES,
    AgendaItem,
    Application,
    ApplicationAmount,
    ApplicationOrientation,
    ApplicationStatus,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.interventions.models import Status as InterventionStatus
from samordna.organisations.models import Member

APPLICATION_FIELDS = ("name", "contact_name", "contact_title", "received_on", "orientation", "start_year", "end_year",
                      "purpose", "target_group", "expected_results", "applicant_budget")  # fmt: skip
MAX_AMOUNT = 2_000_000_000
EDITABLE = (ApplicationStatus.RECEIVED, ApplicationStatus.PREPARING, ApplicationStatus.TABLED)
DECIDABLE = (ApplicationStatus.PREPARING, ApplicationStatus.TABLED)


def whole_kronor(value: Any, *, field: str = "amounts") -> int:
    """An amount as whole kronor ≥ 0 (an int, a whole Decimal or digits); anything else is refused in Swedish."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        text = value.replace(" ", "").replace("\u00a0", "")
        digits = text[1:] if text.startswith(("-", "\u2212")) else text
        if len(digits) > 12:
            raise ValidationError({field: _("Beloppet är för stort.")})
        value = (-1 if digits != text else 1) * int(digits) if digits.isascii() and digits.isdigit() else None
    elif isinstance(value, Decimal | float):
        value = int(value) if math.isfinite(value) and value == int(value) else None
    if not isinstance(value, int):
        raise ValidationError({field: _("Belopp anges i hela kronor.")})
    if value < 0:
        raise ValidationError({field: _("Ett belopp kan inte vara negativt.")})
    if value > MAX_AMOUNT:
        raise ValidationError({field: _("Beloppet är för stort.")})
    return value


def clean_amounts(amounts: Any, *, start_year: int, end_year: int, field: str = "amounts") -> dict[int, int]:
    """Amounts per year: every year within the period, whole kronor ≥ 0, at least one year."""
    if not isinstance(amounts, dict) or not amounts:
        raise ValidationError({field: _("Ange belopp för minst ett år.")})
    cleaned: dict[int, int] = {}
    for year, amount in amounts.items():
        text = str(year).strip()
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise ValidationError({field: _("Okänt år: %(y)s.") % {"y": text[:20]}})
        number = int(text)
        if not FIRST_YEAR <= number <= LAST_YEAR or not start_year <= number <= end_year:
            raise ValidationError(
                {field: _("Året %(y)s ligger utanför perioden %(a)s–%(b)s.") % {"y": number, "a": start_year,
                                                                              "b": end_year}}
            )  # fmt: skip
        if number in cleaned:
            raise ValidationError({field: _("Året %(y)s står två gånger.") % {"y": number}})
        cleaned[number] = whole_kronor(amount, field=field)
    return cleaned


def _check_period(start_year: Any, end_year: Any) -> None:
    if start_year is not None and end_year is not None and end_year < start_year:
        raise ValidationError({"end_year": _("Slutåret kan inte vara före startåret.")})


def _check_applicants(association: Association, applicants: list[Member]) -> None:
    if not applicants:
        raise ValidationError({"applicants": _("Ange minst en sökande medlem.")})
    if any(m.association_id != association.pk for m in applicants):
        raise ValidationError({"applicants": _("Den sökande är inte medlem i förbundet.")})


def _replace_amounts(acting_user: Any, application: Application, amounts: dict[int, int]) -> None:
    old = {a.year: a.requested for a in application.amounts.all()}
    if old == amounts:
        return
    application.amounts.all().delete()
    rows = [ApplicationAmount(application=application, year=y, requested=v) for y, v in sorted(amounts.items())]
    for row in rows:
        row.full_clean(exclude=["application"])
    ApplicationAmount.objects.bulk_create(rows)
    record(
        acting_user=acting_user,
        association=application.association,
        action=AuditEntry.Action.UPDATE,
        obj=application,
        changes={"sökt belopp": [{str(k): v for k, v in old.items()} or None, {str(k): v for k, v in amounts.items()}]},
    )


@transaction.atomic
def application_create(
    *, acting_user: Any, association: Association, applicants: list[Member], amounts: dict[Any, Any], **fields: Any
) -> Application:
    """Register an application as received (inkommen), with its applicant members and amounts per year."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    fields.setdefault("received_on", dt.date.today())
    _check_period(fields.get("start_year"), fields.get("end_year"))
    applicants = list(applicants)
    _check_applicants(association, applicants)
    cleaned = clean_amounts(amounts, start_year=fields.get("start_year") or 0, end_year=fields.get("end_year") or 0)
    application = create_audited(
        Application, acting_user=acting_user, association=association, m2m={"applicants": applicants}, **fields
    )
    _replace_amounts(acting_user, application, cleaned)
    return application


@transaction.atomic
def application_update(
    *,
    acting_user: Any,
    application: Application,
    applicants: list[Member] | None = None,
    amounts: dict[Any, Any] | None = None,
    **fields: Any,
) -> Application:
    """Change an application that has not been decided (bordlagd ones too)."""
    if application.status not in EDITABLE:
        raise ValidationError(_("Ansökan är beslutad och kan inte ändras."))
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    start = fields.get("start_year", application.start_year)
    end = fields.get("end_year", application.end_year)
    _check_period(start, end)
    if amounts is None:
        amounts = {a.year: a.requested for a in application.amounts.all()}
    cleaned = clean_amounts(amounts, start_year=start, end_year=end)
    m2m = None
    if applicants is not None:
        applicants = list(applicants)
        _check_applicants(application.association, applicants)
        m2m = {"applicants": applicants}
    application = update_audited(application, acting_user=acting_user, m2m=m2m, **fields)
    _replace_amounts(acting_user, application, cleaned)
    return application


@transaction.atomic
def application_prepare(*, acting_user: Any, application: Application, opinion: str) -> Application:
    """Put a received application under beredning with the beredningsgrupp's opinion (or change the opinion of
    one under beredning or bordlagd)."""
    if application.status not in EDITABLE:
        raise ValidationError(_("Ansökan är redan beslutad."))
    status = ApplicationStatus.PREPARING if application.status == ApplicationStatus.RECEIVED else application.status
    return update_audited(application, acting_user=acting_user, opinion=opinion.strip(), status=status)


def check_deciding_item(application: Application, item: AgendaItem) -> None:
    """The deciding § must be of the application's förbund and of a meeting that has been held."""
    if item.association_id != application.association_id:
        raise ValidationError({"item": _("Paragrafen tillhör inte förbundet.")})
    if not item.meeting.frozen_numbers:
        raise ValidationError(
            {"item": _("%(label)s hör till ett möte som inte har hållits (%(date)s); beslut fattas på ett "
                       "genomfört möte.") % {"label": item.label, "date": item.meeting.date.isoformat()}}
        )  # fmt: skip


def _intervention_fields(application: Application, code: str) -> dict[str, Any]:
    individual = application.orientation == ApplicationOrientation.INDIVIDUAL
    start = dt.date(application.start_year, 1, 1)
    return {
        "code": code,
        "name": application.name[:200],
        "orientation": application.orientation,
        "category": "individinsatser" if individual else "struktur",
        "follow_up_method": "individuell" if individual else "antal",
        "start": start,
        "end": dt.date(application.end_year, 12, 31),
        "status": InterventionStatus.PLANNED if start > dt.date.today() else InterventionStatus.ACTIVE,
        "target_group": application.target_group,
        "description": application.purpose,
    }


def _check_funding(application: Application, intervention: Intervention | None, code: str) -> None:
    """A grant needs an insats of the förbund to extend, or a new, unused code."""
    association = application.association
    if intervention is not None:
        if intervention.association_id != association.pk:
            raise ValidationError({"intervention": _("Insatsen tillhör inte förbundet.")})
        return
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Ange en kod för den nya insatsen, eller välj en insats att förlänga.")})
    if Intervention.objects.filter(association=association, code=code).exists():
        raise ValidationError({"code": _("Det finns redan en insats med koden %(code)s.") % {"code": code}})


def _fund(
    acting_user: Any, application: Application, granted: dict[int, int], intervention: Intervention | None, code: str
) -> Intervention:
    """Create or extend the insats of a grant, and budget the granted amounts on its line."""
    association = application.association
    applicants = list(application.applicants.all())
    intervention = intervention or application.intervention
    _check_funding(application, intervention, code)
    if intervention is None:
        intervention = intervention_services.intervention_create(
            acting_user=acting_user,
            association=association,
            run_by=applicants,
            **_intervention_fields(application, code.strip()),
        )
    else:
        end = dt.date(application.end_year, 12, 31)
        changes: dict[str, Any] = {
            "run_by": list({m.pk: m for m in [*intervention.run_by.all(), *applicants]}.values()),
        }
        if intervention.end is not None and intervention.end < end:
            changes["end"] = end
            if intervention.status == InterventionStatus.ENDED:
                changes["status"] = InterventionStatus.ACTIVE
        intervention = intervention_services.intervention_update(
            acting_user=acting_user, intervention=intervention, **changes
        )
    label = application.decided_by.label if application.decided_by else ""
    finance_services.intervention_budget_add(
        acting_user=acting_user,
        intervention=intervention,
        amounts=granted,
        comment=_("Beviljat %(label)s: %(name)s") % {"label": label, "name": application.name},
    )
    return intervention


@transaction.atomic
def application_decide(
    *,
    acting_user: Any,
    application: Application,
    outcome: str,
    item: AgendaItem,
    granted: dict[Any, Any] | None = None,
    intervention: Intervention | None = None,
    code: str = "",
) -> Application:
    """Record the board's decision on an application under beredning (or bordlagd) in a § of a held meeting.

    `outcome` is beviljad (every year as requested), delvis (`granted` amounts per year, each at most what was
    requested), avslag or bordlagd. A grant creates the insats with `code` (or extends `intervention`, or the
    application's own) and budgets the granted amounts on its line.
    """
    if outcome not in DECISION_STATUSES:
        raise ValidationError({"outcome": _("Välj ett beslut: beviljad, delvis beviljad, avslag eller bordlagd.")})
    if application.status not in DECIDABLE:
        raise ValidationError(
            _("Bara en ansökan under beredning (eller bordlagd) kan beslutas; den här är %(status)s.")
            % {"status": application.get_status_display().lower()}
        )
    check_deciding_item(application, item)
    requested = {a.year: a.requested for a in application.amounts.all()}
    amounts: dict[int, int] = {}
    if outcome == ApplicationStatus.GRANTED:
        amounts = dict(requested)
    elif outcome == ApplicationStatus.PARTLY_GRANTED:
        amounts = clean_amounts(
            granted or {}, start_year=application.start_year, end_year=application.end_year, field="granted"
        )
        for year, amount in amounts.items():
            if amount > requested.get(year, 0):
                raise ValidationError(
                    {"granted": _("%(y)s: beviljat belopp kan inte vara större än det sökta (%(r)s kr).")
                     % {"y": year, "r": requested.get(year, 0)}}
                )  # fmt: skip
        if not any(amounts.values()):
            raise ValidationError({"granted": _("Ett delvis beviljande måste bevilja något belopp; annars avslag.")})
    elif granted:
        raise ValidationError({"granted": _("Beviljade belopp anges bara när ansökan beviljas delvis.")})
    if amounts:
        _check_funding(application, intervention or application.intervention, code)
    application = update_audited(application, acting_user=acting_user, status=outcome, decided_by=item)
    for row in application.amounts.all():
        value = amounts.get(row.year, 0) if outcome in (ApplicationStatus.GRANTED,
                                                        ApplicationStatus.PARTLY_GRANTED) else None  # fmt: skip
        if row.granted != value:
            ApplicationAmount.objects.filter(pk=row.pk).update(granted=value)
    if amounts:
        record(
            acting_user=acting_user,
            association=application.association,
            action=AuditEntry.Action.UPDATE,
            obj=application,
            changes={"beviljat belopp": [None, {str(k): v for k, v in sorted(amounts.items())}]},
        )
        funded = _fund(acting_user, application, amounts, intervention, code)
        if application.intervention_id != funded.pk:
            application = update_audited(application, acting_user=acting_user, intervention=funded)
    return application
