"""JSON import files: size and nesting depth checked before decoding, huge numbers refused by JSON path.

The depth is counted by a regular-expression scan (no recursion, so a file of 100 000 nested brackets
is refused with a message rather than a RecursionError). Integers longer than MAX_INT_DIGITS digits,
NaN and Infinity are decoded as markers and then reported with their JSON path, found by an iterative
walk; Python's own limit on converting long digit strings to int is therefore never reached.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samordna.core.imports.problems import ImportFailed, Problem, ProblemList, refuse
from samordna.core.imports.text import CONTROL, describe_control

MAX_BYTES = 20_000_000
MAX_DEPTH = 32
MAX_INT_DIGITS = 18
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_SYNTAX = {
    "Expecting value": gettext_noop("ett värde saknas"),
    "Expecting ',' delimiter": gettext_noop("kommatecken saknas"),
    "Expecting ':' delimiter": gettext_noop("kolon saknas"),
    "Expecting property name enclosed in double quotes": gettext_noop("nyckeln ska stå inom dubbla citattecken"),
    "Unterminated string starting at": gettext_noop("texten saknar avslutande citattecken"),
    "Extra data": gettext_noop("extra tecken efter JSON-objektet"),
    "Invalid control character at": gettext_noop("otillåtet styrtecken"),
    "Invalid \\escape": gettext_noop("ogiltig escape-sekvens"),
}


class Refused:
    """A number the importer will not take (too many digits, NaN, Infinity), kept until its path is known."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _int(text: str) -> Any:
    digits = text.lstrip("-")
    return Refused(text) if len(digits) > MAX_INT_DIGITS else int(text)


def _float(text: str) -> Any:
    mantissa = re.split(r"[eE]", text)[0].lstrip("-").replace(".", "").lstrip("0")
    if len(mantissa) > MAX_INT_DIGITS + 10 or len(text) > 60:
        return Refused(text)
    value = Decimal(text)
    return value if value.is_finite() and abs(value.adjusted()) <= 30 else Refused(text)


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse `text` if its arrays and objects nest deeper than `max_depth` (strings are skipped)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, match.start()) + 1
                raise refuse(
                    _("JSON-strukturen är djupare än %(max)s nivåer") % {"max": max_depth},
                    row=line,
                )
        elif token in "]}":
            depth -= 1


def _walk_refused(data: Any, problems: ProblemList) -> None:
    """Report every Refused marker, and every text with a control character, with its JSON path (iteratively)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, Refused):
            shown = value.text if len(value.text) <= 30 else f"{value.text[:12]}…({len(value.text)} tecken)"
            problems.add(
                Problem(None, "", _("talet %(value)s är för stort eller inte ett tal") % {"value": shown}, path=path)
            )
        elif isinstance(value, str):
            found = CONTROL.search(value)
            if found:
                problems.add(
                    Problem(
                        None,
                        "",
                        _("texten innehåller ett %(what)s") % {"what": describe_control(found.group())},
                        path=path,
                    )
                )
        elif isinstance(value, dict):
            for key in reversed(list(value)):
                here = f"{path}.{key}" if path else str(key)
                if CONTROL.search(key):
                    problems.add(Problem(None, "", _("nyckeln innehåller ett styrtecken"), path=here))
                stack.append((here, value[key]))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((f"{path}[{index}]", value[index]))


def load_json(data: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Decode a JSON document (decimals as Decimal); ImportFailed names the line or JSON path of each problem."""
    if len(data) > max_bytes:
        raise refuse(_("filen är större än %(max)s MB") % {"max": max_bytes // 1_000_000})
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise refuse(_("filen är UTF-16-kodad; spara den som UTF-8"), row=1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise refuse(_("filen är inte UTF-8-kodad"), row=line) from exc
    else:
        text = data
    if not text.strip():
        raise refuse(_("filen är tom"))
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise refuse(_("filen innehåller ett %(what)s") % {"what": describe_control(found.group())}, row=line)
    check_depth(text, max_depth)
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=Refused)
    except json.JSONDecodeError as exc:
        message = _(_SYNTAX[exc.msg]) if exc.msg in _SYNTAX else exc.msg
        raise refuse(
            _("ogiltig JSON: %(message)s") % {"message": message},
            row=exc.lineno,
            column=str(exc.colno),
        ) from exc
    except (ValueError, RecursionError) as exc:  # a last guard: the checks above should leave none
        raise refuse(_("ogiltig JSON")) from exc
    problems = ProblemList()
    _walk_refused(value, problems)
    if problems:
        raise ImportFailed(problems)
    return value
