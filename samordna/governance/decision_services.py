"""Write services that link a decision (a § of a held meeting) to what it decided, outside the applications:
a budget version becomes antagen. The link is written by the finance services (audited), which store the §'s
label and id, so finance shows the § without knowing the governance models."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.finance import services as finance_services
from samordna.finance.models import BudgetAdoption
from samordna.governance.models import AgendaItem


@transaction.atomic
def budget_adopted(*, acting_user: Any, item: AgendaItem, year: int, version: str = "budget") -> BudgetAdoption:
    """Record that the § adopted the year's budget (or plan): the budget is then shown as antagen with the §."""
    if not item.meeting.frozen_numbers:
        raise ValidationError(
            {"item": _("%(label)s hör till ett möte som inte har hållits (%(date)s); beslut fattas på ett "
                       "genomfört möte.") % {"label": item.label, "date": item.meeting.date.isoformat()}}
        )  # fmt: skip
    if not item.decision:
        raise ValidationError({"item": _("%(label)s har inget beslut.") % {"label": item.label}})
    return finance_services.budget_adopt(
        acting_user=acting_user,
        association=item.association,
        year=year,
        version=version,
        decided_on=item.meeting.date,
        decision=item.label,
        decision_ref=item.pk,
    )
