"""Report pages under /f/<association>/rapporter/: an index and Uppföljning Finsam.

Uppföljning Finsam  is the förbund's national follow-up: all its insatser
and its finances, so it is the office's (admin) and the board's and auditors' (viewer) report, like the
finance pages. An intervention_manager sees their own insatser elsewhere and gets 403 here.

Everyone gets the published version (small participant counts suppressed), on the page and in every file.
The internal version follows the one policy of every report page (`reporting.pages`): admins only, on
screen with `?version=intern` (logged), as a file only after a confirmed POST (audited, marked internal).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import PUBLISHED_READERS
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import FORMAT_LABELS, INTERNAL, ReportPageMixin, internal_notice
from samordna.reports.finsam.report import KIND, parse_year, uppfoljning_finsam_report


class ReportsHomeView(TenantMixin, TemplateView):
    """The list of report pages the user's roles may open."""

    allowed_roles = PUBLISHED_READERS
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = timezone.localdate().year - 1
        return context


class UppfoljningFinsamView(ReportPageMixin, TenantMixin, TemplateView):
    """Uppföljning Finsam for a year: the page, or a file with ?format=xlsx|csv|docx|pdf|json.

    The published version for everyone; the internal one on screen with `?version=intern` (admins, logged) and
    as a file only after a confirmed POST (audited, marked internal): `reporting.pages`.
    """

    allowed_roles = PUBLISHED_READERS
    template_name = "reports/uppfoljning_finsam.html"
    access_log_name = "reports.uppfoljning_finsam"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond(request.GET)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Only the confirmed export of the internal version is a POST (admins)."""
        if not self.may_see_internal():
            raise PermissionDenied(_("Endast förbundsadministratörer får exportera den interna versionen."))
        problem = self.confirmation_problem(request.POST)
        return self.respond(request.POST, confirmed=not problem, problem=problem)

    def respond(self, params: Any, *, confirmed: bool = False, problem: str = "") -> HttpResponse:
        self.internal = self.wants_internal(params)
        fmt = wanted_format(params)
        self.error, self.problem, self.report = "", problem, None
        self.year = timezone.localdate().year - 1
        try:
            self.year = parse_year(params.get("year") or self.year)
            self.report = uppfoljning_finsam_report(
                association=self.association, options={"year": self.year, "publish": not self.internal}
            )
        except ValidationError as error:
            self.error = " ".join(error.messages)
        if self.report is not None and fmt and not problem:
            if not self.internal:
                return export_response(self.report, fmt)
            if confirmed:
                return self.internal_file(
                    self.report,
                    fmt,
                    filename=f"uppfoljning-finsam-{self.year}",
                    object_type="report",
                    changes={"kind": KIND, "year": self.year},
                )
        if self.internal and self.report is not None and not fmt:
            self.log_internal_view(f"{KIND}:{self.year}")
        self.pending_format = fmt or ""
        response = self.render_to_response(self.get_context_data())
        response.status_code = 400 if problem else 200
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        this_year = timezone.localdate().year
        years = sorted({*range(this_year - 10, this_year + 2), self.year}, reverse=True)
        published_query = f"year={self.year}"
        context.update(
            report=report,
            error=self.error,
            problem=self.problem,
            year=self.year,
            published=not self.internal,
            years=years,
            internal=self.internal,
            internal_notice=internal_notice(),
            may_see_internal=self.may_see_internal(),
            published_url=f"?{published_query}",
            internal_url=f"?{published_query}&version={INTERNAL}",
            exports=[{"label": FORMAT_LABELS[f], "url": f"?{published_query}&format={f}"} for f in FORMAT_LABELS],
            formats=list(FORMAT_LABELS.items()),
            pending_format=self.pending_format,
            carry=[("year", str(self.year))],
            title=report.title if report else _("Uppföljning Finsam"),
            hidden_cells=report.hidden_cells if report else 0,
            threshold=self.association.suppression_threshold,
        )
        return context
