"""Bytes to text for import files: UTF-8 (BOM allowed), else Windows-1252; control characters found."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from samordna.core.imports.problems import refuse

#: C0 control characters other than tab, line feed and carriage return, and DEL: never in an import value.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def describe_control(char: str) -> str:
    """A control character as a reader can name it: "styrtecken NUL (0x00)"."""
    code = ord(char)
    if code == 0:
        return _("styrtecken NUL (0x00)")
    return _("styrtecken 0x%(code)02X") % {"code": code}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252; refuses UTF-16 and binary files.

    Raises ImportFailed with the row (text line) of the first byte that no accepted encoding can read.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(_("filen är UTF-16-kodad; spara den som UTF-8 (eller Windows-1252)"), row=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(
            _("filen är varken UTF-8 eller Windows-1252 (byte 0x%(byte)02X); är det en textfil?")
            % {"byte": data[exc.start]},
            row=line,
        ) from exc
