"""The document files (DOCX, PDF) as background jobs (core.jobs): a whole document takes seconds to lay out."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samordna.core.jobs import JobFile, JobKind, JobRefused, Progress
from samordna.core.models import Job
from samordna.documents import selectors
from samordna.documents.report import as_report
from samordna.reporting.renderers import CONTENT_TYPES
from samordna.reporting.renderers import render as render_format

KIND = "documents.file"
JOB_FORMATS = ("docx", "pdf")


def make_file(job: Job, progress: Progress) -> JobFile:
    """The document `job.params["document"]` in `job.params["format"]` (docx or pdf)."""
    assert job.association is not None
    document = selectors.document_of(job.association, job.params.get("document"))
    fmt = job.params.get("format")
    if document is None:
        raise JobRefused(_("Dokumentet finns inte längre."))
    if fmt not in JOB_FORMATS:
        raise JobRefused(_("Välj formatet docx eller pdf."))
    progress(10, _("Hämtar siffrorna och texterna"))
    try:
        data = selectors.content(document)
    except ValidationError as error:
        raise JobRefused(" ".join(error.messages)) from error
    progress(40, _("Lägger upp sidorna (%(format)s)") % {"format": fmt.upper()})
    content = render_format(as_report(data, job.association), fmt)
    name = slugify(f"{document.title}-{document.until.isoformat()}") or "dokument"
    return JobFile(content=content, filename=f"{name}.{fmt}", content_type=CONTENT_TYPES[fmt])


JOB = JobKind(KIND, make_file)
