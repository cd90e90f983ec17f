"""Shared parts of the finance commands: finding the association, reading the file, reporting problems."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from samordna.core.models import Association
from samordna.finance.parsing import ImportFailed


def get_association(slug: str) -> Association:
    """The association with `slug`, or a Swedish error."""
    try:
        return Association.objects.get(slug=slug)
    except Association.DoesNotExist as exc:
        raise CommandError(f"Förbundet ”{slug}” finns inte.") from exc


def read_file(path: str) -> bytes:
    """The file's bytes, or a Swedish error."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: filen går inte att läsa ({exc.strerror}).") from exc


def report_problems(path: str, error: ImportFailed) -> None:
    """Print the problems to stderr (file, row, column, what; the first hundred and the count) and exit 1."""
    for line in error.lines():
        sys.stderr.write(f"{path}: {line}\n")
    sys.stderr.write(f"{path}: inget importerades ({error.total} fel).\n")
    sys.exit(1)
