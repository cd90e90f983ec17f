"""Read a participants file as rows of strings on the import kit: CSV (`,` or `;`; UTF-8 with or without
BOM, or Windows-1252) or XLSX (first sheet, read-only, with the kit's limits on rows and columns).

Every row is yielded (header first, blank rows too), so the n-th row yielded is the file's row n. A
problem with the file as a whole, or with a cell the kit refuses (a control character, an oversized field,
a CSV syntax error), ends the reading with FileProblem, which names the row and column.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from samordna.core.imports import ImportFailed, ProblemList, iter_csv, iter_xlsx
from samordna.core.imports.xlsxfile import XLSX_MAGIC, cell_text

__all__ = ["XLSX_MAGIC", "FileProblem", "cell_text", "read_rows"]


class FileProblem(Exception):
    """The file cannot be read on: the message, and the row (header = 1) and column it concerns."""

    def __init__(self, message: str, row: int | None = 1, column: str = "") -> None:
        super().__init__(message)
        self.row = row or 1
        self.column = column


def _raise_first(problems: ProblemList) -> None:
    problem = problems.shown[0]
    raise FileProblem(problem.message, problem.row, problem.column)


def _rows(pairs: Iterator[tuple[int, list[str]]], problems: ProblemList) -> Iterator[list[str]]:
    """The cells of every row, stopping at the first problem the kit recorded."""
    expected = 1
    try:
        for number, cells in pairs:
            if problems:
                _raise_first(problems)
            while expected < number:  # rows the reader skipped are blank rows
                expected += 1
                yield []
            expected += 1
            yield cells
    except ImportFailed as error:
        first = error.problems[0]
        raise FileProblem(first.message, first.row, first.column) from error
    if problems:
        _raise_first(problems)


def _bytes(source: IO[bytes] | bytes | str) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str):
        return Path(source).read_bytes()
    source.seek(0)
    return source.read()


def read_rows(source: IO[bytes] | bytes | str, filename: str = "") -> Iterator[list[str]]:
    """Rows of the file's first table (header included) as lists of stripped strings."""
    data = _bytes(source)
    problems = ProblemList()
    if data[:4] == XLSX_MAGIC or filename.lower().endswith(".xlsx"):
        yield from _rows(iter_xlsx(io.BytesIO(data), problems=problems), problems)
    else:
        yield from _rows(iter_csv(data, problems=problems), problems)
