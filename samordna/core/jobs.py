"""Long work off the request: the job registry, starting a job, running it in the worker, and pruning.

An app registers a job kind from its `AppConfig.ready` (`register(JobKind(...))`): a name and a function that
makes the file from the job's parameters, calling `progress(percent, step)` as it goes. A page starts a job with
`start_job(...)` and sends the user to the job's page (core.job_views), which shows the progress and offers the
file when it is ready. The queue is Django's tasks framework (the `django-tasks` backport): in production the
database backend (`django-tasks-db`), run by `samordna db_worker`, which `make run` starts beside the server;
in the tests the immediate backend, which runs the job as it is started.

A job that fails says so on its page in Swedish (`JobRefused` carries a message meant for the user; anything
else is logged and shown as a general failure). Jobs and their files are removed after
`SAMORDNA_JOB_KEEP_HOURS`, and a user has at most `SAMORDNA_JOB_MAX_OPEN` jobs waiting or running at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.audit import record
from samordna.core.models import Association, AuditEntry, Job
from samordna.core.models.job import job_folder

logger = logging.getLogger(__name__)


class JobRefused(Exception):
    """The job cannot make its file, for a reason the user should read (a Swedish sentence)."""


@dataclass(frozen=True)
class JobResult:
    """What a job that makes no file found (an import's counts or problems), for its kind's result template."""

    data: dict[str, Any]


@dataclass(frozen=True)
class JobFile:
    """What a job makes: the file's bytes, its name and its content type."""

    content: bytes
    filename: str
    content_type: str


Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobKind:
    """A kind of job: `run(job, progress)` makes the file from `job.params` (and `job.association`), or a
    JobResult that the job page shows with `result_template` (the result's keys are its context)."""

    name: str
    run: Callable[[Job, Progress], JobFile | JobResult]
    result_template: str = ""


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Add a job kind (from an app's `ready`); registering the same name twice is an error."""
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"job kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind


def kinds() -> dict[str, JobKind]:
    """Every registered job kind, by name."""
    return dict(_KINDS)


def keep_for() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "SAMORDNA_JOB_KEEP_HOURS", 24))


def start_job(
    *,
    acting_user: Any,
    association: Association | None,
    kind: str,
    label: str,
    params: dict[str, Any],
    back_url: str = "",
    upload: File | None = None,
) -> Job:
    """Record a job for `acting_user` and put it in the queue (with the immediate backend it runs at once).

    `upload` (a file to work on, such as an import) is kept in the job's folder until the job has run
    (`upload_of`). Refused with a ValidationError when the kind is unknown or the user already has
    `SAMORDNA_JOB_MAX_OPEN` jobs waiting or running. One audit row (export) names what was asked for.
    """
    if kind not in _KINDS:
        raise ValidationError(_("Okänt slag av jobb."))
    prune()
    open_jobs = Job.objects.filter(user=acting_user, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    limit = getattr(settings, "SAMORDNA_JOB_MAX_OPEN", 3)
    if open_jobs.count() >= limit:
        raise ValidationError(_("Du har redan %(n)s filer på gång. Vänta tills någon av dem är klar.") % {"n": limit})
    from samordna.core.tasks import run_job  # the task module imports this one

    with transaction.atomic():
        job = Job.objects.create(
            association=association,
            user=acting_user,
            kind=kind,
            label=label[:200],
            params=params,
            back_url=back_url[:300],
        )
        if upload is not None:
            upload.seek(0)
            job.params = {**params, UPLOAD: default_storage.save(f"{job_folder(job)}/indata", upload)}
            job.save(update_fields=["params"])
        record(
            acting_user=acting_user,
            association=association,
            action=AuditEntry.Action.EXPORT,
            obj=job,
            object_repr=job.label,
            changes={"kind": kind, "params": params},
        )
        run_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def _progress(job: Job) -> Progress:
    def progress(percent: int, step: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        Job.objects.filter(pk=job.pk).update(progress=percent, step=step[:200])

    return progress


def run(job_id: str) -> None:
    """Make a queued job's file (called by the worker through core.tasks.run_job). Never raises."""
    job = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).select_related("association", "user").first()
    if job is None:
        return  # pruned, or already taken
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), step=_("Startar"))
    kind = _KINDS.get(job.kind)
    try:
        if kind is None:
            raise JobRefused(_("Okänt slag av jobb."))
        made = kind.run(job, _progress(job))
    except JobRefused as exc:
        _fail(job, str(exc))
        return
    except Exception:  # noqa: BLE001 - anything else is logged and shown as a general failure
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, _("Något gick fel när filen skulle göras. Försök igen, eller kontakta den som driftar Samordna."))
        return
    finally:
        discard_upload(job)
    job.refresh_from_db()
    if isinstance(made, JobResult):
        job.result = made.data
        job.status, job.progress, job.step, job.finished_at = Job.Status.DONE, 100, "", timezone.now()
        job.save(update_fields=["result", "status", "progress", "step", "finished_at"])
        return
    job.file.save(made.filename, ContentFile(made.content), save=False)
    job.filename, job.content_type = made.filename[:200], made.content_type[:120]
    job.status, job.progress, job.step, job.finished_at = Job.Status.DONE, 100, "", timezone.now()
    job.save(update_fields=["file", "filename", "content_type", "status", "progress", "step", "finished_at"])


#: The key of `Job.params` that holds where an uploaded input is kept (start_job's `upload`).
UPLOAD = "upload"


def upload_of(job: Job) -> File:
    """The file uploaded with a job (JobRefused when it is gone)."""
    path = (job.params or {}).get(UPLOAD)
    if not path or not default_storage.exists(path):
        raise JobRefused(_("Den uppladdade filen finns inte längre. Ladda upp den igen."))
    return default_storage.open(path, "rb")


def discard_upload(job: Job) -> None:
    """Remove a job's uploaded input (after the job has run, or with the job)."""
    path = (job.params or {}).get(UPLOAD)
    if path and default_storage.exists(path):
        default_storage.delete(path)


def result_template(job: Job) -> str:
    """The template that shows a finished job's result ("" for a job that makes a file)."""
    kind = _KINDS.get(job.kind)
    return kind.result_template if kind is not None else ""


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=message[:300], step="", finished_at=timezone.now()
    )


def prune(now: dt.datetime | None = None) -> int:
    """Remove the jobs (and their files) older than the keeping time, and the queue's finished rows."""
    cutoff = (now or timezone.now()) - keep_for()
    old = list(Job.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        discard_upload(job)
        job.delete()
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return len(old)
