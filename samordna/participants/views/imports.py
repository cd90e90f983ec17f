"""The import upload pages (participants, follow-ups) and the XLSX template download (registrars, for their own
insatser)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from samordna.core.imports import ImportFailed, Problem, read_upload, upload_too_large
from samordna.core.jobs import start_job
from samordna.organisations.models import Member
from samordna.participants import import_job, selectors
from samordna.participants.access import RegistrarMixin
from samordna.participants.followup_import import COLUMNS as FOLLOW_UP_COLUMNS
from samordna.participants.followup_import_services import follow_ups_import
from samordna.participants.forms import FollowUpImportForm, ImportForm
from samordna.participants.importer import run_import
from samordna.participants.importer.columns import COLUMNS
from samordna.participants.importer.template import build_template

SHOWN_PROBLEMS = 1000


class ImportView(RegistrarMixin, View):
    """Upload a CSV or XLSX file; every problem is listed in a table, and nothing is saved unless all is well."""

    template_name = "participants/import.html"

    def _render(self, form: ImportForm, status: int | None = None, **extra: Any) -> HttpResponse:
        context = {"association": self.association, "form": form, "columns": COLUMNS, **extra}
        if getattr(self.request, "htmx", False):
            return render(self.request, "participants/_import_result.html", context)
        if status is None:
            status = 400 if extra.get("problems") else 200
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        return self._render(ImportForm())

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form)
        upload = form.cleaned_data["file"]
        too_large = upload_too_large(upload)  # refused on its size, before a byte is read
        if too_large is not None:
            return self._render(form, problems=too_large.problems, problem_count=too_large.total, truncated=False)
        if import_job.as_job(upload.size):
            return self._start_job(form, upload)
        allowed = set(
            selectors.registrar_interventions(user=request.user, association=self.association).values_list(
                "pk", flat=True
            )
        )
        result = run_import(
            association=self.association,
            source=upload,
            filename=upload.name,
            acting_user=request.user,
            allowed_interventions=allowed,
        )
        if result.ok:
            messages.success(request, _("Importen är klar: %(rows)s rader.") % {"rows": result.counts.get("rows", 0)})
            return self._render(ImportForm(), counts=result.counts)
        return self._render(
            form,
            status=409 if result.busy else None,  # another import was running: the same file may be sent again
            problems=result.problems[:SHOWN_PROBLEMS],
            problem_count=len(result.problems),
            truncated=result.truncated,
        )

    def _start_job(self, form: ImportForm, upload: Any) -> HttpResponse:
        """A large file goes to the worker; the user follows it on the job page."""
        try:
            job = start_job(
                acting_user=self.request.user,
                association=self.association,
                kind=import_job.KIND,
                label=_("Import av deltagare"),
                params={"format": import_job.file_format(upload.name or "")},
                back_url=self.request.path,
                upload=upload,
            )
        except ValidationError as error:
            return self._render(form, status=409, problems=[Problem(None, "", m) for m in error.messages])
        url = reverse("core:job", kwargs={"association": self.association.slug, "pk": job.pk})
        if getattr(self.request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


class TemplateDownloadView(RegistrarMixin, View):
    """The XLSX template with Swedish headers, code lists and drop-downs."""

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        interventions = selectors.registrar_interventions(user=request.user, association=self.association)
        content = build_template(interventions=interventions, members=Member.objects.for_association(self.association))
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="deltagare-mall.xlsx"'
        return response


class FollowUpImportView(RegistrarMixin, View):
    """Upload follow-ups (docs/contracts.md "Follow-ups CSV") for the registrar's own insatser: every problem is
    listed with its row and column, and nothing is saved unless all is well."""

    template_name = "participants/followup_import.html"

    def _render(self, form: FollowUpImportForm, status: int = 200, **extra: Any) -> HttpResponse:
        context = {"association": self.association, "form": form, "columns": FOLLOW_UP_COLUMNS, **extra}
        if getattr(self.request, "htmx", False):
            return render(self.request, "participants/_followup_import_result.html", context, status=status)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        return self._render(FollowUpImportForm())

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = FollowUpImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form, status=400)
        upload = form.cleaned_data["file"]
        allowed = set(selectors.registrar_intervention_ids(user=request.user, association=self.association))
        try:
            data = read_upload(upload)  # refused on its size, before a byte is read
            counts = follow_ups_import(
                acting_user=request.user,
                association=self.association,
                data=data,
                filename=upload.name or "",
                allowed_interventions=allowed,
            )
        except ImportFailed as error:
            more = error.total - len(error.problems)
            return self._render(form, status=400, problems=error.problems, problem_count=error.total, more=more)
        return self._render(FollowUpImportForm(), counts=counts)
