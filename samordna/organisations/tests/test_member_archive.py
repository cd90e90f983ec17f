"""A member that leaves the förbund is archived (asked first, with the date) and can be brought back (#17 item 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.organisations.models import Member
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"organisations:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def test_a_member_is_archived_after_a_question_and_brought_back(cast: Cast, client_for: Any) -> None:
    admin, fk = client_for(Role.ADMIN), cast.a.fk
    page = admin.get(url(cast, "member-leave", pk=fk.pk)).content.decode()
    assert "Har Försäkringskassan lämnat förbundet?" in page
    assert Member.objects.get(pk=fk.pk).left_on is None  # asking changed nothing
    response = admin.post(url(cast, "member-leave", pk=fk.pk), {"left_on": "2025-12-31"})
    assert response.status_code == 302
    assert "arkiverad" in admin.get(response["Location"]).content.decode()
    assert Member.objects.get(pk=fk.pk).left_on == dt.date(2025, 12, 31)
    assert "Försäkringskassan" not in admin.get(url(cast, "member-list")).content.decode()
    assert "Försäkringskassan" in admin.get(url(cast, "member-list") + "?visa=utradda").content.decode()
    before = AuditEntry.objects.count()
    assert admin.post(url(cast, "member-rejoin", pk=fk.pk)).status_code == 302
    assert Member.objects.get(pk=fk.pk).left_on is None and AuditEntry.objects.count() == before + 1
    assert "Försäkringskassan" in admin.get(url(cast, "member-list")).content.decode()


@pytest.mark.parametrize("bad", ["", "2025-02-30", "31.12.2025", "\x00"])
def test_a_bad_date_is_refused_and_nothing_changes(cast: Cast, client_for: Any, bad: str) -> None:
    response = client_for(Role.ADMIN).post(url(cast, "member-leave", pk=cast.a.fk.pk), {"left_on": bad})
    assert response.status_code == 400 and "Formuläret innehåller fel" in response.content.decode()
    assert Member.objects.get(pk=cast.a.fk.pk).left_on is None


def test_only_admins_archive_members(cast: Cast, client_for: Any) -> None:
    for role in (Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        assert (
            client_for(role).post(url(cast, "member-leave", pk=cast.a.fk.pk), {"left_on": "2025-01-01"}).status_code
            == 403
        )
    assert client_for("admin_b").post(url(cast, "member-rejoin", pk=cast.a.fk.pk)).status_code == 404
    assert Member.objects.get(pk=cast.a.fk.pk).left_on is None
