"""Changing one's own password and the "forgotten password" flow, with the test e-mail backend (locmem)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry, User
from samordna.testing import nasty
from samordna.testing.cast import PASSWORD, Cast

NEW = "Blå-Tåg-Rullar-9"
LINK = re.compile(r"https?://[^/\s]+(/konto/aterstall/[^\s]+/)")


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_change_own_password(cast: Cast, client_for: Any) -> None:
    user = cast.user(Role.VIEWER)
    client = client_for(Role.VIEWER)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Byt lösenord" in page.content.decode()
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    assert client.get(reverse("account")).status_code == 200  # this session stays logged in
    assert logs_in(user.username, NEW)
    assert not logs_in(user.username, PASSWORD)
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).latest("pk")
    assert entry.changes == {"password": ["", ""]}
    assert entry.association == cast.a.association
    assert NEW not in str(entry.changes) and PASSWORD not in str(entry.changes)


def test_wrong_current_password_changes_nothing(cast: Cast, client_for: Any) -> None:
    user = cast.user(Role.VIEWER)
    audit = AuditEntry.objects.count()
    response = client_for(Role.VIEWER).post(
        reverse("password_change"), {"old_password": "fel-fel-fel", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in html.unescape(response.content.decode())
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.count() == audit


def test_password_pages_need_login() -> None:
    for name in ("account", "password_change"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def request_reset(client: Client, email: str) -> Any:
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_link_works_once_and_the_old_password_stops_working(cast: Cast) -> None:
    user = cast.user(Role.VIEWER)
    User.objects.filter(pk=user.pk).update(email="viewer@kommun.example.se")
    response = request_reset(Client(), "Viewer@Kommun.example.se")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["viewer@kommun.example.se"]
    assert "Samordna" in message.subject
    match = LINK.search(message.body)
    assert match, message.body
    link = match.group(1)

    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Välj nytt lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert logs_in(user.username, NEW)
    assert not logs_in(user.username, PASSWORD)
    assert AuditEntry.objects.filter(object_id=str(user.pk), changes={"password": ["", ""]}).exists()

    again = Client().get(link, follow=True)  # used once: the link no longer works
    body = again.content.decode()
    assert "Länken fungerar inte" in body
    assert "new_password1" not in body


def test_reset_answers_the_same_for_an_unknown_address(cast: Cast) -> None:
    User.objects.filter(pk=cast.user(Role.VIEWER).pk).update(email="finns@kommun.example.se")
    known = request_reset(Client(), "finns@kommun.example.se")
    unknown = request_reset(Client(), "finns-inte@kommun.example.se")
    assert len(mail.outbox) == 1
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    page = Client().get(reverse("password_reset_done")).content.decode()
    assert "Om adressen hör till ett konto" in page


def test_no_reset_mail_for_a_deactivated_user(cast: Cast) -> None:
    User.objects.filter(pk=cast.user(Role.VIEWER).pk).update(email="av@kommun.example.se", is_active=False)
    response = request_reset(Client(), "av@kommun.example.se")
    assert response.status_code == 302
    assert mail.outbox == []


def test_reset_requests_are_rate_limited_with_the_same_answer(cast: Cast, settings: Any) -> None:
    settings.PASSWORD_RESET_LIMIT = 2
    User.objects.filter(pk=cast.user(Role.VIEWER).pk).update(email="mycket@kommun.example.se")
    answers = [request_reset(Client(), "mycket@kommun.example.se") for _ in range(4)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == 2
    # Another address from the same client is limited too (per client address).
    User.objects.filter(pk=cast.user(Role.ADMIN).pk).update(email="annan@kommun.example.se")
    request_reset(Client(), "annan@kommun.example.se")
    assert len(mail.outbox) == 2


NASTY_ADDRESSES = {**nasty.TEXT, **nasty.PERSONNUMMER}


@pytest.mark.parametrize("value", list(NASTY_ADDRESSES.values()), ids=list(NASTY_ADDRESSES))
def test_nasty_reset_address_is_a_form_error_or_the_same_answer(value: str, cast: Cast) -> None:
    response = request_reset(Client(), value)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Formuläret innehåller fel" in html.unescape(response.content.decode())
    assert mail.outbox == []


@pytest.mark.parametrize("value", list(nasty.TEXT.values()), ids=list(nasty.TEXT))
def test_nasty_new_password_never_500_and_writes_nothing_when_refused(value: str, cast: Cast, client_for: Any) -> None:
    user = cast.user(Role.VIEWER)
    audit = AuditEntry.objects.count()
    response = client_for(Role.VIEWER).post(
        reverse("password_change"), {"old_password": value, "new_password1": value, "new_password2": value}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.count() == audit
