"""A large participant import as a background job (core.jobs): the file is kept until the worker has read it.

A file over `SAMORDNA_IMPORT_JOB_BYTES` (default 1 MB, some 15 000 rows) is imported by the worker, so the
request returns at once and the job page shows the progress, then the counts or the problems exactly as the
upload page does. The insatser the file may name are the registrar's when the job runs.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from samordna.core.jobs import JobKind, JobResult, Progress, upload_of
from samordna.core.models import Job
from samordna.participants import selectors
from samordna.participants.importer import run_import

KIND = "participants.import"
DEFAULT_JOB_BYTES = 1024 * 1024
SHOWN_PROBLEMS = 1000


def as_job(size: int | None) -> bool:
    """Whether an upload of `size` bytes is imported by the worker rather than in the request."""
    return (size or 0) > int(getattr(settings, "SAMORDNA_IMPORT_JOB_BYTES", DEFAULT_JOB_BYTES))


def file_format(filename: str) -> str:
    """The upload's format from its name (csv or xlsx; the importer refuses anything else). Only this is kept
    of the name: a file name may hold what must not be stored (a name, a personnummer)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return suffix if suffix in ("csv", "xlsx", "txt") else "okänt"


def import_file(job: Job, progress: Progress) -> JobResult:
    """Import the job's uploaded file for its registrar (all or nothing, as the upload page does)."""
    assert job.association is not None
    allowed = set(
        selectors.registrar_interventions(user=job.user, association=job.association).values_list("pk", flat=True)
    )
    progress(5, _("Läser filen"))
    with upload_of(job) as handle:
        result = run_import(
            association=job.association,
            source=handle,
            filename=f"import.{job.params.get('format', '')}",
            acting_user=job.user,
            allowed_interventions=allowed,
            progress=lambda rows: progress(min(90, 5 + rows // 2000), _("%(rows)s rader lästa") % {"rows": rows}),
        )
    return JobResult(
        {
            "counts": result.counts if result.ok else {},
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in result.problems[:SHOWN_PROBLEMS]
            ],
            "problem_count": len(result.problems),
            "truncated": result.truncated,
            "busy": result.busy,
        }
    )


JOB = JobKind(KIND, import_file, result_template="participants/_import_job_result.html")
