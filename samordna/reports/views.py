"""Report pages under /f/<association>/rapporter/: an index and Uppföljning Finsam.

Uppföljning Finsam  is the förbund's national follow-up: all its insatser
and its finances, so it is the office's (admin) and the board's and auditors' (viewer) report, like the
finance pages. An intervention_manager sees their own insatser elsewhere and gets 403 here.

Viewers always get the published version (small participant counts suppressed). Admins see the internal
figures and may switch to the published version (`?version=publicering`); exporting the internal version
is an explicit choice recorded in the audit log, and DOCX/PDF (documents that leave the office) are
published unless `version=intern` is asked for (docs/suppression.md, "Vem ser vad").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from samordna.core.audit import record
from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import PUBLISHED_READERS
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.tables import Report
from samordna.reports.finsam.report import KIND, parse_year, uppfoljning_finsam_report

INTERNAL, PUBLISHED = "intern", "publicering"
DOCUMENT_FORMATS = frozenset({"docx", "pdf"})


class ReportsHomeView(TenantMixin, TemplateView):
    """The list of report pages the user's roles may open."""

    allowed_roles = PUBLISHED_READERS
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = timezone.localdate().year - 1
        return context


class UppfoljningFinsamView(TenantMixin, TemplateView):
    """Uppföljning Finsam for a year: page, or a download with ?format=xlsx|csv|docx|pdf|json."""

    allowed_roles = PUBLISHED_READERS
    template_name = "reports/uppfoljning_finsam.html"

    def published(self, fmt: str | None) -> bool:
        """Whether this request gets the suppressed version (always for anyone who is not an admin)."""
        if not self.has_role(Role.ADMIN):
            return True
        version = self.request.GET.get("version")
        if version in (INTERNAL, PUBLISHED):
            return version == PUBLISHED
        return fmt in DOCUMENT_FORMATS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = wanted_format(request)
        self.error = ""
        self.year = timezone.localdate().year - 1
        self.report: Report | None = None
        try:
            self.year = parse_year(request.GET.get("year") or self.year)
            self.report = uppfoljning_finsam_report(
                association=self.association, options={"year": self.year, "publish": self.published(fmt)}
            )
        except ValidationError as error:
            self.error = " ".join(error.messages)
        if fmt and self.report is not None:
            if not self.report.published:
                record(
                    acting_user=request.user,
                    association=self.association,
                    action=AuditEntry.Action.EXPORT,
                    object_type="report",
                    object_id=f"{KIND}:{self.year}",
                    object_repr=f"{self.report.title} (intern, {fmt})",
                    changes={"kind": KIND, "year": self.year, "format": fmt, "version": INTERNAL},
                )
            return export_response(self.report, fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        published = report.published if report else not self.has_role(Role.ADMIN)
        this_year = timezone.localdate().year
        version = PUBLISHED if published else INTERNAL
        years = sorted({*range(this_year - 10, this_year + 2), self.year}, reverse=True)
        query = f"year={self.year}" + (f"&version={version}" if self.has_role(Role.ADMIN) else "")
        context.update(
            report=report,
            error=self.error,
            year=self.year,
            published=published,
            years=years,
            can_choose=self.has_role(Role.ADMIN),
            version=version,
            query=query,
            title=report.title if report else _("Uppföljning Finsam"),
            hidden_cells=report.hidden_cells if report else 0,
            threshold=self.association.suppression_threshold,
        )
        return context
