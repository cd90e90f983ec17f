"""The finance imports' parsers, now the import kit's (samordna.core.imports) under their old names.

Kept so that code importing `parse_amount`, `parse_date`, `read_csv`, `decode_text`, `Problem` and
`ImportFailed` from here keeps working; new code imports from samordna.core.imports.
"""

from __future__ import annotations

from decimal import Decimal

from samordna.core.imports import ImportFailed, Problem, parse_date, read_csv
from samordna.core.imports import parse_amount as _parse_amount
from samordna.core.imports.text import decode

__all__ = ["ImportFailed", "Problem", "decode_text", "parse_amount", "parse_date", "read_csv"]


def parse_amount(text: str, *, max_digits: int = 14, decimal_places: int = 2) -> Decimal:
    """'-1 944 000', '−1944000', '1944000,50', '1 045 924 kr' → Decimal (at most `max_digits` digits, öre).

    The default is what a budget amount stores (12 digits before the decimal comma); pass a field's own.
    """
    return _parse_amount(text, max_digits=max_digits, decimal_places=decimal_places)


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed), falling back to Windows-1252; ImportFailed for UTF-16 or binary data."""
    return decode(data)
