"""Column names of the participants file (English per docs/contracts.md, Swedish from the template) and the
header check that refuses columns that would carry a direct identifier."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

# column → (Swedish header in the template, required)
COLUMNS: dict[str, tuple[str, bool]] = {
    "participant": ("Deltagarkod", True),
    "intervention": ("Insats", True),
    "gender": ("Kön", True),
    "birth_year": ("Födelseår", True),
    "municipality": ("Hemkommun", True),
    "start_date": ("Startdatum", True),
    "end_date": ("Slutdatum", False),
    "end_reason": ("Avslutsanledning", False),
    "education": ("Utbildning", False),
    "support_before": ("Försörjning före", False),
    "years_in_support_before": ("År i offentlig försörjning före", False),
    "occupation_before": ("Sysselsättning före", False),
    "occupation_after": ("Sysselsättning efter", False),
    "support_after": ("Försörjning efter", False),
    "continued_planning": ("Fortsatt planering", False),
    "referred_by": ("Remitterande part", False),
}
REQUIRED = [name for name, (_label, required) in COLUMNS.items() if required]

# Identifier-looking header words (Swedish and English). Long words match inside a header,
# short ones only as a whole word.
_IDENTIFIER_PARTS = (
    "namn",
    "name",
    "personnummer",
    "personnr",
    "samordningsnummer",
    "fodelsedatum",
    "birthdate",
    "dateofbirth",
    "email",
    "epost",
    "telefon",
    "phone",
    "mobil",
    "adress",
    "address",
    "postnummer",
    "postort",
    "postadress",
    "zipcode",
    "street",
    "gatuadress",
    "socialsecurity",
)
_IDENTIFIER_WORDS = {"pnr", "ssn", "mail", "tel", "tfn", "zip", "personid"}


def normalise(header: str) -> str:
    """Lower case, accents removed, only letters, digits and underscores."""
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff").lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


ALIASES: dict[str, str] = {}
for _name, (_label, _req) in COLUMNS.items():
    ALIASES[normalise(_name)] = _name
    ALIASES[normalise(str(_label))] = _name
ALIASES.update(
    {
        "kon": "gender",
        "kommun": "municipality",
        "kommunkod": "municipality",
        "deltagare": "participant",
        "insatskod": "intervention",
        "fodelsear": "birth_year",
    }
)


def is_identifier(header: str) -> bool:
    """Whether a column header names a direct identifier (name, personnummer, e-mail, phone, address…)."""
    norm = normalise(header)
    squashed = norm.replace("_", "")
    if any(part in squashed for part in _IDENTIFIER_PARTS):
        return True
    return bool(set(norm.split("_")) & _IDENTIFIER_WORDS)


MISSING = _("Kolumnen %(col)s saknas.")
