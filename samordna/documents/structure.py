"""What a delårsrapport and an årsredovisning hold, section by section, in the order of the seeds.

Seed 000 (delårsrapport): om förbundet, styrelsen and its decisions, huvudmännen, the work per målområde,
participants and structural activities, what is planned for the rest of the year, and the economic outcome with
forecast and comments. Seed 002 (årsredovisning): förvaltningsberättelse (the year, om förbundet, goal
follow-up, participant statistics, training attendance, the board's work, the ekonomisk sammanfattning), then
resultaträkning, balansräkning, kassaflödesanalys, redovisningsprinciper, noter 1–3, driftsredovisning and the
board's signatures. A section is written (`text`), generated (`source`) or both (written text before the tables).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samordna.documents import sources
from samordna.documents.models import DocumentKind


@dataclass(frozen=True)
class SectionSpec:
    """One section of a document kind: its key, heading, level (1 or 2), whether it has written text, and its
    generated source (or None), with the text a new document starts from (usually nothing)."""

    key: str
    title: Promise | str
    level: int = 1
    text: bool = True
    source: sources.Source | None = None
    default: Promise | str = ""


INTERIM: tuple[SectionSpec, ...] = (
    SectionSpec("om_forbundet", _("Om förbundet – verksamhetsidé, vision och ändamål")),
    SectionSpec("styrelsen", _("Styrelsens sammansättning och arbete"), source=sources.board),
    SectionSpec("beslut", _("Beslut under perioden"), 2, text=False, source=sources.decisions),
    SectionSpec("huvudmannen", _("Huvudmännen – medlemssamråd")),
    SectionSpec("verksamheten", _("Verksamheten per målområde"), source=sources.goals),
    SectionSpec("deltagare", _("Deltagare i individinsatserna"), 2, source=sources.participants),
    SectionSpec("aktiviteter", _("Strukturövergripande aktiviteter"), 2, source=sources.activities),
    SectionSpec("planerat", _("Planerade aktiviteter under resten av året")),
    SectionSpec("ekonomi", _("Ekonomiskt utfall samt prognos för helåret"), source=sources.followup),
)

ANNUAL: tuple[SectionSpec, ...] = (
    SectionSpec("forvaltningsberattelse", _("Förvaltningsberättelse")),
    SectionSpec("sammanfattning", _("Sammanfattning av verksamhetsåret"), 2),
    SectionSpec("om_forbundet", _("Om förbundet"), 2),
    SectionSpec("maluppfyllelse", _("Måluppfyllelse och resultat"), 2, source=sources.goals),
    SectionSpec("deltagare", _("Deltagarstatistik"), 2, source=sources.participants),
    SectionSpec("utbildningar", _("Utbildningar och aktiviteter"), 2, source=sources.activities),
    SectionSpec("styrelsen", _("Styrelsens arbete"), 2, source=sources.board),
    SectionSpec("beslut", _("Styrelsens beslut under året"), 2, text=False, source=sources.decisions),
    SectionSpec("ekonomisk_sammanfattning", _("Ekonomisk sammanfattning"), 2, source=sources.key_figures),
    SectionSpec("resultatrakning", _("Resultaträkning"), text=False, source=sources.income_statement),
    SectionSpec("balansrakning", _("Balansräkning"), text=False, source=sources.balance_sheet),
    SectionSpec("kassaflodesanalys", _("Kassaflödesanalys"), text=False, source=sources.cash_flow),
    SectionSpec(
        "redovisningsprinciper",
        _("Redovisningsprinciper"),
        default=_(
            "Årsredovisningen är upprättad i enlighet med lagen (2018:597) om kommunal bokföring och redovisning "
            "i tillämpliga delar."
        ),
    ),
    SectionSpec("noter", _("Noter"), text=False, source=sources.notes),
    SectionSpec("driftsredovisning", _("Driftsredovisning"), text=False, source=sources.operating),
    SectionSpec("underskrifter", _("Styrelsens underskrifter"), source=sources.signatures),
)

SPECS: dict[str, tuple[SectionSpec, ...]] = {DocumentKind.INTERIM: INTERIM, DocumentKind.ANNUAL: ANNUAL}


def spec(kind: str, key: str) -> SectionSpec | None:
    """The section of a kind with `key`, or None."""
    return next((s for s in SPECS.get(kind, ()) if s.key == key), None)


def written(kind: str) -> list[SectionSpec]:
    """The sections of a kind that have written text."""
    return [s for s in SPECS.get(kind, ()) if s.text]
