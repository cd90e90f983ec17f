"""Typed readers for the plan JSON: each checks one value and records a problem with its JSON path.

Problems go to the import kit's `ProblemList` (`core.imports`), so the first hundred are listed and the rest
counted ("… och N problem till"). A reader returns None when the value is refused (and MISSING when an
optional key is absent), so the validation goes on and finds every other problem in the same run.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from samordna.core.imports import Problem, ProblemList
from samordna.core.validators import control_character_problem
from samordna.core.years import FIRST_YEAR, LAST_YEAR

#: An optional key the file leaves out (then the stored value stays as it is).
MISSING: Any = object()


class Reader:
    """Collects the problems of one file, each at its JSON path."""

    def __init__(self) -> None:
        self.problems = ProblemList()

    def error(self, path: str, message: str) -> None:
        """Record a problem at `path` (a JSON path such as goal_areas[1].goals[3].code)."""
        self.problems.add(Problem(None, "", message, path=path))


def join(path: str, key: str | int) -> str:
    """The JSON path of `key` under `path`: goal_areas[1].goals."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value: Any) -> str:
    """A short rendering of a JSON value for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"”{value[:60]}”"
    if isinstance(value, dict):
        return _("ett objekt")
    if isinstance(value, list):
        return _("en lista")
    return str(value)[:40]


def read_object(value: Any, path: str, reader: Reader, keys: set[str]) -> dict[str, Any] | None:
    """`value` if it is a JSON object with only known keys, else None and a problem per wrong thing."""
    if not isinstance(value, dict):
        reader.error(path, _("ska vara ett objekt ({…}), inte %(value)s") % {"value": describe(value)})
        return None
    for key in value:
        if key not in keys:
            reader.error(join(path, key), _("okänd nyckel; tillåtna: %(keys)s") % {"keys": ", ".join(sorted(keys))})
    return value


def read_list(obj: dict[str, Any], key: str, path: str, reader: Reader) -> list[Any] | None:
    """The list under `key` (MISSING-safe: an absent key is an empty list, None a problem)."""
    if key not in obj:
        return []
    value = obj[key]
    if isinstance(value, list):
        return value
    reader.error(join(path, key), _("ska vara en lista ([…]), inte %(value)s") % {"value": describe(value)})
    return None


def read_text(
    obj: dict[str, Any], key: str, path: str, reader: Reader, *, required: bool = False, max_length: int | None = None
) -> Any:
    """A text value: None (refused), MISSING (absent and optional) or the stripped text."""
    here = join(path, key)
    if key not in obj:
        if required:
            reader.error(here, _("saknas"))
            return None
        return MISSING
    value = obj[key]
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        reader.error(here, _("ska vara text, inte %(value)s") % {"value": describe(value)})
        return None
    value = value.strip()
    if required and not value:
        reader.error(here, _("får inte vara tomt"))
        return None
    problem = control_character_problem(value)
    if problem:
        reader.error(here, problem)
        return None
    if max_length is not None and len(value) > max_length:
        reader.error(
            here, _("för långt (%(length)s tecken, högst %(max)s)") % {"length": len(value), "max": max_length}
        )
        return None
    return value


def read_code(obj: dict[str, Any], key: str, path: str, reader: Reader, *, max_length: int) -> str | None:
    """A required code: text, or a whole number written without quotes (`"code": 2` is the code "2")."""
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        obj = {**obj, key: str(value)}
    code = read_text(obj, key, path, reader, required=True, max_length=max_length)
    return code if isinstance(code, str) else None


def read_year(value: Any, path: str, reader: Reader, *, key: bool = False) -> int | None:
    """A year FIRST_YEAR–LAST_YEAR: a JSON number, or for an object key (`key`) text of four digits."""
    if key and isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        reader.error(
            path,
            _("ska vara ett år %(first)s–%(last)s, inte %(value)s")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "value": describe(value)},
        )
        return None
    return value


def read_number(value: Any, path: str, reader: Reader, *, maximum: Decimal | None = None) -> Decimal | None:
    """A number ≥ 0 with at most two decimals (and at most `maximum`), as a JSON number."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        reader.error(path, _("ska vara ett tal, inte %(value)s") % {"value": describe(value)})
        return None
    number = Decimal(value)
    if number < 0:
        reader.error(path, _("får inte vara negativt (%(value)s)") % {"value": number})
        return None
    if maximum is not None and number > maximum:
        reader.error(path, _("%(value)s är för stort (högst %(max)s)") % {"value": number, "max": maximum})
        return None
    if number != number.quantize(Decimal("0.01")):
        reader.error(path, _("högst två decimaler (%(value)s)") % {"value": number})
        return None
    return number


def read_choice(obj: dict[str, Any], key: str, path: str, reader: Reader, choices: Any, *, what: str) -> Any:
    """One of a TextChoices' values exactly; MISSING when absent, None (and a problem) when unknown."""
    if key not in obj:
        return MISSING
    value = obj[key]
    if isinstance(value, str) and value in choices.values:
        return value
    reader.error(
        join(path, key),
        _("okänd %(what)s %(value)s; tillåtna: %(allowed)s")
        % {"what": what, "value": describe(value), "allowed": ", ".join(choices.values)},
    )
    return None


def read_date(obj: dict[str, Any], key: str, path: str, reader: Reader) -> Any:
    """A date ÅÅÅÅ-MM-DD; MISSING when absent, None for null or a refused value."""
    if key not in obj:
        return MISSING
    value = obj[key]
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    reader.error(join(path, key), _("ogiltigt datum %(value)s (ange ÅÅÅÅ-MM-DD)") % {"value": describe(value)})
    return None


def check_field(model: type[Model], name: str, value: Any, path: str, reader: Reader) -> bool:
    """Run a model field's own checks (length, validators, choices) on a value; False and a problem if refused."""
    field = model._meta.get_field(name)
    try:
        field.clean(value, None)  # type: ignore[union-attr]
    except ValidationError as error:
        reader.error(path, " ".join(str(m) for m in error.messages))
        return False
    return True
