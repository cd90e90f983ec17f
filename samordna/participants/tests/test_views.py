"""Participant pages: registrar-only, logged, Swedish refusals on the field, HTMX validation saves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samordna.core.models import AccessLogEntry, CodeListEntry
from samordna.interventions import services as intervention_services
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.helpers import code, enroll
from samordna.participants.tests.test_import import VALID, csv_bytes
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"participants:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def test_list_is_logged_and_other_insats_is_404(cast: Cast, client_for: Clients) -> None:
    enroll(cast.a.intervention, code_="SYN-1")
    enroll(cast.a.other_intervention, code_="SYN-2")
    registrar = client_for("registrar")
    response = registrar.get(url("list", cast, intervention=cast.a.intervention.pk))
    assert response.status_code == 200
    assert b"SYN-1" in response.content and b"SYN-2" not in response.content
    entry = AccessLogEntry.objects.get(what="participants.enrollment_list")
    assert entry.user == cast.user("registrar") and entry.count == 1
    assert registrar.get(url("list", cast, intervention=cast.a.other_intervention.pk)).status_code == 404
    other = Enrollment.objects.get(participant__code="SYN-2")
    assert registrar.get(url("detail", cast, intervention=cast.a.intervention.pk, pk=other.pk)).status_code == 404
    for role in ("admin", "viewer", "intervention_manager", "admin_viewer"):
        assert client_for(role).get(url("list", cast, intervention=cast.a.intervention.pk)).status_code == 403
    # insatsansvarig + deltagaransvarig of the insats: a registrar here, each enrollment listed once
    single = registrar.get(url("list", cast, intervention=cast.a.intervention.pk)).content.count(b"SYN-1")
    both = client_for("manager_registrar").get(url("list", cast, intervention=cast.a.intervention.pk))
    assert both.status_code == 200 and both.content.count(b"SYN-1") == single >= 1


def test_search_and_filters(cast: Cast, client_for: Clients) -> None:
    enroll(cast.a.intervention, code_="AKTIV-1")
    enroll(cast.a.intervention, code_="SLUT-1", end_date=dt.date(2024, 3, 1), end_reason=code("end_reason", "2"))
    registrar = client_for("registrar")
    base = url("list", cast, intervention=cast.a.intervention.pk)
    assert b"SLUT-1" not in registrar.get(base, {"state": "active"}).content
    assert b"AKTIV-1" not in registrar.get(base, {"state": "ended"}).content
    found = registrar.get(base, {"q": "akt"}).content
    assert b"AKTIV-1" in found and b"SLUT-1" not in found
    # follow-ups 3, 6 and 12 months after 2024-03-01 are all overdue by now
    assert b"SLUT-1" in registrar.get(base, {"state": "due"}).content


def test_access_ends_with_the_assignment(cast: Cast, client_for: Clients) -> None:
    assignment = cast.a.intervention.assignments.get(membership__user=cast.user("registrar"))
    intervention_services.assignment_end(
        acting_user=None, assignment=assignment, on=dt.date.today() - dt.timedelta(days=1)
    )
    assert client_for("registrar").get(url("list", cast, intervention=cast.a.intervention.pk)).status_code == 404


def register_in_data(**overrides: object) -> dict[str, object]:
    data = {
        "code": "",
        "gender": "kvinna",
        "birth_year": "1990",
        "municipality": "1980",
        "start_date": "2024-02-01",
        "support_before": [code("support", "forsorjningsstod").pk],
        "education": code("education", "gymnasium").pk,
        "years_in_support_before": "2,5",
    }
    data.update(overrides)
    return data


def test_register_in_out_follow_up_and_due_list(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    intervention = cast.a.intervention.pk
    response = registrar.post(url("register-in", cast, intervention=intervention), register_in_data())
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert response["Location"] == url("detail", cast, intervention=intervention, pk=enrollment.pk)
    assert len(enrollment.participant.code) == 7
    ended = dt.date.today().replace(day=1) - dt.timedelta(days=95)
    response = registrar.post(
        url("register-out", cast, intervention=intervention, pk=enrollment.pk),
        {
            "end_date": ended.isoformat(),
            "end_reason": code("end_reason", "1").pk,
            "occupation_after": code("occupation", "arbete").pk,
            "continued_planning": "true",
        },
    )
    assert response.status_code == 302
    assert FollowUp.objects.filter(enrollment=enrollment).count() == 3
    due = registrar.get(url("due", cast))
    assert due.status_code == 200
    three = FollowUp.objects.get(enrollment=enrollment, months_after_end=3)
    assert f'id="due-{three.pk}"'.encode() in due.content
    response = registrar.post(
        url("follow-up", cast, intervention=intervention, pk=three.pk),
        {"status": "done", "occupation": code("occupation", "arbete").pk, "next": url("due", cast)},
    )
    assert response.status_code == 302 and response["Location"] == url("due", cast)
    assert f'id="due-{three.pk}"'.encode() not in registrar.get(url("due", cast)).content


def test_refusal_is_on_the_field_in_swedish(cast: Cast, client_for: Clients) -> None:
    response = client_for("registrar").post(
        url("register-in", cast, intervention=cast.a.intervention.pk), register_in_data(birth_year="2015")
    )
    assert response.status_code == 400
    assert "15–70 år" in str(response.context["form"].errors["birth_year"])
    assert not Participant.objects.exists()


def test_htmx_validation_checks_rules_and_saves_nothing(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    target = url("register-in", cast, intervention=cast.a.intervention.pk)
    response = registrar.post(
        target, {**register_in_data(start_date="2019-01-01"), "_validate": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "före insatsens start" in str(response.context["form"].errors["start_date"])
    ok = registrar.post(target, {**register_in_data(), "_validate": "1"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and not ok.context["form"].errors
    partial = registrar.post(target, {"gender": "kvinna", "_validate": "1"}, HTTP_HX_REQUEST="true")
    assert "start_date" not in partial.context["form"].errors  # untouched fields are not flagged yet
    assert not Participant.objects.exists() and not Enrollment.objects.exists()


def test_felregistrering_from_edit_removes(cast: Cast, client_for: Clients) -> None:
    enrollment = enroll(cast.a.intervention)
    response = client_for("registrar").post(
        url("register-out", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk),
        {"end_date": "2024-02-01", "end_reason": code("end_reason", "8").pk, "_confirmed": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("list", cast, intervention=cast.a.intervention.pk)
    assert not Enrollment.objects.exists() and not Participant.objects.exists()


def test_end_reason_help_texts_shown(cast: Cast, client_for: Clients) -> None:
    enrollment = enroll(cast.a.intervention)
    page = (
        client_for("registrar")
        .get(url("register-out", cast, intervention=cast.a.intervention.pk, pk=enrollment.pk))
        .content.decode()
    )
    assert CodeListEntry.objects.get(list="end_reason", code="6").help_text in page
    assert "Dagen deltagaren skrevs ut." in page


def test_counts_page(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    target = url("counts", cast, intervention=cast.a.intervention.pk)
    assert registrar.post(target, {"year": 2024, "women": 3, "men": 2, "other": 0}).status_code == 302
    assert registrar.post(target, {"year": 2024, "women": 4, "men": 2, "other": 1}).status_code == 302
    assert cast.a.intervention.anonymous_counts.get(year=2024).women == 4
    assert b"2024" in registrar.get(target).content


def test_upload_page_shows_errors_table_and_imports(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    bad = SimpleUploadedFile("d.csv", csv_bytes([VALID[0], VALID[2]]))
    response = registrar.post(url("import", cast), {"file": bad})
    # VALID[2] names insats 1064, which this registrar is not assigned to
    assert response.status_code == 400
    assert b'id="import-problems"' in response.content and "deltagaransvarig" in response.content.decode()
    assert not Enrollment.objects.exists()
    good = SimpleUploadedFile("d.csv", csv_bytes([VALID[0], VALID[1]]))
    response = registrar.post(url("import", cast), {"file": good}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Importen är klar" in response.content.decode()
    assert Enrollment.objects.count() == 2
    template = registrar.get(url("import-template", cast))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_navigation_for_registrar_only(cast: Cast, client_for: Clients) -> None:
    home = reverse("core:dashboard", kwargs={"association": cast.a.association.slug})
    assert url("due", cast).encode() in client_for("registrar").get(home).content
    assert url("due", cast).encode() not in client_for("admin").get(home).content


def test_schedule_set_by_insatsansvarig_applies_to_new_ends(cast: Cast, client_for: Clients) -> None:
    target = url("schedule", cast, intervention=cast.a.intervention.pk)
    manager = client_for("intervention_manager")
    assert b"3, 6, 12" in manager.get(target).content
    assert manager.post(target, {"months": "abc"}).status_code == 400
    assert manager.post(target, {"months": "6, 24"}).status_code == 302
    assert client_for("registrar").get(target).status_code == 403
    assert manager.get(url("schedule", cast, intervention=cast.a.other_intervention.pk)).status_code == 404
    enrollment = enroll(cast.a.intervention, end_date=dt.date(2024, 6, 30), end_reason=code("end_reason", "1"))
    assert sorted(enrollment.follow_ups.values_list("months_after_end", flat=True)) == [6, 24]
