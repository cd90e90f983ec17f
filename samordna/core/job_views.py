"""Pages of background jobs (core.jobs): a job's progress, its file, and the user's recent jobs.

Under /f/<association>/jobb/ for a förbund's jobs, and under /drift/jobb/ for the operator's (national) jobs.
Only the user who started a job sees it: anyone else (and another förbund) gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from samordna.core.jobs import result_template
from samordna.core.listing import Column, sorted_page
from samordna.core.models import Job
from samordna.core.permissions import TenantMixin


def job_context(job: Job, file_url: str, status_url: str) -> dict[str, Any]:
    """What the job page shows."""
    template = result_template(job)
    return {
        "title": job.label,
        "job": job,
        "file_url": file_url if job.file or not template else "",
        "status_url": status_url,
        "result_template": template if job.status == Job.Status.DONE else "",
        "result": job.result or {},
    }


def status_json(job: Job, file_url: str) -> JsonResponse:
    """The job's state for the page's progress script."""
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "step": job.step,
            "error": job.error,
            "file_url": file_url if job.status == Job.Status.DONE and job.file else "",
        }
    )


def file_response(job: Job) -> HttpResponse:
    """The job's file as an attachment; 404 until it is ready (or after it has been removed)."""
    if job.status != Job.Status.DONE or not job.file:
        raise Http404(_("Filen är inte klar."))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Filen finns inte längre.")) from exc
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)


class TenantJobMixin(TenantMixin):
    """A job of this förbund started by the user (404 otherwise, before the role check)."""

    job: Job

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        job = Job.objects.filter(pk=kwargs["pk"], association=self.association, user=request.user).first()
        if job is None:
            raise Http404(_("Det finns inget sådant jobb."))
        self.job = job

    def urls(self) -> tuple[str, str]:
        kwargs = {"association": self.association.slug, "pk": self.job.pk}
        return reverse("core:job-file", kwargs=kwargs), reverse("core:job-status", kwargs=kwargs)


class JobPageView(TenantJobMixin, TemplateView):
    """A job's progress, and its file when it is ready."""

    template_name = "core/job.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(job_context(self.job, *self.urls()))
        return context


class JobStatusView(TenantJobMixin, View):
    """The job's state as JSON (read by the page's progress script)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return status_json(self.job, self.urls()[0])


class JobFileView(TenantJobMixin, View):
    """The job's file."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return file_response(self.job)


class JobListView(TenantMixin, TemplateView):
    """The user's own jobs in this förbund (the last `SAMORDNA_JOB_KEEP_HOURS`)."""

    template_name = "core/job_list.html"
    columns = (
        Column("vad", gettext_lazy("Vad"), ("label",)),
        Column("bestalld", gettext_lazy("Beställd"), ("created_at",), "date"),
        Column("status", gettext_lazy("Status"), ("status",)),
        Column("fil", gettext_lazy("Fil")),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        jobs = Job.objects.filter(association=self.association, user=self.request.user)
        page, listing = sorted_page(jobs, self.request.GET, self.columns, "-bestalld")
        context.update(title=_("Mina filer"), jobs=page.object_list, **listing)
        return context


@method_decorator(staff_member_required(login_url="/drift/login/"), name="dispatch")
class OperatorJobMixin(View):
    """An operator's job without a förbund (national reports), started by this operator."""

    job: Job

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = Job.objects.filter(pk=kwargs["pk"], association__isnull=True, user=request.user).first()
        if job is None:
            raise Http404(_("Det finns inget sådant jobb."))
        self.job = job
        return super().dispatch(request, *args, **kwargs)

    def urls(self) -> tuple[str, str]:
        kwargs = {"pk": self.job.pk}
        return reverse("operator-job-file", kwargs=kwargs), reverse("operator-job-status", kwargs=kwargs)


class OperatorJobPageView(OperatorJobMixin, TemplateView):
    """An operator's job page."""

    template_name = "core/job.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(job_context(self.job, *self.urls()))
        return context


class OperatorJobStatusView(OperatorJobMixin):
    """An operator's job state as JSON."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return status_json(self.job, self.urls()[0])


class OperatorJobFileView(OperatorJobMixin):
    """An operator's job file."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return file_response(self.job)
