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
    """Running insatser the user may see, in total and by orientation, with the insats list that shows them."""
    return {
        **intervention_counts(user=context.user, association=context.association, roles=context.roles),
        "url": reverse("interventions:list", kwargs={"association": context.association.slug}),
    }


def ending_soon(context: StartContext) -> list[Notice]:
    """A notice per insats past its end date but not marked ended (admins: mark it ended or extend it), then per
    insats that ends within ENDING_WITHIN_DAYS days (plan the ending or a new period). One query for both."""
    slug = context.association.slug
    last = context.today + dt.timedelta(days=ENDING_WITHIN_DAYS)
    notices = []
    for insats in ending_between(association=context.association, first=dt.date.min, last=last):
        if insats.end is None:
            continue
        text = (
            _("%(insats)s slutade %(date)s men är inte markerad som avslutad.")
            if insats.end < context.today
            else _("%(insats)s slutar %(date)s.")
        )
        notices.append(
            Notice(
                text % {"insats": insats, "date": insats.end.isoformat()},
                reverse("interventions:detail", kwargs={"association": slug, "pk": insats.pk}),
            )
        )
    return notices
