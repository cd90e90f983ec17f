"""The admin's user-creation form: Django's password validators with the new user's names, no hint of usernames
taken in another förbund, and odd input answered with a form error, never a 500 or a half-made user."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import Membership, User
from samordna.testing import nasty
from samordna.testing.cast import Cast

TAKEN = "Användarnamnet kan inte användas"


def create_url(cast: Cast) -> str:
    return reverse("accounts:user-create", kwargs={"association": cast.a.association.slug})


def post(client: Any, cast: Cast, **data: str):  # type: ignore[no-untyped-def]
    return client.post(create_url(cast), {"role": "viewer", "password": "Ett-bra-losen-42", **data})


@pytest.mark.parametrize(
    ("fields", "password"),
    [
        ({"username": "kalle.karlsson"}, "kalle.karlsson1"),
        ({"username": "kalle.karlsson"}, "Kalle.Karlsson!"),
        ({"username": "k.k", "first_name": "Bengtsdotter", "last_name": "Olsson"}, "Bengtsdotter1"),
        ({"username": "anna", "email": "anna.lindqvist@kommun.example.se"}, "anna.lindqvist@kommun"),
    ],
)
def test_a_password_like_the_username_or_the_name_is_refused(
    fields: dict[str, str], password: str, cast: Cast, client_for: Any
) -> None:
    before = User.objects.count()
    response = post(client_for(Role.ADMIN), cast, password=password, **fields)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "Formuläret innehåller fel" in body
    assert "för likt" in body.lower()  # Django's Swedish message: "Lösenordet är för likt ..."
    assert User.objects.count() == before


def test_a_good_password_is_still_accepted(cast: Cast, client_for: Any) -> None:
    response = post(client_for(Role.ADMIN), cast, username="kalle.karlsson", password="Blå-Tåg-Rullar-9")
    assert response.status_code == 302
    assert User.objects.get(username="kalle.karlsson").check_password("Blå-Tåg-Rullar-9")


def test_a_username_taken_in_another_forbund_is_not_revealed(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    other_forbund_user = cast.user("admin_b")  # only in förbund Beta
    own_forbund_user = cast.user("viewer")  # in förbund Alfa, the admin's own
    users, memberships = User.objects.count(), Membership.objects.count()
    answers = {}
    for taken in (other_forbund_user.username, other_forbund_user.username.upper(), own_forbund_user.username):
        response = post(admin, cast, username=taken)
        assert response.status_code == 200
        body = html.unescape(response.content.decode())
        assert TAKEN in body
        for hint in ("finns redan", "annat förbund", "Beta", cast.b.association.name, other_forbund_user.first_name):
            assert hint not in body
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"', "", body)
        answers[taken] = body.replace(taken, "USERNAME")
    # The answer for a username in another förbund is the answer for one in the admin's own förbund.
    assert len(set(answers.values())) == 1
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert not Membership.objects.filter(user=other_forbund_user, association=cast.a.association).exists()


@pytest.mark.parametrize("name", sorted(nasty.TEXT))
def test_nasty_usernames_get_a_form_error_not_a_500(name: str, cast: Cast, client_for: Any) -> None:
    value = nasty.TEXT[name]
    before = User.objects.count()
    response = post(client_for(Role.ADMIN), cast, username=value)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Formuläret innehåller fel" in html.unescape(response.content.decode())
        assert User.objects.count() == before
