"""pytest fixtures shared by every app: the cast and logged-in clients.

Each test that asks for the cast gets it built fresh inside its own transaction, so a test sees
exactly the data it asked for. Transactional tests (live_server, E2E) flush the database, which
also removes the municipalities and code lists the migrations loaded; the cast puts them back.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from samordna.core.models import CodeListEntry, Municipality
from samordna.core.reference_data import load_reference_data
from samordna.testing.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    """Two förbund, a user per role in the first, an admin of the second, an outsider.

    `db` becomes a transactional database for tests that use live_server or transactional_db.
    """
    load_reference_data(Municipality, CodeListEntry)
    return build_cast()


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str], Client]:
    """A test client logged in as a cast user (by name)."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast.user(name))
        return client

    return make
