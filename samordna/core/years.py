"""The range of years Samordna accepts for a förbund's own data: one constant pair for every check.

Finsam (Lag 2003:1210) took effect in 2004, so no budget, count, target or report year comes before it;
2100 is the far edge of any year a form, serializer, importer or command takes. Birth years and
population years reach further back but end at the same `LAST_YEAR`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The first year of Finsam data (the law took effect on 1 January 2004).
FIRST_YEAR: int = 2004
#: The last year any year field accepts.
LAST_YEAR: int = 2100


def parse_year(value: object) -> int:
    """A year in FIRST_YEAR–LAST_YEAR from an option, form or query string; a Swedish ValidationError otherwise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ValidationError(
            _("Ange ett år (ÅÅÅÅ) mellan %(first)s och %(last)s, inte ”%(v)s”.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "v": text[:20]}
        )
    return int(text)
