"""The goal follow-up of a plan as a report page with its files (Måluppföljning): `planning.report` for a period.

The published version for everyone (computed values from the period's publication, planning.published); the
internal one on screen with `?version=intern` (admins, logged) and as a file only after a confirmed POST
(audited, marked internal): the policy of `reporting.pages`, as Uppföljning Finsam has it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS, PLAN_READERS
from samordna.planning import selectors
from samordna.planning.document import plan_document
from samordna.planning.forms import PeriodForm
from samordna.planning.models import Plan
from samordna.planning.report import KIND, goals_report
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import FORMAT_LABELS, INTERNAL, ReportPageMixin, internal_notice


class GoalReportView(ReportPageMixin, TenantMixin, TemplateView):
    """Måluppföljning for a plan's year (up to a date): the page, or a file with ?format=…."""

    model = Plan
    allowed_roles = PLAN_READERS
    template_name = "planning/goal_report.html"
    access_log_name = "planning.goals"

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        self.plan = get_object_or_404(selectors.in_association(Plan, self.association), pk=kwargs["pk"])

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
        self.period = PeriodForm({k: params.get(k) for k in ("year", "until") if params.get(k)} or None, plan=self.plan)
        year, until = selectors.default_year(self.plan), None
        if self.period.is_bound and self.period.is_valid():
            year, until = self.period.cleaned_data["year"], self.period.cleaned_data["until"]
        elif not self.period.is_bound:
            self.period = PeriodForm(initial={"year": year}, plan=self.plan)
        else:
            self.error = _("Välj ett år i planen och ett datum i det året.")
        self.year, self.until = year, until
        if not self.error:
            try:
                self.report = goals_report(
                    association=self.association,
                    year=year,
                    until=until,
                    plan_code=self.plan.code,
                    publish=not self.internal,
                )
            except ValidationError as error:
                self.error = " ".join(error.messages)
        if self.report is not None and fmt and not problem:
            name = f"maluppfoljning-{self.plan.code}-{year}" + (f"-{until.isoformat()}" if until else "")
            if not self.internal:
                return export_response(self.report, fmt, filename=name)
            if confirmed:
                return self.internal_file(
                    self.report,
                    fmt,
                    filename=name,
                    object_type="report",
                    changes={"kind": KIND, "plan": self.plan.code, "year": year},
                )
        if self.internal and self.report is not None and not fmt:
            self.log_internal_view(f"{KIND}:{self.plan.code}:{year}")
        self.pending_format = fmt or ""
        response = self.render_to_response(self.get_context_data())
        response.status_code = 400 if problem else 200
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        carry = [("year", str(self.year))] + ([("until", self.until.isoformat())] if self.until else [])
        query = urlencode(carry)
        context.update(
            plan=self.plan,
            period=self.period,
            report=self.report,
            error=self.error,
            problem=self.problem,
            published=not self.internal,
            internal=self.internal,
            internal_notice=internal_notice(),
            may_see_internal=self.may_see_internal(),
            published_url=f"?{query}",
            internal_url=f"?{query}&version={INTERNAL}",
            exports=[{"label": FORMAT_LABELS[f], "url": f"?{query}&format={f}"} for f in FORMAT_LABELS],
            formats=list(FORMAT_LABELS.items()),
            pending_format=self.pending_format,
            carry=carry,
            title=self.report.title if self.report else _("Måluppföljning"),
        )
        return context


class PlanDocumentView(TenantMixin, View):
    """The verksamhetsplan as a document to send: `?format=docx` (default) or `pdf` (planning.document)."""

    model = Plan
    allowed_roles = ADMINS

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        self.plan = get_object_or_404(selectors.in_association(Plan, self.association), pk=kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("format", "docx")
        if fmt not in ("docx", "pdf"):
            raise Http404
        report = plan_document(association=self.association, plan=self.plan)
        return export_response(report, fmt, filename=f"verksamhetsplan-{self.plan.code}")
