"""The size limit of uploaded import files, checked on `UploadedFile.size` before a byte is read.

Django has already streamed a large upload to a temporary file by then (FILE_UPLOAD_MAX_MEMORY_SIZE),
so refusing on the size keeps a 100 MB file from ever being read into memory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from samordna.core.imports.problems import ImportFailed, refuse

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    """The largest import file accepted (setting SAMORDNA_MAX_UPLOAD_BYTES, default 20 MB)."""
    return int(getattr(settings, "SAMORDNA_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def upload_too_large(upload: UploadedFile) -> ImportFailed | None:
    """An ImportFailed naming the file if it is over the limit (nothing read), else None."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size <= limit:
        return None
    size = upload.size or 0
    return refuse(
        _("%(name)s: filen är %(size)s MB; största tillåtna storlek är %(max)s MB")
        % {"name": upload.name, "size": f"{size / 1_048_576:.1f}".replace(".", ","), "max": limit // 1_048_576}
    )


def read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes, after checking its size; ImportFailed if it is too large."""
    error = upload_too_large(upload)
    if error is not None:
        raise error
    return upload.read()
