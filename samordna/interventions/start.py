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
    """A notice per insats past its end date but not marked ended (admins: mark it ended or extend it), and per
    insats that ends within ENDING_WITHIN_DAYS days (plan the ending or a new period)."""
    slug = context.association.slug
    yesterday = context.today - dt.timedelta(days=1)
    overdue = ending_between(association=context.association, first=dt.date.min, last=yesterday)
    soon = ending_between(
        association=context.association, first=context.today, last=context.today + dt.timedelta(days=ENDING_WITHIN_DAYS)
    )
    notices = [
        Notice(
            _("%(insats)s slutade %(date)s men är inte markerad som avslutad.")
            % {"insats": insats, "date": insats.end.isoformat()},
            reverse("interventions:detail", kwargs={"association": slug, "pk": insats.pk}),
        )
        for insats in overdue
        if insats.end is not None
    ]
    return notices + [
        Notice(
            _("%(insats)s slutar %(date)s.") % {"insats": insats, "date": insats.end.isoformat()},
            reverse("interventions:detail", kwargs={"association": slug, "pk": insats.pk}),
        )
        for insats in soon
        if insats.end is not None
    ]
