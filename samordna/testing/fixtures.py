"""pytest fixtures shared by every app: the cast and logged-in clients.

The cast is built once per test session (per xdist worker) and each test gets fresh instances
of it, inside its own rolled-back transaction. Transactional tests (live_server, E2E) flush the
database afterwards, so for them the cast is rebuilt when it is gone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from samordna.core.models import Association, CodeListEntry, Municipality
from samordna.core.reference_data import load_reference_data
from samordna.testing.cast import Cast, Tenant, build_cast

CastIds = dict[str, Any]


def _ids(cast: Cast) -> CastIds:
    def tenant_ids(tenant: Tenant) -> dict[str, tuple[type, int]]:
        return {f.name: (type(v), v.pk) for f in dataclasses.fields(tenant) if (v := getattr(tenant, f.name))}

    return {"a": tenant_ids(cast.a), "b": tenant_ids(cast.b),
            "users": {name: (type(u), u.pk) for name, u in cast.users.items()}}


def _load(ids: CastIds) -> Cast:
    def fetch(ref: tuple[type, int]) -> Any:
        model, pk = ref
        return model._default_manager.get(pk=pk)

    tenants = [Tenant(**{name: fetch(ref) for name, ref in ids[key].items()}) for key in ("a", "b")]
    return Cast(a=tenants[0], b=tenants[1], users={name: fetch(ref) for name, ref in ids["users"].items()})


@pytest.fixture(scope="session")
def cast_ids(django_db_setup: None, django_db_blocker: Any) -> CastIds:
    """Build the cast once for the session."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    assert name.startswith("test_") or "memory" in name, f"refusing to build the test cast in {name}"
    with django_db_blocker.unblock():
        return _ids(build_cast())


@pytest.fixture
def cast(request: pytest.FixtureRequest, db: None, cast_ids: CastIds) -> Cast:
    """Two förbund, a user per role in the first, an admin of the second, an outsider.

    `db` becomes a transactional database for tests that use live_server or transactional_db.
    """
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames))
    if transactional and not Association.objects.filter(pk=cast_ids["a"]["association"][1]).exists():
        load_reference_data(Municipality, CodeListEntry)
        return build_cast()
    return _load(cast_ids)


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str], Client]:
    """A test client logged in as a cast user (by name)."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast.user(name))
        return client

    return make
