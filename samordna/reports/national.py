"""The national participants report for the install's operator: `/drift/nationellt/`, made as a background job.

Staff only (the operator's /drift/ login). The report is the published one of every förbund together
(participants.statistics.document.national_participants_report): no internal figure leaves a förbund.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core.jobs import JobFile, JobKind, Progress, start_job
from samordna.core.models import Job
from samordna.participants.statistics.document import national_participants_report
from samordna.reporting.renderers import CONTENT_TYPES
from samordna.reporting.renderers import render as render_format

KIND = "reports.national-participants"
FORMATS = (("pdf", "PDF"), ("xlsx", "Excel (XLSX)"), ("docx", "Word (DOCX)"), ("csv", "CSV"), ("json", "JSON"))


def make_file(job: Job, progress: Progress) -> JobFile:
    """The national report of `job.params["year"]` in `job.params["format"]`."""
    year, fmt = int(job.params["year"]), job.params["format"]
    progress(5, _("Räknar deltagarna i alla förbund"))
    report = national_participants_report(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
    progress(40, _("Gör filen (%(format)s)") % {"format": fmt.upper()})
    content = render_format(report, fmt)
    return JobFile(
        content=content, filename=f"deltagarstatistik-alla-forbund-{year}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )


JOB = JobKind(KIND, make_file)


class NationalForm(forms.Form):
    """The year and the format of the national report."""

    year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2100)
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, initial="pdf")

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise ValidationError(_("Året har inte börjat än."))
        return year


@method_decorator(staff_member_required(login_url="/drift/login/"), name="dispatch")
class NationalReportView(View):
    """The operator's page: choose a year and a format; the file is made in the background."""

    template_name = "reports/national.html"

    def context(self, form: NationalForm) -> dict[str, Any]:
        return {"title": _("Deltagarstatistik för alla förbund"), "form": form}

    def get(self, request: HttpRequest) -> HttpResponse:
        form = NationalForm(initial={"year": timezone.localdate().year - 1, "format": "pdf"})
        return render(request, self.template_name, self.context(form))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NationalForm(request.POST)
        if form.is_valid():
            year, fmt = form.cleaned_data["year"], form.cleaned_data["format"]
            try:
                job = start_job(
                    acting_user=request.user,
                    association=None,
                    kind=KIND,
                    label=_("Deltagarstatistik, alla förbund, %(year)s (%(format)s)")
                    % {"year": year, "format": fmt.upper()},
                    params={"year": year, "format": fmt},
                    back_url=reverse("operator-national"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return HttpResponseRedirect(reverse("operator-job", kwargs={"pk": job.pk}))
        return render(request, self.template_name, self.context(form), status=400)
