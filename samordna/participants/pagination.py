"""The enrollment API's pages without sorting the förbund's enrollments.

The list's order is the contract's: by insats (the insatser's own order, their code), then newest start first;
the enrollment id (descending) breaks ties, so a row is on exactly one page. The answer is DRF's limit/offset answer
(`count`, `next`, `previous`, `results`). Instead of one query that sorts every enrollment of the registrar's
insatser to return a hundred, a page is found insats by insats: one grouped count of the insatser, then the ids
of the page from the (intervention, start_date, id) index (read backwards) of the insatser it falls in, then
the rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from samordna.participants.models import Enrollment

ORDER_IN_INSATS = ("-start_date", "-pk")


def page_ids(enrollments: QuerySet[Enrollment], insatser: list[int], offset: int, limit: int) -> tuple[int, list[Any]]:
    """(rows in all, ids of rows offset … offset + limit) of `enrollments` taken insats by insats in the order of
    `insatser`, each insats newest start first."""
    counts = dict(
        enrollments.values_list("intervention_id")
        .annotate(n=Count("pk"))
        .values_list("intervention_id", "n")
        .order_by()
    )
    ids: list[Any] = []
    skip = offset
    for pk in insatser:
        here = counts.get(pk, 0)
        if len(ids) >= limit:
            break
        if skip >= here:
            skip -= here
            continue
        in_insats = enrollments.filter(intervention_id=pk).order_by(*ORDER_IN_INSATS).values_list("pk", flat=True)
        ids += in_insats[skip : skip + limit - len(ids)]
        skip = 0
    return sum(counts.values()), ids


class EnrollmentPagination(LimitOffsetPagination):
    """Limit/offset over the enrollments of the view's insatser (`view.insats_ids()`), insats by insats.

    The page's rows are read by their ids alone (with `view.with_details`): the ids come from the view's
    queryset, and repeating its insats filter made SQLite walk the insatser instead of the hundred ids.
    """

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        self.count, ids = page_ids(queryset, view.insats_ids(), self.offset, self.limit)
        rows = {row.pk: row for row in view.with_details(queryset.model.objects.filter(pk__in=ids))}
        return [rows[pk] for pk in ids]
