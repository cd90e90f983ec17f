"""Fixtures of the organisations tests."""

from __future__ import annotations

import datetime as dt

import pytest

from samordna.organisations import services
from samordna.organisations.models import BoardSeat
from samordna.testing.cast import Cast


@pytest.fixture
def seat(cast: Cast) -> BoardSeat:
    """An ersättare of förbund A, appointed by the region, whose term runs from 2023."""
    return services.board_seat_create(
        acting_user=None,
        association=cast.a.association,
        person_name="Bo Ledamot",
        seat_type="ersattare",
        office="",
        appointed_by=cast.a.region,
        term_start=dt.date(2023, 1, 1),
    )
