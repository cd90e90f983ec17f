"""Band edges (age, years in public support), calendar months and rounding for the participant report."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_AGE_BANDS = "19-30,31-50,51-64"
DEFAULT_SUPPORT_YEARS_BANDS = "1-3,4-7,8-"
OUTSIDE_BAND = "outside"  # the band key in JSON; people see band_label(OUTSIDE_BAND)


@dataclass(frozen=True)
class Band:
    """A band of whole numbers `low`..`high` (both inclusive; `high` None = open upwards).

    A whole number (age) is in the band when low <= value <= high. A decimal quantity (years in public
    support) is in it when low <= value < high + 1, so "1-3" holds 3.9 years and "8-" (the seed's "över 7
    år") starts at 8.0. Values below the first band's low edge (or missing) fall outside every band.
    """

    low: int
    high: int | None

    @property
    def label(self) -> str:
        """The band as written on the command line: "19-30" or "8-"."""
        return f"{self.low}-" if self.high is None else f"{self.low}-{self.high}"


def parse_bands(spec: str | Iterable[str | tuple[int, int | None] | Band]) -> list[Band]:
    """Bands from "19-30,31-50,51-64" (or a list of "a-b" strings, (low, high) tuples or Bands).

    Bands must be ascending and must not overlap; only the last may be open ("8-").
    """
    items: Sequence[str | tuple[int, int | None] | Band]
    items = [part for part in spec.split(",") if part.strip()] if isinstance(spec, str) else list(spec)
    bands: list[Band] = []
    for item in items:
        if isinstance(item, Band):
            bands.append(item)
            continue
        if isinstance(item, tuple):
            bands.append(Band(int(item[0]), None if item[1] is None else int(item[1])))
            continue
        low_text, sep, high_text = item.strip().partition("-")
        try:
            if not sep:
                raise ValueError(item)
            bands.append(Band(int(low_text), int(high_text) if high_text.strip() else None))
        except ValueError:
            raise ValidationError(
                _("Ogiltigt intervall ”%(band)s”: skriv t.ex. 19-30 eller 8-.") % {"band": item}
            ) from None
    if not bands:
        raise ValidationError(_("Ange minst ett intervall."))
    for index, band in enumerate(bands):
        if band.low < 0 or (band.high is not None and band.high < band.low):
            raise ValidationError(_("Ogiltigt intervall ”%(band)s”.") % {"band": band.label})
        if band.high is None and index != len(bands) - 1:
            raise ValidationError(_("Bara det sista intervallet får vara öppet uppåt."))
        if index and bands[index - 1].high is not None and band.low <= bands[index - 1].high:  # type: ignore[operator]
            raise ValidationError(_("Intervallen ska vara stigande och får inte överlappa."))
    return bands


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from `start` to `end` as a decimal (the report sums them exactly, as month_parts).

    months = 12 × (year difference) + (month difference) + (end day − min(start day, L)) / L,
    where L is the number of days in the end date's month. The same day of a later month is a whole
    number of months (15 Jan → 15 Apr = 3.0), and so is the last day of a shorter month
    (31 Jan → 28 Feb = 1.0); the remaining days count as a fraction of the end month
    (15 Jan → 30 Apr = 3 + 15/30 = 3.5).
    """
    length = calendar.monthrange(end.year, end.month)[1]
    whole = 12 * (end.year - start.year) + end.month - start.month
    return whole + (end.day - min(start.day, length)) / length


# lcm(28, 29, 30, 31): a day is a whole number of these parts of any month, so months in parts are integers
# and sums of them are exact.
MONTH_PARTS = 377_580


def month_parts(start: dt.date, end: dt.date) -> int:
    """months_between(start, end) × MONTH_PARTS, exactly: an integer, so a mean of months is exact."""
    length = calendar.monthrange(end.year, end.month)[1]
    whole = 12 * (end.year - start.year) + end.month - start.month
    return whole * MONTH_PARTS + (end.day - min(start.day, length)) * (MONTH_PARTS // length)


def round_half_up(value: float | Decimal | None, places: int) -> float | None:
    """`value` rounded half away from zero (4.55 → 4.6, as the seed's tables round), as a float."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(_EXPONENTS[places], rounding=ROUND_HALF_UP))


_EXPONENTS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def share(count: int | None, of: int | None) -> float | None:
    """count / of as a fraction 0–1 with four decimals; None when `of` is 0."""
    if count is None or not of:
        return None
    return round_half_up(Decimal(count) / Decimal(of), 4)


def band_label(band: str) -> str:
    """What a person sees for a band: its edges, or Swedish words for the row outside every band."""
    return _("Utanför intervallen") if band == OUTSIDE_BAND else band
