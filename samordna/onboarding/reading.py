"""Typed readers for the organisation JSON: each one checks a value and records a problem with its JSON path."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.validators import control_character_problem
from samordna.core.years import LAST_YEAR

MISSING: Any = object()
#: Longest whole number (in digits) any organisation field takes; longer ones are refused before conversion.
MAX_DIGITS = 18


def located(path: str, message: str, lines: dict[str, int] | None = None) -> str:
    """An error line: "rad 12: members[3].municipality: okänd kommunkod 9999" (line when known)."""
    text = f"{path}: {message}" if path else message
    line = _line_of(path, lines) if lines else None
    return _("rad %(line)s: %(text)s") % {"line": line, "text": text} if line else text


def _line_of(path: str, lines: dict[str, int]) -> int | None:
    """The line of `path`, or of its nearest enclosing value when the path itself is absent (a missing key)."""
    while path not in lines:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return lines[path]


@dataclass
class Problems:
    """Every error (and warning) found in one file, each with the JSON path (and line) it concerns."""

    lines: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        """Record an error at `path` (a JSON path such as members[3].municipality)."""
        self.errors.append(located(path, message, self.lines))

    def warn(self, path: str, message: str) -> None:
        """Record something that is ignored but probably a mistake."""
        self.warnings.append(located(path, message, self.lines))


def join(path: str, key: str | int) -> str:
    """The JSON path of `key` under `path`: members[3].municipality."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def fold(text: str) -> str:
    """Lower case without diacritics or separators, so 'Strukturövergripande' matches 'strukturovergripande'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_\-/]+", "_", plain)


def describe(value: Any) -> str:
    """A short rendering of a JSON value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"”{value[:60]}”"
    if isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
        return _("ett tal med %(count)s siffror") % {"count": MAX_DIGITS} + "+"
    if isinstance(value, dict):
        return _("ett objekt")
    if isinstance(value, list):
        return _("en lista")
    return str(value)


def check_keys(obj: dict[str, Any], allowed: set[str], path: str, problems: Problems) -> None:
    """Warn about keys the importer does not know (they are ignored)."""
    for key in obj:
        if key not in allowed:
            problems.warn(join(path, key), _("okänd nyckel, ignoreras"))


def read_object(value: Any, path: str, problems: Problems, what: str | None = None) -> dict[str, Any] | None:
    """`value` if it is a JSON object, else an error."""
    if isinstance(value, dict):
        return value
    problems.error(
        path, _("ska vara %(what)s, inte %(value)s") % {"what": what or _("ett objekt ({…})"), "value": describe(value)}
    )
    return None


def read_list(value: Any, path: str, problems: Problems) -> list[Any] | None:
    """`value` if it is a JSON list, else an error."""
    if isinstance(value, list):
        return value
    problems.error(path, _("ska vara en lista ([…]), inte %(value)s") % {"value": describe(value)})
    return None


def read_str(
    obj: dict[str, Any],
    key: str,
    path: str,
    problems: Problems,
    *,
    required: bool = False,
    max_length: int = 200,
    allow_empty: bool = False,
) -> Any:
    """A string (numbers are accepted for codes and turned into text); MISSING when absent and optional."""
    here = join(path, key)
    if key not in obj or obj[key] is None:
        if required:
            problems.error(here, _("saknas") if key not in obj else _("får inte vara tomt"))
            return None
        return "" if key in obj and allow_empty else MISSING
    value = obj[key]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
        problems.error(here, _("talet är för stort (mer än %(max)s siffror)") % {"max": MAX_DIGITS})
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.error(here, _("ska vara text, inte %(value)s") % {"value": describe(value)})
        return None
    value = value.strip()
    if not value and not allow_empty:
        problems.error(here, _("får inte vara tomt"))
        return None
    control = control_character_problem(value)  # before any lookup: PostgreSQL cannot even compare a NUL
    if control:
        problems.error(here, control)
        return None
    if len(value) > max_length:
        problems.error(
            here, _("för långt (%(length)s tecken, högst %(max)s)") % {"length": len(value), "max": max_length}
        )
        return None
    return value


def read_int(
    value: Any,
    path: str,
    problems: Problems,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    what: str | None = None,
) -> int | None:
    """A whole number within bounds."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | Decimal | str) and _too_long(value):
        problems.error(path, _("talet är för stort (mer än %(max)s siffror)") % {"max": MAX_DIGITS})
        return None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        number = int(value.strip())
    if number is None:
        problems.error(
            path, _("ska vara %(what)s, inte %(value)s") % {"what": what or _("ett heltal"), "value": describe(value)}
        )
        return None
    return _bounded(number, path, problems, minimum, maximum)


def _too_long(value: int | Decimal | str) -> bool:
    """Whether a number (or its text) has more than MAX_DIGITS digits; never converts a long text to int."""
    if isinstance(value, str):
        return len(value.strip().lstrip("-")) > MAX_DIGITS
    if isinstance(value, Decimal):
        return value.is_finite() and value.adjusted() >= MAX_DIGITS
    return abs(value) >= 10**MAX_DIGITS


def _bounded(number: Any, path: str, problems: Problems, minimum: Any, maximum: Any) -> Any:
    """`number` if it lies within the bounds, else None and an error."""
    if minimum is not None and number < minimum:
        problems.error(
            path,
            _("får inte vara negativt (%(number)s)") % {"number": number}
            if minimum == 0
            else _("%(number)s är för litet (minst %(min)s)") % {"number": number, "min": minimum},
        )
        return None
    if maximum is not None and number > maximum:
        problems.error(path, _("%(number)s är för stort (högst %(max)s)") % {"number": number, "max": maximum})
        return None
    return number


def read_decimal(
    value: Any,
    path: str,
    problems: Problems,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    places: int = 2,
) -> Decimal | None:
    """A decimal number (JSON number or text like "0,5") within bounds, at most `places` decimals."""
    number: Decimal | None = None
    if isinstance(value, int | Decimal | str) and not isinstance(value, bool) and _too_long(value):
        problems.error(path, _("talet är för stort (mer än %(max)s siffror)") % {"max": MAX_DIGITS})
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        problems.error(path, _("ska vara ett tal, inte %(value)s") % {"value": describe(value)})
        return None
    if _bounded(number, path, problems, minimum, maximum) is None:
        return None
    if -number.as_tuple().exponent > places and number != number.quantize(Decimal(1).scaleb(-places)):
        problems.error(path, _("högst %(places)s decimaler (%(number)s)") % {"places": places, "number": number})
        return None
    return number


def read_year(key: Any, path: str, problems: Problems, *, minimum: int = 1990) -> int | None:
    """A year given as an object key ("2017") or a number."""
    if isinstance(key, str) and not re.fullmatch(r"\d{4}", key.strip()):
        problems.error(path, _("ogiltigt år %(value)s (ange ÅÅÅÅ)") % {"value": describe(key)})
        return None
    return read_int(key, path, problems, minimum=minimum, maximum=LAST_YEAR, what=_("ett år (ÅÅÅÅ)"))


def read_date(obj: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = False) -> Any:
    """A date YYYY-MM-DD; None for an explicit null, MISSING when absent and optional."""
    here = join(path, key)
    if key not in obj:
        if required:
            problems.error(here, _("saknas"))
            return None
        return MISSING
    value = obj[key]
    if value is None or value == "":
        if required:
            problems.error(here, _("får inte vara tomt"))
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.error(here, _("ogiltigt datum %(value)s (ange ÅÅÅÅ-MM-DD)") % {"value": describe(value)})
    return None


def read_choice(
    obj: dict[str, Any],
    key: str,
    path: str,
    problems: Problems,
    choices: Any,
    *,
    what: str,
    required: bool = False,
    aliases: dict[str, str] | None = None,
) -> Any:
    """One of a TextChoices' values; its Swedish label (any case, with or without å/ä/ö) is accepted too."""
    value = read_str(obj, key, path, problems, required=required, max_length=60)
    if value is None or value is MISSING:
        return value
    folded = fold(value)
    lookup = {fold(v): v for v in choices.values}
    lookup.update({fold(str(label)): v for v, label in choices.choices})
    lookup.update({fold(k): v for k, v in (aliases or {}).items()})
    if folded in lookup:
        return lookup[folded]
    allowed = ", ".join(v for v in choices.values if v)
    problems.error(
        join(path, key),
        _("okänd %(what)s %(value)s (tillåtna: %(allowed)s)")
        % {"what": what, "value": describe(value), "allowed": allowed},
    )
    return None
