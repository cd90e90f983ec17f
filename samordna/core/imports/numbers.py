"""Amounts, decimals, integers and dates as people write them, checked against the field they go into.

Every parser raises ValueError with a Swedish message. Lengths are checked before any conversion, so a
5 000-digit string never reaches int() (Python refuses it with its own ValueError) or the database.
Pass the target model field's `max_digits` and `decimal_places`, e.g. from `Model._meta.get_field(…)`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUMBER = re.compile(r"^-?([0-9]+)(?:\.([0-9]+))?$")
MAX_TEXT = 60


def _shown(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:20]}…"


def _normalise(text: str) -> str:
    value = _SPACES.sub("", text or "").replace("\u2212", "-").replace("\u2013", "-")
    if value.lower().endswith("kr"):
        value = value[:-2]
    return value.replace(",", ".")


def parse_decimal(text: str, *, max_digits: int = 14, decimal_places: int = 2, what: str = "") -> Decimal:
    """'-1 944 000', '−1944000', '1944000,50', '1 045 924 kr' → Decimal that fits DecimalField(max_digits, places)."""
    what = what or _("tal")
    if len(text or "") > MAX_TEXT:
        raise ValueError(_("ogiltigt %(what)s (%(length)s tecken)") % {"what": what, "length": len(text)})
    match = _NUMBER.match(_normalise(text))
    if not match:
        raise ValueError(
            _("ogiltigt %(what)s ”%(value)s” (skriv t.ex. -1944000 eller 1 045 924)")
            % {"what": what, "value": _shown(text)}
        )
    whole, fraction = match.group(1).lstrip("0"), (match.group(2) or "").rstrip("0")
    if len(fraction) > decimal_places:
        raise ValueError(
            _("%(what)s ”%(value)s” har fler än %(places)s decimaler")
            % {"what": what, "value": _shown(text), "places": decimal_places}
        )
    if len(whole) > max_digits - decimal_places:
        raise ValueError(
            _("%(what)s ”%(value)s” är för stort (högst %(digits)s siffror före decimaltecknet)")
            % {"what": what, "value": _shown(text), "digits": max_digits - decimal_places}
        )
    try:
        return Decimal(_normalise(text))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards
        raise ValueError(_("ogiltigt %(what)s ”%(value)s”") % {"what": what, "value": _shown(text)}) from exc


def parse_amount(text: str, *, max_digits: int = 14, decimal_places: int = 2) -> Decimal:
    """An amount in kronor as a förbund's tables print it (see parse_decimal); at most öre by default."""
    return parse_decimal(text, max_digits=max_digits, decimal_places=decimal_places, what=_("belopp"))


def parse_integer(text: str, *, minimum: int | None = None, maximum: int | None = None, max_digits: int = 18) -> int:
    """A whole number (spaces as thousands separators allowed) within bounds."""
    value = _SPACES.sub("", text or "").replace("\u2212", "-")
    if len(value.lstrip("-")) > max_digits or not re.fullmatch(r"-?[0-9]+", value):
        raise ValueError(_("ska vara ett heltal, inte ”%(value)s”") % {"value": _shown(text)})
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(_("%(number)s är för litet (minst %(min)s)") % {"number": number, "min": minimum})
    if maximum is not None and number > maximum:
        raise ValueError(_("%(number)s är för stort (högst %(max)s)") % {"number": number, "max": maximum})
    return number


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD or YYYYMMDD → date. Raises ValueError with a Swedish message."""
    value = (text or "").strip()
    if len(value) <= 10:
        for fmt in ("%Y-%m-%d", "%Y%m%d"):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
    raise ValueError(_("ogiltigt datum ”%(value)s” (skriv ÅÅÅÅ-MM-DD)") % {"value": _shown(text)})
