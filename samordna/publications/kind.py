"""`samordna report participants … --publish`: published figures come from the förbund's publications.

The participants report kind (participants.statistics.kind) stays as it is for internal reports. With
`--publish` this wrapper takes over: only a fixed period (reporting.periods), all insatser or exactly one, and
the förbund's own bands are allowed (anything else is refused with a message that says what is allowed); the
figures are those of the förbund's latest publication of the period, released first when there is none
(docs/contracts.md, "Published figures").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samordna.core.cli import cli_actor
from samordna.core.models import Association
from samordna.participants.statistics.bands import DEFAULT_AGE_BANDS, DEFAULT_SUPPORT_YEARS_BANDS, parse_bands
from samordna.participants.statistics.builder import build_participant_report
from samordna.participants.statistics.document import as_report
from samordna.participants.statistics.kind import parse_date
from samordna.participants.statistics.publish import publish
from samordna.publications.models import Publication
from samordna.publications.selectors import published_for_period
from samordna.publications.services import release_publication
from samordna.publications.views import publication_report
from samordna.reporting.periods import ALLOWED_PERIODS, FixedPeriod
from samordna.reporting.registry import ReportKind, kinds, register
from samordna.reporting.tables import Report


def _same_bands(given: Any, default: str) -> bool:
    try:
        return [b.label for b in parse_bands(given)] == [b.label for b in parse_bands(default)]
    except ValidationError:
        return False


class NoPublication(ValidationError):
    """The period has no publication yet (and the caller may not release one)."""


def publication_for(association: Association, period: FixedPeriod, *, release_as: Any = None) -> Publication:
    """The förbund's latest publication of a fixed period, with its tables; released first as `release_as` (the
    command line) when there is none, otherwise NoPublication (a Swedish message saying who can release it)."""
    publication = published_for_period(association, period.slug)
    if publication is None:
        if release_as is None:
            raise NoPublication(
                _(
                    "Det finns ingen publicering för %(period)s ännu. "
                    "Förbundets administratör gör den under Publiceringar."
                )
                % {"period": period.label}
            )
        return release_publication(association=association, period=period, acting_user=release_as)
    publication.refresh_from_db()  # the list selector defers the tables
    return publication


def published_report(
    *,
    association: Association,
    date_from: Any,
    date_to: Any,
    codes: list[str],
    age_bands: Any = DEFAULT_AGE_BANDS,
    support_years_bands: Any = DEFAULT_SUPPORT_YEARS_BANDS,
    release_as: Any = None,
) -> Report:
    """The published participants report of a fixed period, from the förbund's publication of it.

    Refused (ValidationError with what is allowed): another period, more than one insats, other bands.
    Without a publication of the period: released as `release_as` when given (the command line), otherwise
    NoPublication.
    """
    date_from = parse_date(date_from, "--from")
    date_to = parse_date(date_to, "--to")
    period = FixedPeriod.from_dates(date_from, date_to)
    if period is None:
        raise ValidationError(ALLOWED_PERIODS())
    if len(codes) > 1:
        raise ValidationError(_("Publicerade siffror finns för alla insatser tillsammans eller för en insats i taget."))
    if not _same_bands(age_bands, DEFAULT_AGE_BANDS) or not _same_bands(
        support_years_bands, DEFAULT_SUPPORT_YEARS_BANDS
    ):
        raise ValidationError(
            _("Publicerade siffror har förbundets fasta grupper: ålder %(age)s och år med försörjning %(years)s.")
            % {"age": DEFAULT_AGE_BANDS, "years": DEFAULT_SUPPORT_YEARS_BANDS}
        )
    insats = codes[0] if codes else None
    publication = publication_for(association, period, release_as=release_as)
    if insats is not None and insats not in publication.insats_codes:
        # No participants in the period: every count is 0, and zeros are shown (the code is checked here).
        data = build_participant_report(
            association=association, date_from=period.date_from, date_to=period.date_to, interventions=[insats]
        )
        if data["totals"]["participants"]["all"]:
            raise ValidationError(_("Publiceringen saknar insatsen; gör en ny publicering för perioden."))
        return as_report(
            association=association,
            data=publish(data, association.suppression_threshold),
            title=publication.title,
            published=True,
        )
    return publication_report(publication, insats)


def published_participants(*, association: Association, options: dict[str, Any]) -> Report:
    """`report participants --publish`: the publication's report, released first when there is none."""
    return published_report(
        association=association,
        date_from=options["date_from"],
        date_to=options["date_to"],
        codes=list(options.get("intervention") or []),
        age_bands=options.get("age_bands") or DEFAULT_AGE_BANDS,
        support_years_bands=options.get("support_years_bands") or DEFAULT_SUPPORT_YEARS_BANDS,
        release_as=cli_actor(options),
    )


def wrap_participants_kind() -> None:
    """Let `--publish` of the participants kind go through the publications (see the module docstring)."""
    kind = kinds()["participants"]
    internal: Callable[..., Report] = kind.build

    def build(*, association: Association, options: dict[str, Any]) -> Report:
        if options.get("publish"):
            return published_participants(association=association, options=options)
        return internal(association=association, options=options)

    register(ReportKind(kind.name, kind.help, kind.add_arguments, build))
