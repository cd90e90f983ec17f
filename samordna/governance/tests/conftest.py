"""Fixtures of the governance tests: the Västmanland demo förbund with its board, and the seed 001 file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samordna.core.models import Association
from samordna.demo import DEMO_DIR
from samordna.governance.demo import MEETING_FILE
from samordna.onboarding.organisation import import_organisation_file


@pytest.fixture
def vastmanland(db: None) -> Association:
    """The demo förbund Västmanland (members and board of 2024), with the seed's extra ersättare."""
    import_organisation_file(acting_user=None, path=str(Path(DEMO_DIR) / "vastmanland.json"))
    association = Association.objects.get(slug="vastmanland")
    from samordna.governance import demo

    for name, code in demo.EXTRA_SEATS:
        from samordna.organisations import services
        from samordna.organisations.models import Member

        services.board_seat_create(
            acting_user=None,
            association=association,
            person_name=name,
            seat_type="ersattare",
            appointed_by=Member.objects.get(association=association, code=code),
            term_start="2024-01-01",
        )
    return association


@pytest.fixture
def seed() -> dict[str, Any]:
    """The seed 001 meeting as the demo's file holds it (a fresh copy each time)."""
    return json.loads(MEETING_FILE.read_text(encoding="utf-8"))


def as_bytes(data: Any) -> bytes:
    """A meeting dict as the file bytes an import reads."""
    return json.dumps(data, ensure_ascii=False).encode()
