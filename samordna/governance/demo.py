"""Demo data: the board meeting of 2024-10-21 (seed 001, SFV § 38–46) on the Västmanland demo förbund.

Loaded through the importer, so it is idempotent (the same file again writes nothing). The seed's ersättare
from Arbetsförmedlingen, Anne-Charlotte Silvano, is added as a board seat first; the demo board spells two
names without diacritics (Lena Eldstahl, Ulrika Sparebo) and the meeting file follows it. The seed's anslag
says "avpubliceras 2024-10-22", before it was published; the demo uses the contract's 2024-11-22.

Two applications of seed 001 follow: Rehabkoordinatorer i samverkan (500 tkr for 2025, the Utvecklingsråd's
opinion, bordlagd in SFV § 41 until the budget meeting of 22 November) and RMGT's continued funding for
2025–2027 at the amounts of the adopted plan (seed 004), under beredning (§ 42 was a lägesrapport).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from samordna.core.models import Association
from samordna.governance import application_services, services
from samordna.governance.importer import read_meeting
from samordna.governance.models import Application, ApplicationStatus, Meeting
from samordna.organisations import services as org_services
from samordna.organisations.models import BoardSeat, Member

DEMO_ASSOCIATION = "vastmanland"
MEETING_FILE = Path(__file__).resolve().parent / "data" / "sfv-2024-10-21.json"
EXTRA_SEATS = (("Anne-Charlotte Silvano", "af"),)


def load(*, acting_user: Any = None) -> dict[str, int]:
    """Import the demo meeting (once); returns how many meetings were written."""
    association = Association.objects.filter(slug=DEMO_ASSOCIATION).first()
    if association is None:
        return {}
    for name, code in EXTRA_SEATS:
        member = Member.objects.filter(association=association, code=code).first()
        if member is None or BoardSeat.objects.filter(association=association, person_name=name).exists():
            continue
        org_services.board_seat_create(
            acting_user=acting_user,
            association=association,
            person_name=name,
            seat_type="ersattare",
            appointed_by=member,
            term_start=dt.date(2024, 1, 1),
            term_end=dt.date(2026, 12, 31),
        )
    parsed = read_meeting(MEETING_FILE.read_bytes(), association=association)
    meeting, written = services.meeting_import(acting_user=acting_user, association=association, parsed=parsed)
    created = _applications(acting_user, association, meeting)
    summary = {"meetings": 1} if written else {}
    if created:
        summary["applications"] = created
    return summary


REHAB = "Rehabkoordinatorer i samverkan – fortsatt finansiering 2025"
RMGT = "Rådgivande myndighetsgemensamt team (RMGT) – fortsatt finansiering 2025–2027"


def _applications(acting_user: Any, association: Association, meeting: Meeting) -> int:
    """The seed's two applications (once): Rehabkoordinatorer bordlagd in § 41, RMGT under beredning."""
    members = {m.code: m for m in Member.objects.filter(association=association)}
    existing = set(Application.objects.filter(association=association).values_list("name", flat=True))
    created = 0
    if REHAB not in existing:
        rehab = application_services.application_create(
            acting_user=acting_user,
            association=association,
            applicants=[members["region"], members["1980"]],
            amounts={2025: 500_000},
            name=REHAB,
            contact_name="Riitta Högberg",
            contact_title="Region Västmanland",
            received_on=dt.date(2024, 9, 26),
            orientation="strukturovergripande",
            start_year=2025,
            end_year=2025,
            purpose=(
                "Gemensamma rutiner för samverkan mellan kommunernas socialtjänst och länets primärvårds- och "
                "psykiatrienheter för personer som är sjukskrivna, saknar sjukpenninggrundande inkomst och har "
                "försörjningsstöd."
            ),
            target_group="Personer som är sjukskrivna, saknar sjukpenninggrundande inkomst och har försörjningsstöd.",
            expected_results="Mindre risk för glapp mellan myndigheterna och kortare tid i utanförskap.",
        )
        rehab = application_services.application_prepare(
            acting_user=acting_user,
            application=rehab,
            opinion=(
                "Samordningsförbundets Utvecklingsråd (beredningsgrupp) stödjer ansökan, då man ser att det har "
                "potential att göra stor skillnad för de individer som projektet vänder sig till."
            ),
        )
        item = meeting.items.filter(title__startswith="Lägesrapport och ny ansökan").first()
        if item is not None:
            application_services.application_decide(
                acting_user=acting_user, application=rehab, outcome=ApplicationStatus.TABLED, item=item
            )
        created += 1
    if RMGT not in existing:
        rmgt = application_services.application_create(
            acting_user=acting_user,
            association=association,
            applicants=[members["af"], members["fk"], members["region"], members["1980"]],
            amounts={2025: 1_254_000, 2026: 1_292_000, 2027: 1_337_000},
            name=RMGT,
            received_on=dt.date(2024, 10, 1),
            orientation="strukturovergripande",
            start_year=2025,
            end_year=2027,
            purpose=(
                "RMGT ska vara en rådgivande resurs för handläggarens/vårdgivarens och individens gemensamma arbete "
                "för att individen ska nå en hållbar egenförsörjning genom arbete."
            ),
            target_group="Individer där handläggare behöver rådgöra kring myndigheternas gemensamma resurser.",
        )
        application_services.application_prepare(
            acting_user=acting_user, application=rmgt, opinion="Utvecklingsrådet (beredningsgrupp) bereder ansökan."
        )
        created += 1
    return created
