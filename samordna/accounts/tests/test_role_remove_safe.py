"""Removing a user's role asks first in the page, and "Ångra" gives the role back for a short while."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from samordna.core import undo
from samordna.core.choices import Role
from samordna.core.models import Membership
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def urls(cast: Cast, user: Any) -> tuple[str, str]:
    kwargs = {"association": cast.a.association.slug, "pk": user.pk}
    return reverse("accounts:user-action", kwargs=kwargs), reverse("accounts:user-detail", kwargs=kwargs)


def roles(cast: Cast, user: Any) -> set[str]:
    return set(Membership.objects.filter(user=user, association=cast.a.association).values_list("role", flat=True))


def test_remove_role_asks_first(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    action, detail = urls(cast, viewer)
    membership = Membership.objects.get(user=viewer, association=cast.a.association, role=Role.VIEWER)
    admin = client_for(Role.ADMIN)
    asked = admin.post(action, {"action": "remove_role", "membership": membership.pk})
    assert asked.status_code == 302 and f"ta-bort-roll={membership.pk}" in asked["Location"]
    assert Role.VIEWER in roles(cast, viewer)  # nothing removed yet
    page = admin.get(asked["Location"]).content.decode()
    assert "Bekräfta" in page and 'name="confirm" value="1"' in page and "Ja, ta bort rollen" in page
    done = admin.post(action, {"action": "remove_role", "membership": membership.pk, "confirm": "1"}, follow=True)
    assert "Rollen är borttagen" in done.content.decode()
    assert Role.VIEWER not in roles(cast, viewer)


def test_a_question_for_another_forbunds_membership_is_not_shown(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    _, detail = urls(cast, viewer)
    foreign = Membership.objects.filter(association=cast.b.association).first()
    assert foreign is not None
    page = client_for(Role.ADMIN).get(f"{detail}?ta-bort-roll={foreign.pk}").content.decode()
    assert "Ja, ta bort rollen" not in page


def test_undo_gives_the_role_back_once(cast: Cast, client_for: Any) -> None:
    viewer = cast.user(Role.VIEWER)
    action, detail = urls(cast, viewer)
    membership = Membership.objects.get(user=viewer, association=cast.a.association, role=Role.VIEWER)
    admin = client_for(Role.ADMIN)
    gone = admin.post(action, {"action": "remove_role", "membership": membership.pk, "confirm": "1"})
    listing = reverse("accounts:user-list", kwargs={"association": cast.a.association.slug})
    assert gone["Location"] == listing  # the viewer's only role here: back to the list, which offers "Ångra"
    assert admin.get(detail).status_code == 404
    assert "togs nyss bort" in admin.get(listing).content.decode()
    back = admin.post(action, {"action": "undo_remove_role", "role": Role.VIEWER}, follow=True)
    assert "Rollen är tillbaka" in back.content.decode()
    assert Role.VIEWER in roles(cast, viewer)
    again = admin.post(action, {"action": "undo_remove_role", "role": Role.VIEWER}, follow=True)
    assert "kan inte längre ångras" in again.content.decode()


def test_undo_after_the_time_or_of_a_role_never_removed_is_refused(
    cast: Cast, client_for: Any, monkeypatch: Any
) -> None:
    viewer = cast.user(Role.VIEWER)
    action, _ = urls(cast, viewer)
    admin = client_for(Role.ADMIN)
    forged = admin.post(action, {"action": "undo_remove_role", "role": Role.ADMIN}, follow=True)
    assert "kan inte längre ångras" in forged.content.decode()
    assert Role.ADMIN not in roles(cast, viewer)
    membership = Membership.objects.get(user=viewer, association=cast.a.association, role=Role.VIEWER)
    admin.post(action, {"action": "remove_role", "membership": membership.pk, "confirm": "1"})
    later = time.time() + undo.UNDO_SECONDS + 1
    monkeypatch.setattr(undo.time, "time", lambda: later)
    late = admin.post(action, {"action": "undo_remove_role", "role": Role.VIEWER})
    assert late.status_code == 404  # the user has no role here any more, and the offer is gone
    assert Role.VIEWER not in roles(cast, viewer)
