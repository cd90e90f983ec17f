"""Input validators shared by every form, API serializer and importer (issue #11 items 6–8, docs/privacy.md).

One rule, one place:

- `validate_no_personnummer`: Samordna never needs a personnummer or samordningsnummer, so no text field takes
  a string that holds one (10 or 12 digits, `-`, `+` or no separator, a plausible date, samordningsnummer =
  day + 60, and a correct Luhn control digit).
- `validate_no_control_characters`: no NUL or other C0/C1 control character, no DEL and no lone surrogate;
  tab and line breaks are allowed (multi-line text). `validate_single_line` refuses tab and line breaks too.
- `validate_text` (multi-line text) and `validate_line` (one line) apply both rules; they are what model
  fields carry, so ModelForms, DRF ModelSerializers and `full_clean` in the services all run them.
- `validate_participant_code`: the pseudonym code `[A-Za-z0-9-]{3,32}` with at least one digit, no run of 8
  or more digits (hyphens inside a run ignored) and no personnummer. `participant_code_problem` gives the
  same verdict as a message (or None) for importers that collect problems instead of raising.

Messages are Swedish and never repeat the value: a refused value may itself be a personnummer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PARTICIPANT_CODE_PATTERN = r"^[A-Za-z0-9-]{3,32}$"
MAX_CODE_DIGIT_RUN = 7
EARLIEST_BIRTH_YEAR = 1870

_CODE = re.compile(PARTICIPANT_CODE_PATTERN)
# A date part of 8 (YYYYMMDD) or 6 (YYMMDD) digits, an optional separator and 4 digits, not inside a longer run.
_PNR_12 = re.compile(r"(?<![0-9])([0-9]{8})[-+]?([0-9]{4})(?![0-9])")
_PNR_10 = re.compile(r"(?<![0-9])([0-9]{6})[-+]?([0-9]{4})(?![0-9])")
_DIGIT_RUN = re.compile(r"[0-9]+(?:-+[0-9]+)*")
_LINE_BREAKS = frozenset("\t\n\r")


def _ascii_digits(value: str) -> str:
    """`value` with every Unicode decimal digit (fullwidth, Arabic-Indic, …) written as an ASCII digit."""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)


def luhn_valid(digits: str) -> bool:
    """Whether ten digits YYMMDDNNNC carry the right Luhn control digit C."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


def _plausible_date(date_part: str, *, today: dt.date | None = None) -> bool:
    """Whether YYMMDD or YYYYMMDD is a real date (a samordningsnummer's day is day + 60) not in the future."""
    today = today or dt.date.today()
    month, day = int(date_part[-4:-2]), int(date_part[-2:])
    if day > 60:
        day -= 60
    if len(date_part) == 8:
        years = [int(date_part[:4])]
        if not EARLIEST_BIRTH_YEAR <= years[0] <= today.year:
            return False
    else:
        short = int(date_part[:2])
        years = [century + short for century in (1900, 2000)]
    for year in years:
        try:
            if dt.date(year, month, day) <= today:
                return True
        except ValueError:
            continue
    return False


def is_personnummer_digits(date_part: str, serial: str) -> bool:
    """Whether a date part (6 or 8 digits) and the 4 digits after it form a valid personnummer or samordningsnummer."""
    return _plausible_date(date_part) and luhn_valid(date_part[-6:] + serial)


def contains_personnummer(value: Any) -> bool:
    """Whether a text holds a valid personnummer or samordningsnummer anywhere (as its own run of digits)."""
    if not isinstance(value, str) or len(value) < 10:
        return False
    text = _ascii_digits(value)
    return any(
        is_personnummer_digits(match.group(1), match.group(2))
        for pattern in (_PNR_12, _PNR_10)
        for match in pattern.finditer(text)
    )


def validate_no_personnummer(value: Any) -> None:
    """Refuse a text that holds a valid personnummer or samordningsnummer."""
    if contains_personnummer(value):
        raise ValidationError(
            _(
                "Texten innehåller ett personnummer eller samordningsnummer. Samordna behöver aldrig "
                "personnummer: ta bort det."
            ),
            code="personnummer",
        )


def _is_forbidden(char: str, *, allow_line_breaks: bool) -> bool:
    """C0/C1 controls, DEL and surrogates; tab, CR and LF only when line breaks are not allowed."""
    if char in _LINE_BREAKS:
        return not allow_line_breaks
    return unicodedata.category(char) in ("Cc", "Cs")


def control_character_problem(value: Any, *, allow_line_breaks: bool = True) -> str | None:
    """A Swedish message naming the first forbidden character and its position, or None when there is none."""
    if not isinstance(value, str) or value.isprintable():
        return None
    for position, char in enumerate(value, start=1):
        if _is_forbidden(char, allow_line_breaks=allow_line_breaks):
            if char in _LINE_BREAKS:
                return _("Fältet ska vara en rad: tabb och radbrytning (tecken %(pos)s) är inte tillåtna.") % {
                    "pos": position
                }
            return _("Texten innehåller ett otillåtet styrtecken (U+%(code)04X, tecken %(pos)s). Ta bort det.") % {
                "code": ord(char),
                "pos": position,
            }
    return None


def validate_no_control_characters(value: Any) -> None:
    """Refuse NUL, other C0/C1 control characters, DEL and lone surrogates (tab and line breaks are fine)."""
    problem = control_character_problem(value)
    if problem:
        raise ValidationError(problem, code="control_character")


def validate_single_line(value: Any) -> None:
    """Refuse every control character, tab and line breaks included (a field of one line)."""
    problem = control_character_problem(value, allow_line_breaks=False)
    if problem:
        raise ValidationError(problem, code="control_character")


def validate_text(value: Any) -> None:
    """A multi-line text field: no control characters except tab and line breaks, no personnummer."""
    validate_no_control_characters(value)
    validate_no_personnummer(value)


def validate_line(value: Any) -> None:
    """A one-line text field: no control characters at all, no personnummer."""
    validate_single_line(value)
    validate_no_personnummer(value)


def participant_code_problem(value: Any) -> str | None:
    """Why `value` is not an acceptable participant code (a Swedish message), or None when it is.

    The code is a random pseudonym, never something about the person: `[A-Za-z0-9-]{3,32}`, at least one
    digit (a code of letters only may be a name), no personnummer or samordningsnummer, and no run of 8 or
    more digits, hyphens inside the run ignored (a date of birth, a phone number).
    """
    if contains_personnummer(value):
        return _("Koden innehåller ett personnummer eller samordningsnummer. Använd en slumpad kod.")
    if not isinstance(value, str) or not _CODE.match(value):
        return _("Koden ska vara 3–32 tecken: bokstäver A–Z, siffror och bindestreck.")
    if any(len(run.replace("-", "")) > MAX_CODE_DIGIT_RUN for run in _DIGIT_RUN.findall(value)):
        return _(
            "Koden får inte innehålla 8 eller fler siffror i följd (som ett personnummer, födelsedatum eller "
            "telefonnummer). Använd en slumpad kod."
        )
    if not any(char.isdigit() for char in value):
        return _("Koden ska innehålla minst en siffra; en kod med bara bokstäver kan vara ett namn.")
    return None


def validate_participant_code(value: Any) -> None:
    """Refuse a participant code that is not a plain pseudonym (see `participant_code_problem`)."""
    problem = participant_code_problem(value)
    if problem:
        raise ValidationError(problem, code="participant_code")
