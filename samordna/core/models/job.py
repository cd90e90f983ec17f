"""Long work done by the worker for one person: a document or report file made off the request (core.jobs)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_folder(job: Job) -> str:
    """A job's folder under MEDIA_ROOT: jobb/<förbund>/<id> (`drift` for the operator's jobs)."""
    owner = job.association.slug if job.association is not None else "drift"
    return f"jobb/{owner}/{job.pk}"


def job_file_path(job: Job, filename: str) -> str:
    """Where a job's file is stored: in its folder under MEDIA_ROOT/jobb/."""
    return f"{job_folder(job)}/{filename}"


class Job(models.Model):
    """One piece of long work asked for by one user, run by the worker, with its progress and its file.

    `kind` names an entry of the job registry (core.jobs); `params` holds that kind's parameters (a year, a
    document id: never a participant value). A job makes a file, or a `result` its kind's template shows (an
    import's counts or its problems, which may quote the uploaded file's cells: the uploading user's own data,
    shown to them only). Only the user who asked sees the job; the file, the result and an uploaded input are
    removed with the job after `SAMORDNA_JOB_KEEP_HOURS` (core.jobs.prune).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    association = models.ForeignKey(
        "core.Association", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("slag"), max_length=60)
    label = models.CharField(_("vad"), max_length=200)
    params = models.JSONField(_("parametrar"), default=dict, blank=True)
    back_url = models.CharField(_("tillbaka till"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("klart (%)"), default=0)
    step = models.CharField(_("steg"), max_length=200, blank=True)
    error = models.CharField(_("fel"), max_length=300, blank=True)
    file = models.FileField(_("fil"), upload_to=job_file_path, max_length=300, blank=True)
    filename = models.CharField(_("filnamn"), max_length=200, blank=True)
    content_type = models.CharField(_("filtyp"), max_length=120, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="core_job_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="core_job_progress_at_most_100",
                violation_error_message=_("Förloppet kan inte vara över 100 %."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
