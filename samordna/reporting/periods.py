"""The fixed periods figures may be published for (docs/contracts.md, "Published figures").

A published figure covers a calendar year, a tertial (January–April, May–August, September–December) or the
year to the end of a month (1 January to the last day of a month of the same year). Nothing else: a free date
range would let a reader subtract two releases and get the figures of a single day (docs/suppression.md).

Pure Python (no Django models), so that the report kit, the commands and the publication app share it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from samordna.core.years import FIRST_YEAR, LAST_YEAR

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
TERTIALS = ((1, 4), (5, 8), (9, 12))


class PeriodKind(StrEnum):
    """Calendar year, tertial, or year to a month end."""

    YEAR = "year"
    TERTIAL = "tertial"
    YEAR_TO_DATE = "ytd"


@dataclass(frozen=True, order=True)
class FixedPeriod:
    """One publishable period: `number` is the tertial (1–3) or the last month (1–12); None for a year.

    Built through `year`, `tertial`, `year_to_date` or `parse`, which return the plainest name of a period: the
    year to December is the year, the year to April is tertial 1.
    """

    year: int
    kind: PeriodKind
    number: int | None = None

    @classmethod
    def whole_year(cls, year: int) -> FixedPeriod:
        return cls(year, PeriodKind.YEAR)

    @classmethod
    def tertial(cls, year: int, number: int) -> FixedPeriod:
        if number not in (1, 2, 3):
            raise ValueError(number)
        return cls(year, PeriodKind.TERTIAL, number)

    @classmethod
    def year_to_date(cls, year: int, month: int) -> FixedPeriod:
        if not 1 <= month <= 12:
            raise ValueError(month)
        if month == 12:
            return cls.whole_year(year)
        if month == 4:
            return cls.tertial(year, 1)
        return cls(year, PeriodKind.YEAR_TO_DATE, month)

    @property
    def months(self) -> tuple[int, int]:
        """(first month, last month) of the period, both in `year`."""
        if self.kind == PeriodKind.YEAR:
            return 1, 12
        if self.kind == PeriodKind.TERTIAL:
            return TERTIALS[(self.number or 1) - 1]
        return 1, self.number or 12

    @property
    def date_from(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def date_to(self) -> dt.date:
        last = self.months[1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def slug(self) -> str:
        """ "2025", "2025-t2" or "2025-01-07" (year to the end of July): stable, for URLs and stored releases."""
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.TERTIAL:
            return f"{self.year}-t{self.number}"
        return f"{self.year}-01-{self.number:02d}"

    @property
    def label(self) -> str:
        """In Swedish: "2025", "Tertial 2 2025 (maj–augusti)", "Januari–juli 2025"."""
        first, last = self.months
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.TERTIAL:
            return _("Tertial %(number)s %(year)s (%(first)s–%(last)s)") % {
                "number": self.number,
                "year": self.year,
                "first": MONTHS[first - 1],
                "last": MONTHS[last - 1],
            }
        if last == 1:
            return _("Januari %(year)s") % {"year": self.year}
        return _("Januari–%(last)s %(year)s") % {"last": MONTHS[last - 1], "year": self.year}

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_dates(cls, date_from: dt.date, date_to: dt.date) -> FixedPeriod | None:
        """The fixed period with exactly these dates, or None when they are not one."""
        if date_from.year != date_to.year or date_from.day != 1:
            return None
        if date_to.day != calendar.monthrange(date_to.year, date_to.month)[1]:
            return None
        if not FIRST_YEAR <= date_from.year <= LAST_YEAR:
            return None
        months = (date_from.month, date_to.month)
        if months[0] == 1:
            return cls.year_to_date(date_from.year, months[1])
        if months in TERTIALS:
            return cls.tertial(date_from.year, TERTIALS.index(months) + 1)
        return None

    @classmethod
    def parse(cls, text: str) -> FixedPeriod:
        """A period from its slug; ValueError with a Swedish message that says what is allowed."""
        match = re.fullmatch(r"(\d{4})(?:-t([123])|-01-(\d{2}))?", text.strip().lower())
        year = int(match.group(1)) if match else 0
        if not match or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(ALLOWED_PERIODS())
        if match.group(2):
            return cls.tertial(year, int(match.group(2)))
        if match.group(3):
            month = int(match.group(3))
            if not 1 <= month <= 12:
                raise ValueError(ALLOWED_PERIODS())
            return cls.year_to_date(year, month)
        return cls.whole_year(year)


def ALLOWED_PERIODS() -> str:  # noqa: N802 (a message, read where it is used)
    """What a published period may be, in Swedish (the message of every refusal)."""
    return _(
        "Publicerade siffror finns bara för fasta perioder: ett kalenderår (till exempel 2025), ett tertial "
        "(januari–april, maj–augusti eller september–december: 2025-t1, 2025-t2, 2025-t3) eller året fram till "
        "ett månadsslut (1 januari till sista dagen i en månad samma år: 2025-01-07 för januari–juli)."
    )


def periods_of_year(year: int) -> list[FixedPeriod]:
    """The year, its tertials and every year to date, in order of their end."""
    found = {FixedPeriod.year_to_date(year, month) for month in range(1, 13)}
    found |= {FixedPeriod.tertial(year, n) for n in (1, 2, 3)}
    return sorted(found, key=lambda p: (p.date_to, -(p.date_to - p.date_from).days))
