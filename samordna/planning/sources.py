"""The parameters of an indicator's source, checked in one place for the form, the import and the API.

`clean_source(kind, params)` returns the parameters in their stored form (codes as sorted lists, numbers as
ints) or raises `SourceProblems`, a list of (parameter, Swedish message) that the import turns into JSON paths
(`…source.months`) and forms into field errors. Codes are checked against the förbund's code lists
(`core.CodeListEntry`): an unknown code is refused, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.models import CodeList, CodeListEntry
from samordna.planning.models import SourceKind

#: The parameters each kind takes: name → (what it is, code list for code lists).
PARAMETERS: dict[str, dict[str, tuple[str, str | None]]] = {
    SourceKind.MANUAL: {},
    SourceKind.ENDED_SHARE: {
        "end_reasons": ("codes", CodeList.END_REASON),
        "occupation_after": ("codes", CodeList.OCCUPATION),
    },
    SourceKind.FOLLOWUP_SHARE: {
        "months": ("months", None),
        "occupation": ("codes", CodeList.OCCUPATION),
        "support": ("codes", CodeList.SUPPORT),
    },
    SourceKind.SUPPORT_REDUCED: {"months": ("months", None)},
    SourceKind.PARTICIPANTS: {"of_target": ("bool", None)},
    SourceKind.EVENT_ATTENDANCE: {},
    SourceKind.SURVEY_SHARE: {
        "survey": ("text", None),
        "question": ("text", None),
        "at_least": ("number", None),
    },
}
#: Parameters a kind cannot do without; the share kinds also need at least one of their code lists.
REQUIRED: dict[str, tuple[str, ...]] = {
    SourceKind.FOLLOWUP_SHARE: ("months",),
    SourceKind.SUPPORT_REDUCED: ("months",),
    SourceKind.SURVEY_SHARE: ("survey", "question", "at_least"),
}
ONE_OF: dict[str, tuple[str, ...]] = {
    SourceKind.ENDED_SHARE: ("end_reasons", "occupation_after"),
    SourceKind.FOLLOWUP_SHARE: ("occupation", "support"),
}
#: Support codes that are not public support ("reduced public support" counts the others).
NOT_PUBLIC_SUPPORT = frozenset({"lon", "ingen", "annan"})


class SourceProblems(ValueError):
    """The problems of one source's parameters: (parameter or "kind", message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems


def known_codes() -> dict[str, set[str]]:
    """Every code of the code lists, per list (one query)."""
    codes: dict[str, set[str]] = {}
    for list_name, code in CodeListEntry.objects.values_list("list", "code"):
        codes.setdefault(list_name, set()).add(code)
    return codes


def _codes(value: Any, list_name: str, codes: Mapping[str, set[str]]) -> tuple[list[str] | None, str | None]:
    if isinstance(value, str):
        value = [part.strip() for part in value.replace("|", ",").split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None, _("ska vara en lista med koder")
    unknown = sorted(set(value) - codes.get(list_name, set()))
    if unknown:
        return None, _("okända koder: %(codes)s") % {"codes": ", ".join(unknown[:10])}
    return sorted(set(value)), None


def _months(value: Any) -> tuple[int | None, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None, _("ska vara ett heltal mellan 1 och 60")
    try:
        months = int(value)
    except ValueError:
        return None, _("ska vara ett heltal mellan 1 och 60")
    if not 1 <= months <= 60:
        return None, _("ska vara ett heltal mellan 1 och 60")
    return months, None


def _parameter(kind: str, value: Any, list_name: str | None, codes: Mapping[str, set[str]]) -> tuple[Any, str | None]:
    if kind == "codes":
        assert list_name is not None
        return _codes(value, list_name, codes)
    if kind == "months":
        return _months(value)
    if kind == "bool":
        if not isinstance(value, bool):
            return None, _("ska vara true eller false")
        return value, None
    if kind == "number":
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return None, _("ska vara ett tal")
        if isinstance(value, bool) or not number.is_finite():
            return None, _("ska vara ett tal")
        return float(number), None
    if not isinstance(value, str) or not value.strip() or len(value) > 60:
        return None, _("ska vara en kod på högst 60 tecken")
    return value.strip(), None


def clean_source(kind: Any, params: Any, *, codes: Mapping[str, set[str]] | None = None) -> dict[str, Any]:
    """The stored form of a source's parameters; raises SourceProblems naming each bad parameter."""
    if kind not in SourceKind.values:
        raise SourceProblems(
            [
                (
                    "kind",
                    _("okänd källa %(kind)s; tillåtna: %(allowed)s")
                    % {"kind": str(kind)[:40], "allowed": ", ".join(SourceKind.values)},
                )
            ]
        )
    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        raise SourceProblems([("kind", _("källans parametrar ska vara ett objekt"))])
    allowed = PARAMETERS[kind]
    codes = known_codes() if codes is None else codes
    problems: list[tuple[str, str]] = []
    cleaned: dict[str, Any] = {}
    for name, value in params.items():
        if name not in allowed:
            problems.append((str(name)[:40], _("parametern finns inte för källan %(kind)s") % {"kind": kind}))
            continue
        if value in (None, "", []):
            continue
        what, list_name = allowed[name]
        result, problem = _parameter(what, value, list_name, codes)
        if problem:
            problems.append((name, problem))
        elif result not in (None, []):
            cleaned[name] = result
    for name in REQUIRED.get(kind, ()):
        if name not in cleaned and not any(where == name for where, _m in problems):
            problems.append((name, _("måste anges")))
    needed = ONE_OF.get(kind)
    if needed and not any(name in cleaned for name in needed) and not problems:
        problems.append((needed[0], _("ange minst en av %(names)s") % {"names": ", ".join(needed)}))
    if problems:
        raise SourceProblems(problems)
    return cleaned
