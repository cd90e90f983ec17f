"""Fixes found by the end-to-end registration flow (test_e2e_registration.py), checked with the test client:

- the forms validate on every change (HTMX); a slow answer must not wipe what was entered after it was asked for,
  so the form syncs its requests (a new change replaces one under way) and skips a swap whose values are stale;
- the due list's buttons repeat on every row, so each names its participant and follow-up for screen readers
  (an aria-label that starts with the visible text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from samordna.participants import rules, services
from samordna.participants.models import FollowUp, FollowUpStatus
from samordna.participants.tests.helpers import code, enroll
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"participants:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


@pytest.mark.parametrize("page", ["register-in", "register-out", "edit", "follow-up"])
def test_validating_forms_never_swap_in_stale_values(page: str, cast: Cast, client_for: Clients) -> None:
    enrollment = enroll(cast.a.intervention, code_="EDGE-1", start=dt.date(2024, 1, 10))
    follow_up_id = None
    if page == "follow-up":
        services.register_out(
            acting_user=None, enrollment=enrollment, end_date=dt.date(2024, 6, 30), end_reason=code("end_reason", "1")
        )
        follow_up_id = FollowUp.objects.filter(enrollment=enrollment).first().pk
    kwargs: dict[str, object] = {"intervention": cast.a.intervention.pk}
    if page in ("register-out", "edit"):
        kwargs["pk"] = enrollment.pk
    elif page == "follow-up":
        kwargs["pk"] = follow_up_id
    html = client_for("registrar").get(url(page, cast, **kwargs)).content.decode()
    form = re.search(r"<form [^>]*hx-trigger=\"change\"[^>]*>", html)
    assert form is not None, "the form validates on change"
    assert 'hx-sync="this:replace"' in form.group(0)
    assert 'id="service-form"' in form.group(0)
    # The guard is a static script (the Content-Security-Policy allows no inline script).
    assert '<script src="/static/participants/live-validation.js" defer></script>' in html
    guard_file = finders.find("participants/live-validation.js")
    assert guard_file is not None
    guard = Path(guard_file).read_text(encoding="utf-8")
    guard = guard[guard.index('getElementById("service-form")') :]
    assert "htmx:beforeRequest" in guard and "htmx:beforeSwap" in guard and "shouldSwap = false" in guard


def test_validation_answer_carries_the_values_it_was_asked_about(cast: Cast, client_for: Clients) -> None:
    # The guard compares what was sent with what the form holds; the answer itself echoes the values sent.
    response = client_for("registrar").post(
        url("register-in", cast, intervention=cast.a.intervention.pk),
        {"gender": "kvinna", "birth_year": "1990", "start_date": "2024-02-01", "_validate": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="2024-02-01"' in body and 'value="1990"' in body


def test_due_list_buttons_name_their_participant_and_follow_up(cast: Cast, client_for: Clients) -> None:
    today = dt.date.today()
    first = enroll(cast.a.intervention, code_="EDGE-A1", start=rules.add_months(today, -12))
    second = enroll(cast.a.intervention, code_="EDGE-B1", start=rules.add_months(today, -12))
    for enrollment in (first, second):
        services.register_out(
            acting_user=None,
            enrollment=enrollment,
            end_date=rules.add_months(today, -4),
            end_reason=code("end_reason", "1"),
        )
    registrar = client_for("registrar")
    html = registrar.get(url("due", cast)).content.decode()
    for participant in ("EDGE-A1", "EDGE-B1"):
        for action in ("Registrera uppföljning", "Ej nådd", "Avböjd"):
            named = f'aria-label="{action}: deltagare {participant}, 3 månader"'
            assert html.count(named) == 1, (action, participant)
    three = FollowUp.objects.get(enrollment=first, months_after_end=3)
    response = registrar.post(
        url("follow-up", cast, intervention=cast.a.intervention.pk, pk=three.pk),
        {"status": "not_reached", "next": url("due", cast), "_confirmed": "1"},
    )
    assert response.status_code == 302 and response["Location"] == url("due", cast)
    three.refresh_from_db()
    assert three.status == FollowUpStatus.NOT_REACHED
    html = registrar.get(url("due", cast)).content.decode()
    assert f'id="due-{three.pk}"' not in html and "deltagare EDGE-B1, 3 månader" in html
