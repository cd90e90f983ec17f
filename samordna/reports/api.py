"""Report API: `GET /api/v1/associations/<slug>/reports/participants/?from=…&to=…` → the published report JSON.

The API only ever hands out published figures, and only from the förbund's publications (samordna/publications):
a fixed period, all insatser or one, the förbund's bands (anything else is a 400 that says what is allowed;
a period without a publication is a 404 that says so). Internal aggregates leave the system only through an
admin's explicit, audited export on the report page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from samordna.core.api import TenantAPIMixin
from samordna.core.tenancy import NOBODY, PUBLISHED_READERS
from samordna.interventions.selectors import unknown_codes
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS
from samordna.participants.statistics.kind import parse_date
from samordna.publications.kind import NoPublication, published_report


class ParticipantReportViewSet(TenantAPIMixin, viewsets.ViewSet):
    """The participants report of docs/contracts.md, published, for admins and viewers (board, auditors).

    Query: `from`, `to` (ÅÅÅÅ-MM-DD; default the current calendar year), `intervention` (repeatable),
    `age_bands`, `support_years_bands`.
    """

    read_roles = PUBLISHED_READERS
    write_roles = NOBODY

    @extend_schema(
        summary="Deltagarstatistik (publicerad)",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Periodens första dag (standard: 1 januari i år)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Periodens sista dag (standard: 31 december i år)"),
            OpenApiParameter("intervention", str, many=True, description="Insatskod; kan upprepas"),
            OpenApiParameter("age_bands", str, description="Åldersband, t.ex. 19-30,31-50,51-64"),
            OpenApiParameter("support_years_bands", str, description="Band för år i försörjning, t.ex. 1-3,4-7,8-"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="Rapport-JSON enligt docs/contracts.md, alltid publicerad (små tal dolda).",
    )
    def list(self, request: Request, association: str) -> Response:
        year = timezone.localdate().year
        params: dict[str, Any] = request.query_params
        codes = request.query_params.getlist("intervention")
        date_from = parse_date(params.get("from") or dt.date(year, 1, 1), "from")
        date_to = parse_date(params.get("to") or dt.date(year, 12, 31), "to")
        unknown = unknown_codes(association=self.association, codes=codes)
        if unknown:  # named as such, before "no publication"
            raise ValidationError(_("Okänd insats: %(codes)s.") % {"codes": ", ".join(unknown)})
        try:
            report = published_report(
                association=self.association,
                date_from=date_from,
                date_to=date_to,
                codes=codes,
                age_bands=params.get("age_bands") or DEFAULT_AGE_BANDS,
                support_years_bands=params.get("support_years_bands") or DEFAULT_SUPPORT_YEARS_BANDS,
            )
        except NoPublication as missing:
            raise NotFound(" ".join(missing.messages)) from missing
        return Response(report.as_json())
