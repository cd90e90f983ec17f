"""The publication pages: /f/<association>/publiceringar/.

- The list: every role of the förbund sees every publication (they hold only published figures).
- A publication: its tables for all insatser together, or for one insats of it (only those), and its files
  in every format. No other period, band or selection of insatser can be asked for.
- A new publication: admins only, after a confirmation (a release cannot be undone).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from samordna.core.choices import ALL_ROLES
from samordna.core.listing import Column, sorted_page
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.participants.statistics.document import as_report
from samordna.publications import finsam_tables, selectors
from samordna.publications.forms import ReleaseForm
from samordna.publications.models import Publication
from samordna.publications.presentation import audit_summary
from samordna.publications.services import release_publication
from samordna.reporting.cache import cached
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import FORMAT_LABELS, inline_svg
from samordna.reporting.renderers import FORMATS, render
from samordna.reporting.tables import Report

EXPORT_ORDER = ["xlsx", "csv", "docx", "pdf", "json"]


class PublicationListView(TenantMixin, TemplateView):
    """The förbund's publications, newest first (sortable by column)."""

    allowed_roles = ALL_ROLES
    template_name = "publications/list.html"
    columns = (
        Column("publicering", gettext_lazy("Publicering"), ("title",)),
        Column("period", gettext_lazy("Period"), ("date_from", "date_to"), "date"),
        Column("publicerad", gettext_lazy("Publicerad"), ("released_at",), "date"),
        Column("av", gettext_lazy("Av"), ("released_by_name",)),
        Column("granskning", gettext_lazy("Granskning")),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page, listing = sorted_page(
            selectors.publications_of(self.association), self.request.GET, self.columns, "-publicerad"
        )
        context.update(
            title=_("Publiceringar"),
            publications=[(p, audit_summary(p)) for p in page.object_list],
            may_release=self.has_role(*ADMINS),
            **listing,
        )
        return context


def publication_report(publication: Publication, insats: str | None) -> Report:
    """A publication's report (all insatser, or one) as tables for the page and the files."""
    data = publication.report(insats)
    if data is None:
        raise Http404(_("Publiceringen har ingen redovisning för den insatsen."))
    title = publication.title if insats is None else f"{publication.title} – {_('insats')} {insats}"
    report = as_report(association=publication.association, data=data, title=title, published=True)
    if insats is None and publication.content.get("finsam"):
        report.tables.extend(finsam_tables.tables(publication.content["finsam"]))
        report.data["uppfoljning_finsam"] = publication.content["finsam"]
    report.paragraphs.insert(
        0,
        _("Publicerad %(date)s av %(name)s.")
        % {"date": localtime(publication.released_at).strftime("%Y-%m-%d"), "name": publication.released_by_name},
    )
    report.data["publication"] = {"id": publication.pk, "period": publication.period, "title": publication.title}
    return report


class PublicationDetailView(TenantMixin, TemplateView):
    """One publication: its tables and its files (`?insats=CODE` for one of its insatser, `?format=…`)."""

    allowed_roles = ALL_ROLES
    template_name = "publications/detail.html"
    model = Publication

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.publication = selectors.publication_of(self.association, kwargs["pk"])
        insats = request.GET.get("insats") or None
        if insats is not None and insats not in self.publication.insats_codes:
            raise Http404(_("Publiceringen har ingen redovisning för den insatsen."))
        self.insats = insats
        self.report = publication_report(self.publication, insats)
        fmt = wanted_format(request.GET)
        if fmt:
            name = f"{self.publication.title}-{insats}" if insats else self.publication.title
            report = self.report
            content = cached(  # a publication does not change: its files are rendered once (a PDF takes ~1 s)
                association=self.association,
                kind="publication-file",
                params={"publication": self.publication.pk, "insats": insats, "format": fmt},
                build=lambda: render(report, fmt),
            )
            return export_response(report, fmt, filename=name, content=content)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        path = reverse("publications:detail", kwargs={"association": self.association.slug, "pk": self.publication.pk})
        scope = f"insats={self.insats}&" if self.insats else ""
        charts = [
            {
                "title": chart.title,
                "description": chart.description,
                "svg": inline_svg(
                    chart.draw("svg"),
                    index,
                    _("Stapeldiagram: %(title)s. Samma siffror finns i tabellerna ovan.") % {"title": chart.title},
                ),
            }
            for index, chart in enumerate(self.report.charts, start=1)
        ]
        context.update(
            charts=charts,
            title=self.publication.title,
            publication=self.publication,
            report=self.report,
            insats=self.insats,
            insatser=self.publication.insats_codes,
            summary=audit_summary(self.publication),
            exports=[
                {"label": FORMAT_LABELS[f], "url": f"{path}?{scope}format={f}"} for f in EXPORT_ORDER if f in FORMATS
            ],
        )
        return context


class ReleaseView(TenantMixin, TemplateView):
    """Release a new publication (admins): choose the period, confirm, and the audit runs."""

    allowed_roles = ADMINS
    template_name = "publications/release.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(ReleaseForm(initial={"kind": "year"}))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        period = form.period()
        existing = selectors.published_for_period(self.association, period.slug)
        publication = release_publication(
            association=self.association, period=period, acting_user=request.user, corrects=existing
        )
        messages.success(request, _("Publiceringen är gjord: %(title)s.") % {"title": publication.title})
        return HttpResponseRedirect(
            reverse("publications:detail", kwargs={"association": self.association.slug, "pk": publication.pk})
        )

    def render_form(self, form: ReleaseForm, status: int = 200) -> HttpResponse:
        existing = list(selectors.publications_of(self.association)[:50])
        response = self.render_to_response(
            self.get_context_data(form=form, title=_("Ny publicering"), existing=existing)
        )
        response.status_code = status
        return response
