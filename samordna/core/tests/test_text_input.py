"""Core text fields (users, förbund, code lists) take the shared text rules (issue #11 items 6 and 8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samordna.core import services
from samordna.core.models import CodeListEntry, User
from samordna.testing.cast import Cast
from samordna.testing.forms import BAD_TEXT, says_why

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


@pytest.mark.parametrize("field", ["first_name", "last_name", "username"])
@pytest.mark.parametrize("kind", ["personnummer", "samordningsnummer", "nul", "control"])
def test_user_creation_page_refuses(kind: str, field: str, cast: Cast, client_for: Clients) -> None:
    data = {
        "username": "ny-person",
        "first_name": "Ny",
        "last_name": "Person",
        "email": "",
        "password": "Ett-langt-losen-2026",
        "role": "viewer",
        field: BAD_TEXT[kind][0],
    }
    users = User.objects.count()
    response = client_for("admin").post(reverse("accounts:user-create", kwargs={"association": "alfa"}), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if field != "username" or kind.startswith(("personnummer", "samordnings")):
        assert says_why(errors[field], kind), errors
    assert User.objects.count() == users


@pytest.mark.parametrize("field", ["name", "address", "org_nr", "protocol_prefix"])
@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_association_fields_refuse(kind: str, field: str, cast: Cast) -> None:
    association = cast.a.association
    before = getattr(association, field)
    with pytest.raises(ValidationError) as refused:
        services.association_update(acting_user=None, association=association, **{field: BAD_TEXT[kind][0]})
    assert says_why(refused.value.message_dict[field], kind)
    association.refresh_from_db()
    assert getattr(association, field) == before


def test_association_org_nr_is_not_a_personnummer(cast: Cast) -> None:
    services.association_update(acting_user=None, association=cast.a.association, org_nr="222000-1974")
    cast.a.association.refresh_from_db()
    assert cast.a.association.org_nr == "222000-1974"


@pytest.mark.parametrize("field", ["code", "label", "help_text"])
def test_code_list_entry_fields_refuse(field: str, cast: Cast) -> None:
    entry = CodeListEntry.objects.filter(list="support").first()
    setattr(entry, field, BAD_TEXT["personnummer_in_text"][0])
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert says_why(refused.value.message_dict[field], "personnummer_in_text")
