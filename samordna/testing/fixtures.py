"""pytest fixtures shared by every app: the cast and logged-in clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from samordna.testing.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    """Two förbund, a user per role in the first, an admin of the second, an outsider."""
    return build_cast()


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str], Client]:
    """A test client logged in as a cast user (by name)."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast.user(name))
        return client

    return make
