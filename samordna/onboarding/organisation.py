"""Import an organisation JSON file (docs/contracts.md, "Organisation JSON"): association, members, board, insatser.

parse → validate everything (every problem with its JSON path) → if anything is wrong, write nothing;
else apply it in one transaction through the domain services, writing audit rows only for real changes.
The file format, with the optional keys Samordna adds, is described in docs/organisation-json.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from samordna.onboarding.applying import ImportSummary, apply_plan
from samordna.onboarding.locating import value_lines
from samordna.onboarding.validation import OrganisationFileError, check_slug, read_json, validate

__all__ = [
    "ImportSummary",
    "OrganisationFileError",
    "import_organisation",
    "import_organisation_bytes",
    "import_organisation_file",
]


def import_organisation(*, acting_user: Any, data: Any, lines: dict[str, int] | None = None) -> ImportSummary:
    """Create or update an association from decoded organisation JSON; all or nothing.

    `lines` maps JSON paths to line numbers of the source text, for the error messages.
    """
    plan = validate(data, lines)
    return apply_plan(acting_user=acting_user, plan=plan)


def import_organisation_file(*, acting_user: Any, path: Path | str) -> ImportSummary:
    """Read, check and import one organisation JSON file; OrganisationFileError lists every problem."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise OrganisationFileError([_("kan inte läsa filen (%(error)s)") % {"error": exc.strerror or exc}]) from exc
    return import_organisation_bytes(acting_user=acting_user, raw=raw)


def import_organisation_bytes(*, acting_user: Any, raw: bytes, slug: str | None = None) -> ImportSummary:
    """Check and import organisation JSON given as bytes (a file or an upload); all or nothing.

    `slug`, when given, is the association the file must concern (the web page's own förbund).
    """
    data, text = read_json(raw)
    if slug is not None:
        check_slug(data, slug)
    return import_organisation(acting_user=acting_user, data=data, lines=value_lines(text))
