"""Problems found in an import file, a collector that keeps the first hundred, and the refusal exception.

A `Problem` names where (file, row as a spreadsheet shows it with the header as row 1, column, or a JSON
path) and what (a Swedish message). `ProblemList` collects them while a file is read: it keeps the first
`limit` and counts the rest, so a file with a million bad rows lists a hundred and says how many more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: How many problems an import lists before it only counts the rest.
SHOWN_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One problem in an import file: row (header = row 1), column or JSON path, message, file."""

    row: int | None
    column: str
    message: str
    column_word: str = "kolumn"  # "post" for a SIE record label
    path: str = ""  # a JSON path such as members[3].municipality
    file: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            where.append(f"{self.column_word} {self.column}")
        if self.path:
            where.append(self.path)
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        return f"{self.file}: {text}" if self.file else text


class ProblemList:
    """Collects problems, keeping the first `limit` and counting all of them."""

    def __init__(self, limit: int = SHOWN_PROBLEMS) -> None:
        self.limit = limit
        self.shown: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        """Record one problem (kept if fewer than `limit` are kept already, counted always)."""
        self.total += 1
        if len(self.shown) < self.limit:
            self.shown.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        for problem in problems:
            self.add(problem)

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.shown)

    @property
    def more(self) -> int:
        """How many problems were counted but not kept."""
        return self.total - len(self.shown)

    def lines(self) -> list[str]:
        """The kept problems as text, and "… och N problem till" when some were only counted."""
        return render([str(p) for p in self.shown], self.total)

    def raise_if_any(self) -> None:
        """Raise ImportFailed if anything was recorded."""
        if self.total:
            raise ImportFailed(self)


def render(lines: list[str], total: int, limit: int = SHOWN_PROBLEMS) -> list[str]:
    """At most `limit` of `lines`, then "… och N problem till" for the rest of `total`."""
    shown = lines[:limit]
    rest = max(total, len(lines)) - len(shown)
    if rest > 0:
        shown.append(_("… och %(count)s problem till") % {"count": rest})
    return shown


class ImportFailed(Exception):
    """An import refused: the problems found (the first hundred) and their total; nothing written."""

    def __init__(self, problems: ProblemList | Iterable[Problem], total: int | None = None) -> None:
        if isinstance(problems, ProblemList):
            kept, counted = list(problems.shown), problems.total
        else:
            kept = list(problems)
            counted = len(kept)
        self.problems: list[Problem] = kept
        self.total: int = total if total is not None else counted
        super().__init__("; ".join(str(p) for p in kept[:SHOWN_PROBLEMS]))

    def lines(self) -> list[str]:
        """The problems as text: the first hundred and how many more."""
        return render([str(p) for p in self.problems], self.total)


def refuse(message: str, *, row: int | None = None, column: str = "", path: str = "") -> ImportFailed:
    """An ImportFailed with one problem (raise it)."""
    return ImportFailed([Problem(row, column, message, path=path)])
