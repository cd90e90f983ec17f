"""The insatser's contributions to the start page: running insatser by orientation, and those ending soon."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core.dashboard import Notice, StartContext
from samordna.interventions.selectors import ending_between, intervention_counts

ENDING_WITHIN_DAYS = 60


def running_counts(context: StartContext) -> dict[str, Any]:
    """Running insatser in total and by orientation, with the insats list that shows them."""
    return {
        **intervention_counts(association=context.association),
        "url": reverse("interventions:list", kwargs={"association": context.association.slug}),
    }


def ending_soon(context: StartContext) -> list[Notice]:
    """A notice per insats that ends within ENDING_WITHIN_DAYS days (admins: plan the ending or a new period)."""
    last = context.today + dt.timedelta(days=ENDING_WITHIN_DAYS)
    return [
        Notice(
            _("%(insats)s slutar %(date)s.") % {"insats": insats, "date": insats.end.isoformat()},
            reverse("interventions:detail", kwargs={"association": context.association.slug, "pk": insats.pk}),
        )
        for insats in ending_between(association=context.association, first=context.today, last=last)
        if insats.end is not None
    ]
