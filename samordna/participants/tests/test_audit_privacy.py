"""The audit trail keeps the privacy promise: no participant value in any audit or access-log row.

After a registration, an update, a felregistrering and a prune (gallring) no row holds the code, gender,
birth year or kommun of the participant; the audit page shows only which fields changed; live (HTMX)
validation writes no access-log row; prune leaves no log row pointing at a pruned record.
"""

from __future__ import annotations

import datetime as dt
import getpass
import importlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samordna.core import services as core_services
from samordna.core.audit import record
from samordna.core.models import AccessLogEntry, AuditEntry, Municipality
from samordna.participants import services
from samordna.participants.models import Enrollment, FollowUp, Participant
from samordna.participants.tests.helpers import code
from samordna.participants.tests.test_import import VALID, csv_bytes
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

# Values chosen so that nothing else the cast writes could hold them.
PERSON = {"code": "QZX-4711", "gender": "annat", "birth_year": 1987, "municipality": "0180"}
PRUNED = {"code": "GALL-9031", "gender": "annat", "birth_year": 1979, "municipality": "0180"}


def url(name: str, cast: Cast, **kwargs: object) -> str:
    return reverse(f"participants:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


def json_values(value: Any) -> Iterator[str]:
    """Every value (not key) inside a JSON document, as text."""
    if isinstance(value, dict):
        for item in value.values():
            yield from json_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_values(item)
    elif value is not None:
        yield str(value)


def log_texts(since: tuple[int, int]) -> list[str]:
    """Every value of every audit and access-log row written after `since` (audit id, access id)."""
    texts: list[str] = []
    for entry in AuditEntry.objects.filter(id__gt=since[0]):
        texts += [entry.object_repr, entry.object_id, entry.actor_name, entry.actor_label, entry.object_type]
        texts += list(json_values(entry.changes))
    for access in AccessLogEntry.objects.filter(id__gt=since[1]):
        texts += [access.what, access.object_id, access.user_name]
    return texts


# Object ids are random UUIDs: "1987" or "0180" turns up inside one now and then. Values are looked for with the
# UUIDs taken out (a pk asked for by `pks` is looked for everywhere).
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def assert_no_participant_value(texts: list[str], person: dict[str, Any], pks: list[str] = ()) -> None:
    wanted = [person["code"], person["gender"], str(person["birth_year"]), person["municipality"], "Stockholm"]
    leaks = [(w, t) for t in texts for w in wanted if w and w.lower() in UUID.sub("", t).lower()]
    leaks += [(pk, t) for t in texts for pk in pks if pk and pk.lower() in t.lower()]
    assert not leaks, leaks


def marks() -> tuple[int, int]:
    last_audit = AuditEntry.objects.order_by("-id").first()
    last_access = AccessLogEntry.objects.order_by("-id").first()
    return (last_audit.id if last_audit else 0, last_access.id if last_access else 0)


def register(client: Client, cast: Cast, person: dict[str, Any], start: str) -> Enrollment:
    response = client.post(
        url("register-in", cast, intervention=cast.a.intervention.pk),
        {
            "code": person["code"],
            "gender": person["gender"],
            "birth_year": str(person["birth_year"]),
            "municipality": person["municipality"],
            "start_date": start,
            "support_before": [code("support", "forsorjningsstod").pk],
            "education": code("education", "gymnasium").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Enrollment.objects.get(participant__code=person["code"])


def test_no_log_row_holds_a_participant_value(cast: Cast, client_for: Clients) -> None:
    since = marks()
    registrar = client_for("registrar")
    intervention = cast.a.intervention.pk
    enrollment = register(registrar, cast, PERSON, "2024-02-01")
    participant = enrollment.participant
    assert registrar.get(url("detail", cast, intervention=intervention, pk=enrollment.pk)).status_code == 200
    # An update of the enrollment (through the page) and of the participant (through the service).
    response = registrar.post(
        url("edit", cast, intervention=intervention, pk=enrollment.pk),
        {
            "start_date": "2024-02-02",
            "support_before": [code("support", "sjukpenning").pk],
            "education": code("education", "grundskola").pk,
            "years_in_support_before": "3,5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    services.participant_update(acting_user=cast.user("registrar"), participant=participant, birth_year=1986)
    update = AuditEntry.objects.get(object_type="participants.participant", action="update")
    assert update.changes == {"fields": ["birth_year"]} and update.object_repr == "Deltagare"
    # Felregistrering removes the enrollment and the participant with it.
    response = registrar.post(
        url("register-out", cast, intervention=intervention, pk=enrollment.pk),
        {"end_date": "2024-03-01", "end_reason": code("end_reason", "8").pk, "_confirmed": "1"},
    )
    assert response.status_code == 302
    assert not Participant.objects.filter(code=PERSON["code"]).exists()
    removed = AuditEntry.objects.get(object_type="participants.participant", action="delete")
    assert removed.changes == {} and removed.object_id == str(participant.pk)
    texts = log_texts(since)
    assert len(texts) > 20  # the flow above was really logged
    assert_no_participant_value(texts, {**PERSON, "birth_year": 1986})
    assert_no_participant_value(texts, PERSON)
    # The admin's audit page shows the changed fields' labels, never the values.
    page = client_for("admin").get(reverse("core:audit-list", kwargs={"association": cast.a.association.slug}))
    body = page.content.decode()
    assert "Insatsdeltagande" in body and "Födelseår" in body and "Försörjning före" in body
    for value in (PERSON["code"], "1987", "1986", "Stockholm", "3,5", "3.5"):
        assert value not in UUID.sub("", body)


def test_prune_leaves_nothing_about_the_pruned_in_the_logs(cast: Cast, client_for: Clients) -> None:
    core_services.association_update(acting_user=None, association=cast.a.association, retention_years=1)
    registrar = client_for("registrar")
    intervention = cast.a.intervention.pk
    since = marks()
    old = register(registrar, cast, PRUNED, "2023-02-01")
    response = registrar.post(
        url("register-out", cast, intervention=intervention, pk=old.pk),
        {"end_date": "2023-06-30", "end_reason": code("end_reason", "1").pk, "continued_planning": "true"},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.filter(enrollment=old).first()
    assert registrar.get(url("detail", cast, intervention=intervention, pk=old.pk)).status_code == 200
    assert registrar.get(url("follow-up", cast, intervention=intervention, pk=follow_up.pk)).status_code == 200
    pks = [str(old.pk), str(old.participant_id), str(follow_up.pk)]
    assert AccessLogEntry.objects.filter(object_id=str(old.pk)).exists()
    out = io.StringIO()
    call_command("prune", "--association", cast.a.association.slug, "--apply", "--by", "Gallrings Ansvarig", stdout=out)
    assert "enrollments=1" in out.getvalue()
    assert not Enrollment.objects.filter(pk=old.pk).exists()
    assert_no_participant_value(log_texts(since), PRUNED, pks)
    prune_row = AuditEntry.objects.get(action="delete", object_type="participants.enrollment", object_id="")
    assert prune_row.changes["reason"] == "gallring" and prune_row.changes["log_rows_redacted"] > 0
    assert "Gallrings Ansvarig" in prune_row.actor_label and "OS-användare" in prune_row.actor_label


def test_htmx_validation_writes_no_access_log_row(cast: Cast, client_for: Clients) -> None:
    registrar = client_for("registrar")
    intervention = cast.a.intervention.pk
    enrollment = register(registrar, cast, PERSON, "2024-02-01")
    before = AccessLogEntry.objects.count()
    data = {"code": "", "gender": "kvinna", "birth_year": "1990", "municipality": "1980", "_validate": "1"}
    for _ in range(3):
        response = registrar.post(url("register-in", cast, intervention=intervention), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    edit = url("edit", cast, intervention=intervention, pk=enrollment.pk)
    response = registrar.post(edit, {"start_date": "2024-02-03", "_validate": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert AccessLogEntry.objects.count() == before
    # A real view of the same page is logged.
    assert registrar.get(edit).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    assert AccessLogEntry.objects.order_by("-id").first().object_id == str(enrollment.pk)


def test_services_never_record_values_whatever_the_caller_passes(cast: Cast) -> None:
    enrollment = services.register_in(
        acting_user=None,
        intervention=cast.a.intervention,
        code=PERSON["code"],
        gender=PERSON["gender"],
        birth_year=PERSON["birth_year"],
        municipality=Municipality.objects.get(code="0180"),
        start_date=dt.date(2024, 2, 1),
    )
    since = marks()
    entry = record(
        acting_user=None,
        association=cast.a.association,
        action="other",
        obj=enrollment.participant,
        changes={"code": [PERSON["code"], "NY-KOD-1"]},
    )
    assert entry.changes == {"fields": ["code"]} and entry.object_repr == "Deltagare"
    assert_no_participant_value(log_texts(since), PERSON)


def test_cli_import_names_the_os_user_and_by(cast: Cast, tmp_path: Path, client_for: Clients) -> None:
    path = tmp_path / "deltagare.csv"
    path.write_bytes(csv_bytes(VALID))
    since = marks()
    by = "Anna\x00 Berg\x1b[31m"  # control characters from a terminal are dropped, not stored
    call_command("import_participants", "--association", "alfa", "--by", by, str(path), stdout=io.StringIO())
    entry = AuditEntry.objects.get(action="import", object_type="participants.enrollment")
    assert entry.actor is None and entry.actor_name == "system"
    assert f"OS-användare: {getpass.getuser()}" in entry.actor_label
    assert "--by: Anna Berg [31m)" in entry.actor_label and "\x00" not in entry.actor_label
    body = client_for("admin").get(reverse("core:audit-list", kwargs={"association": "alfa"})).content.decode()
    assert f"OS-användare: {getpass.getuser()}" in body and "Anna Berg" in body
    # The imported participants' codes are nowhere in the logs either.
    assert not [t for t in log_texts(since) if "AB-00" in t]


def test_migration_redacts_rows_written_before(cast: Cast) -> None:
    from django.apps import apps

    migration = importlib.import_module("samordna.core.migrations.0004_audit_actor_label")
    old = AuditEntry.objects.create(
        association=cast.a.association,
        actor_name="system",
        action="create",
        object_type="participants.participant",
        object_id="0b7d",
        object_repr=PERSON["code"],
        changes={"code": PERSON["code"], "gender": PERSON["gender"], "birth_year": PERSON["birth_year"]},
    )
    bulk = AuditEntry.objects.create(
        association=cast.a.association,
        actor_name="system",
        action="import",
        object_type="participants.enrollment",
        changes={"enrollments_created": 4},
    )
    migration.redact_participant_rows(apps, None)
    old.refresh_from_db()
    bulk.refresh_from_db()
    assert (old.object_repr, old.changes) == ("Deltagare", {"fields": ["birth_year", "code", "gender"]})
    assert bulk.changes == {"enrollments_created": 4}
