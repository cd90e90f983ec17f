"""XLSX import files: the first sheet's rows as text, read-only and with hard limits.

openpyxl runs in read-only mode; the sheet's claimed dimension is never trusted (a five-kilobyte file
can claim the cell XFD1048576), so rows are read as they are stored and counted, and a file with more
rows or columns than the limits is refused at the first row beyond them. A file that is not a ZIP, or
whose parts would inflate beyond a limit, is refused before openpyxl opens it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from samordna.core.imports.problems import Problem, ProblemList, refuse
from samordna.core.imports.text import CONTROL, describe_control

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 500_000
MAX_COLUMNS = 200
MAX_UNCOMPRESSED = 150_000_000
MAX_CELL = 10_000


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV would hold: dates ISO, whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _check_archive(handle: IO[bytes]) -> None:
    """Refuse a file that is not a ZIP, or whose members would inflate beyond MAX_UNCOMPRESSED."""
    try:
        with zipfile.ZipFile(handle) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(_("XLSX-filen kan inte läsas (den är inte en giltig XLSX-fil)")) from exc
    if size > MAX_UNCOMPRESSED:
        raise refuse(
            _("XLSX-filen packas upp till mer än %(max)s MB och tas inte emot") % {"max": MAX_UNCOMPRESSED // 1_000_000}
        )
    handle.seek(0)


def iter_xlsx(
    source: IO[bytes] | bytes,
    *,
    problems: ProblemList,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    max_cell: int = MAX_CELL,
) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first sheet as (row number, stripped cells), header included.

    Raises ImportFailed for a file that cannot be opened or exceeds the row or column limit; a cell with
    a control character or too much text is recorded in `problems` and its row skipped.
    """
    from openpyxl import load_workbook

    handle: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    if handle.read(4) != XLSX_MAGIC:
        raise refuse(_("XLSX-filen kan inte läsas (den är inte en giltig XLSX-fil)"))
    handle.seek(0)
    _check_archive(handle)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook is a problem of the file, told to the user
        raise refuse(_("XLSX-filen kan inte läsas (den är skadad eller inte en XLSX-fil)")) from exc
    try:
        if not workbook.worksheets:
            raise refuse(_("XLSX-filen har inget kalkylblad"))
        yield from _sheet_rows(workbook, workbook.worksheets[0], problems, max_rows, max_columns, max_cell)
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise refuse(_("XLSX-filen kan inte läsas (den är skadad)")) from exc
    finally:
        workbook.close()


def _sheet_rows(
    workbook: Any, sheet: Any, problems: ProblemList, max_rows: int, max_columns: int, max_cell: int
) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as stored, each with its real number; rows the file skips come as empty rows.

    Reads the sheet's XML with openpyxl's own streaming parser (what read-only iter_rows uses), so a row
    or cell far beyond the limits is refused as soon as it is met, without producing the rows before it.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, stored in parser.parse():
            if number > max_rows:
                raise refuse(
                    _("filen har fler än %(max)s rader; dela upp den") % {"max": f"{max_rows:,}".replace(",", " ")},
                    row=number,
                )
            while expected < number:
                yield expected, []
                expected += 1
            expected = number + 1
            values: dict[int, Any] = {c["column"]: c["value"] for c in stored if c["value"] not in (None, "")}
            if not values:
                yield number, []
                continue
            if max(values) > max_columns:
                raise refuse(_("raden har värden i fler än %(max)s kolumner") % {"max": max_columns}, row=number)
            cells = [cell_text(values.get(column)) for column in range(1, max(values) + 1)]
            while cells and not cells[-1]:
                cells.pop()
            if _cells_ok(number, cells, problems, max_cell):
                yield number, cells


def _cells_ok(number: int, cells: list[str], problems: ProblemList, max_cell: int) -> bool:
    ok = True
    for index, text in enumerate(cells):
        if len(text) > max_cell:
            problems.add(Problem(number, str(index + 1), _("cellen är längre än %(max)s tecken") % {"max": max_cell}))
            ok = False
        else:
            found = CONTROL.search(text)
            if found:
                problems.add(
                    Problem(
                        number,
                        str(index + 1),
                        _("cellen innehåller ett %(what)s") % {"what": describe_control(found.group())},
                    )
                )
                ok = False
    return ok
