"""Read a participants file as rows of strings, streaming: CSV (`,` or `;`, UTF-8 with or without BOM) or XLSX."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"


class FileProblem(Exception):
    """The file as a whole cannot be read."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(handle: IO[bytes]) -> Iterator[list[str]]:
    text = codecs.getreader("utf-8")(handle, errors="strict")
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        raise FileProblem(_("Filen är inte UTF-8-kodad text (CSV) eller en XLSX-fil.")) from exc
    first = first.lstrip("\ufeff")
    if "\x00" in first:
        raise FileProblem(_("Filen är inte UTF-8-kodad text (CSV) eller en XLSX-fil."))
    delimiter = ";" if first.count(";") > first.count(",") else ","
    chain = _chain(first, text)
    try:
        for row in csv.reader(chain, delimiter=delimiter, strict=True):
            yield [c.strip() for c in row]
    except UnicodeDecodeError as exc:
        raise FileProblem(_("Filen innehåller tecken som inte är UTF-8.")) from exc
    except csv.Error as exc:
        raise FileProblem(_("CSV-filen kan inte läsas: %(e)s") % {"e": exc}) from exc


def _chain(first: str, rest: Any) -> Iterator[str]:
    yield first
    for line in rest:
        if "\x00" in line:
            raise FileProblem(_("Filen innehåller binära tecken och kan inte läsas som CSV."))
        yield line


def _xlsx_rows(handle: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook is a file problem for the user
        raise FileProblem(_("XLSX-filen kan inte läsas.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001
        raise FileProblem(_("XLSX-filen kan inte läsas.")) from exc
    finally:
        workbook.close()


def read_rows(source: IO[bytes] | bytes | str, filename: str = "") -> Iterator[list[str]]:
    """Rows of the file's first table (header included) as lists of stripped strings."""
    if isinstance(source, str):
        handle: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed by the generator below
    elif isinstance(source, bytes):
        handle = io.BytesIO(source)
    else:
        handle = source
    try:
        head = handle.read(4)
        handle.seek(0)
        if head == XLSX_MAGIC or filename.lower().endswith(".xlsx"):
            if head != XLSX_MAGIC or not zipfile.is_zipfile(handle):
                raise FileProblem(_("XLSX-filen kan inte läsas."))
            handle.seek(0)
            yield from _xlsx_rows(handle)
        else:
            yield from _csv_rows(handle)
    finally:
        if isinstance(source, str):
            handle.close()
