"""Helpers for tests of text input: the POST data of a rendered form, and the text every field must refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.forms import BaseForm

from samordna.testing import nasty

#: Text no text field takes (issue #11 items 6 and 8), with words one of which its Swedish message holds.
BAD_TEXT: dict[str, tuple[str, tuple[str, ...]]] = {
    "personnummer": (nasty.PERSONNUMMER["pnr_12_dash"], ("personnummer",)),
    "personnummer_in_text": (nasty.PERSONNUMMER["pnr_in_text"], ("personnummer",)),
    "samordningsnummer": (nasty.PERSONNUMMER["samordningsnummer"], ("samordningsnummer",)),
    "nul": (nasty.TEXT["nul"], ("styrtecken", "Null")),
    "control": (nasty.TEXT["control"], ("styrtecken",)),
    "vertical_tab": (nasty.TEXT["vertical_tab"], ("styrtecken",)),
}


def says_why(messages: Any, kind: str) -> bool:
    """Whether the error messages (a list, or text) explain the refusal of BAD_TEXT[kind]."""
    text = " ".join(str(m) for m in messages) if isinstance(messages, list | tuple) else str(messages)
    return any(word in text for word in BAD_TEXT[kind][1])


def form_data(form: BaseForm, **overrides: Any) -> dict[str, Any]:
    """`form`'s current values as POST data (dates as ISO text, nothing as ""), with `overrides` applied."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    data.update(overrides)
    return data
