"""The participant statistics page: /f/<association>/rapporter/deltagare/ (issue 4, seed 002's tables).

Who sees what (docs/privacy.md, docs/suppression.md):

- Admins only: the flexible report (any period, insatser and bands). Everyone else gets participant figures
  from the förbund's publications (samordna/publications), never from a free query: two free queries can be
  subtracted to recover hidden counts (issue #18).
- On screen the admin sees the published version (small counts hidden) by default, the internal one with
  `?version=intern` (access-logged).
- Published files come only from a publication: for a fixed period, all insatser or one, and the förbund's
  bands, `?format=…` leads to the publication's file; otherwise the page says how to make one.
  The internal file needs an explicit choice: a POST with `version=intern` and the box `confirm=1` ticked.
  That writes one audit row (action export) and every file says "Intern version – får inte publiceras".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from samordna.core.choices import Role
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.interventions.selectors import interventions_for
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS, parse_bands
from samordna.participants.statistics.document import participants_report
from samordna.publications.selectors import published_for_period
from samordna.reporting.cache import cached
from samordna.reporting.http import wanted_format
from samordna.reporting.pages import (
    FORMAT_LABELS,
    INTERNAL,
    PUBLISHED,
    ReportPageMixin,
    inline_svg,
    internal_notice,
)
from samordna.reporting.periods import FixedPeriod
from samordna.reporting.renderers import FORMATS
from samordna.reporting.tables import Report
from samordna.reports.participant_filters import ParticipantFilterForm, Selection, filter_pairs


def period_label(selection: Selection) -> str:
    """The period of a selection, for the access log."""
    return f"{selection.date_from.isoformat()}–{selection.date_to.isoformat()}"


def published_period(selection: Selection) -> FixedPeriod | None:
    """The fixed period of a selection that a publication can answer (all or one insats, the fixed bands)."""
    if selection.interventions is not None and len(selection.interventions) != 1:
        return None
    default = (parse_bands(DEFAULT_AGE_BANDS), parse_bands(DEFAULT_SUPPORT_YEARS_BANDS))
    if (parse_bands(selection.age_bands), parse_bands(selection.support_years_bands)) != default:
        return None
    return FixedPeriod.from_dates(selection.date_from, selection.date_to)


class ParticipantsReportView(ReportPageMixin, TenantMixin, TemplateView):
    """Participant statistics for a period and a set of insatser, with charts and exports (admins)."""

    allowed_roles = ADMINS
    template_name = "reports/participants_page.html"
    access_log_name = "reports.participants"

    @property
    def is_admin(self) -> bool:
        return self.may_see_internal()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.respond(request.GET, confirmed=False)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Only the confirmed export of the internal version is a POST (admins)."""
        if not self.is_admin:
            raise PermissionDenied(_("Endast förbundsadministratörer får exportera den interna versionen."))
        problem = self.confirmation_problem(request.POST)
        if problem:
            return self.respond(request.POST, confirmed=False, status=400, problem=problem)
        return self.respond(request.POST, confirmed=True)

    def respond(self, params: QueryDict, *, confirmed: bool, status: int = 200, problem: str = "") -> HttpResponse:
        """Build the page (or file) for the filters in `params`."""
        self.wants_internal(params)  # 403 for a role that may not see the internal version
        visible = list(
            interventions_for(user=self.request.user, association=self.association, roles=self.roles).order_by("code")
        )
        restricted = not self.has_role(Role.ADMIN, Role.VIEWER)
        form = ParticipantFilterForm(params, interventions=visible, may_see_internal=self.is_admin)
        self.form, self.params, self.problem, self.report = form, params, problem, None
        self.notice = ""
        self.internal = False
        if restricted and not visible:
            self.notice = _("Du är inte tilldelad någon pågående insats, så det finns ingen statistik att visa.")
            return self.render_page(status)
        if not form.is_valid():
            return self.render_page(400)
        selection = form.selection(restricted=restricted)
        self.selection = selection
        if selection.interventions == []:
            self.notice = _("Inga insatser matchar urvalet.")
            return self.render_page(status)
        self.internal = selection.internal and self.is_admin
        try:
            self.report = self.build(selection)
        except ValidationError as error:
            self.problem = " ".join(error.messages)
            return self.render_page(400)
        fmt = wanted_format(params)
        if problem:  # a refused internal export: the page with the message, never a file
            self.pending_format = fmt or ""
            return self.render_page(status)
        if fmt and not self.internal:
            found = self.publication_url(selection)
            if found is None:
                self.problem = self.publication_problem(selection)
                return self.render_page(400)
            return HttpResponseRedirect(f"{found}{'&' if '?' in found else '?'}format={fmt}")
        if fmt and confirmed:
            codes = None if selection.interventions is None else sorted(i.code for i in selection.interventions)
            period = [selection.date_from.isoformat(), selection.date_to.isoformat()]
            return self.internal_file(
                self.report,
                fmt,
                filename=self.filename(selection),
                object_type="reports.participants",
                changes={"period": period, "interventions": codes},
            )
        if self.internal and not fmt:
            self.log_internal_view(f"{period_label(selection)}")
        self.pending_format = fmt or ""
        return self.render_page(status)

    def build(self, selection: Selection) -> Report:
        publish = not self.internal
        params = {
            "from": selection.date_from,
            "to": selection.date_to,
            "interventions": None if selection.interventions is None else sorted(i.pk for i in selection.interventions),
            "age_bands": selection.age_bands,
            "support_years_bands": selection.support_years_bands,
            "publish": publish,
        }
        report = cached(
            association=self.association,
            kind="participants",
            params=params,
            build=lambda: participants_report(
                association=self.association,
                date_from=selection.date_from,
                date_to=selection.date_to,
                interventions=selection.interventions,
                age_bands=selection.age_bands,
                support_years_bands=selection.support_years_bands,
                publish=publish,
            ),
        )
        report.data["version"] = INTERNAL if self.internal else PUBLISHED
        return report

    def publication_url(self, selection: Selection) -> str | None:
        """The page of the publication with this selection's published figures, if there is one."""
        period = published_period(selection)
        if period is None:
            return None
        publication = published_for_period(self.association, period.slug)
        if publication is None:
            return None
        url = reverse("publications:detail", kwargs={"association": self.association.slug, "pk": publication.pk})
        codes = None if selection.interventions is None else [i.code for i in selection.interventions]
        return f"{url}?insats={codes[0]}" if codes else url

    def publication_exports(self) -> list[dict[str, str]]:
        """The publication's files for the page's selection (empty when there is no publication for it)."""
        selection = getattr(self, "selection", None)
        found = self.publication_url(selection) if selection is not None else None
        if found is None:
            return []
        joiner = "&" if "?" in found else "?"
        return [
            {"label": FORMAT_LABELS[f], "url": f"{found}{joiner}format={f}"}
            for f in ["xlsx", "csv", "docx", "pdf", "json"]
            if f in FORMATS
        ]

    def publication_problem_for_page(self) -> str:
        selection = getattr(self, "selection", None)
        return self.publication_problem(selection) if selection is not None else ""

    def publication_problem(self, selection: Selection) -> str:
        """Why there is no published file for the selection, and what to do (Swedish)."""
        if published_period(selection) is None:
            return _(
                "Publicerade filer finns bara som publiceringar: en fast period (år, tertial eller året fram till "
                "ett månadsslut), alla insatser eller en insats, och förbundets fasta grupper."
            )
        return _("Det finns ingen publicering för perioden ännu. Gör en under Publiceringar → Ny publicering.")

    @staticmethod
    def filename(selection: Selection) -> str:
        return f"deltagarstatistik-{selection.date_from.isoformat()}-{selection.date_to.isoformat()}"

    def render_page(self, status: int) -> HttpResponse:
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report, params = self.report, self.params
        path = reverse("reports:participants", kwargs={"association": self.association.slug})
        published_query = urlencode(filter_pairs(params, drop=frozenset({"version"})))
        charts = []
        if report is not None:
            for index, chart in enumerate(report.charts, start=1):
                label = _("Stapeldiagram: %(title)s. Samma siffror finns i tabellerna ovan.") % {"title": chart.title}
                charts.append(
                    {
                        "title": chart.title,
                        "description": chart.description,
                        "svg": inline_svg(chart.draw("svg"), index, label),
                    }
                )
        context.update(
            form=self.form,
            report=report,
            charts=charts,
            problem=self.problem,
            notice=self.notice,
            internal=self.internal,
            internal_notice=internal_notice(),
            is_admin=self.is_admin,
            may_see_internal=self.is_admin,
            restricted=not self.has_role(Role.ADMIN, Role.VIEWER),
            exports=self.publication_exports(),
            published_note="" if self.publication_exports() else self.publication_problem_for_page(),
            formats=[(f, FORMAT_LABELS[f]) for f in ["xlsx", "csv", "docx", "pdf", "json"]],
            pending_format=getattr(self, "pending_format", ""),
            carry=filter_pairs(params, drop=frozenset({"version"})),
            published_url=f"{path}?{published_query}" if published_query else path,
            internal_url=f"{path}?{published_query}{'&' if published_query else ''}version={INTERNAL}",
        )
        return context
