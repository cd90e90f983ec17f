"""Formula-injection safety for spreadsheets: text starting with = + - @ (or tab/CR) must never run as a formula."""

from __future__ import annotations

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet might read `text` as a formula."""
    return text.startswith(DANGEROUS_PREFIXES)


def neutralise(text: str) -> str:
    """Prefix a dangerous text with an apostrophe (OWASP's advice for CSV)."""
    return "'" + text if is_dangerous(text) else text
