"""Demo publications: Västmanland's participant figures of last year and of the current year's latest finished
tertial, and Västra Östergötland's last year (its counts, for Uppföljning Finsam), are released (through
`publications.services.release_publication`), so a reader's start page and the publication pages have
something to show. A period already published is left alone (running again changes nothing); a later run
adds the periods that have finished since."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import Association
from samordna.publications.selectors import published_for_period
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod

DEMO_ASSOCIATIONS = ("vastmanland", "vastra-ostergotland")


def periods(slug: str, today: dt.date) -> list[FixedPeriod]:
    """Last year, and in Västmanland the latest tertial of this year that has ended before `today`."""
    finished = [n for n, last_month in ((1, 4), (2, 8)) if today.month > last_month and slug == "vastmanland"]
    return [FixedPeriod.whole_year(today.year - 1)] + [FixedPeriod.tertial(today.year, n) for n in finished[-1:]]


def load(*, acting_user: Any = None, today: dt.date | None = None) -> dict[str, int]:
    """Release the demo periods that are not yet published; returns how many were released."""
    released = 0
    for association in Association.objects.filter(slug__in=DEMO_ASSOCIATIONS).order_by("slug"):
        for period in periods(association.slug, today or dt.date.today()):
            if published_for_period(association, period.slug) is None:
                release_publication(association=association, period=period, acting_user=acting_user)
                released += 1
    return {"publications": released} if released else {}
