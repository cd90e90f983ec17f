"""Demo data: the board meeting of 2024-10-21 (seed 001, SFV § 38–46) on the Västmanland demo förbund.

Loaded through the importer, so it is idempotent (the same file again writes nothing). The seed's ersättare
from Arbetsförmedlingen, Anne-Charlotte Silvano, is added as a board seat first; the demo board spells two
names without diacritics (Lena Eldstahl, Ulrika Sparebo) and the meeting file follows it. The seed's anslag
says "avpubliceras 2024-10-22", before it was published; the demo uses the contract's 2024-11-22.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from samordna.core.models import Association
from samordna.governance import services
from samordna.governance.importer import read_meeting
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
    _meeting, written = services.meeting_import(acting_user=acting_user, association=association, parsed=parsed)
    return {"meetings": 1} if written else {}
