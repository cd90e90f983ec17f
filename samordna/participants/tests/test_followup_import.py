"""Import of follow-ups (docs/contracts.md "Follow-ups CSV"): the command and the upload page.

All or nothing, every problem with its row and column, idempotent (a second import writes nothing and leaves no
audit row), a changed file updates, one audit row with counts only; the page is the registrar's, for their own
insatser, and never an oracle on a participant code.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.participants import services
from samordna.participants.followup_import import not_found_message
from samordna.participants.models import Enrollment, FollowUp, FollowUpSchedule
from samordna.participants.tests.helpers import code, enroll
from samordna.testing import nasty
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]

HEADER = "participant,intervention,start_date,months,date,status,occupation,support"
VALID = [
    "UF-001,1063,2024-01-10,3,2024-10-02,done,arbete,lon|sjukpenning",
    "UF-001,1063,2024-01-10,6,2025-01-15,not_reached,,",
    "UF-001,1063,2024-01-10,24,2026-07-01,declined,,",  # off the schedule (3, 6, 12): created
]


def csv_bytes(lines: list[str], header: str = HEADER, delimiter: str = ",") -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    return ("\ufeff" + text.replace(",", delimiter)).encode()


def make_ended(cast: Cast) -> Enrollment:
    """UF-001 in 1063 (the registrar's insats), 2024-01-10 to 2024-06-30: follow-ups 3, 6, 12 pending."""
    return enroll(
        cast.a.intervention,
        code_="UF-001",
        end_date=dt.date(2024, 6, 30),
        end_reason=code("end_reason", "1"),
    )


@pytest.fixture
def ended(cast: Cast) -> Enrollment:
    """UF-001, ended (make_ended)."""
    return make_ended(cast)


def state() -> list[tuple[Any, ...]]:
    rows = []
    for f in FollowUp.objects.order_by("enrollment_id", "months_after_end"):
        support = sorted(f.support.values_list("code", flat=True))
        rows.append((f.enrollment_id, f.months_after_end, f.due_date, f.status, f.done_on, f.occupation_id, support))
    return rows


def counts() -> tuple[int, int, int]:
    return FollowUp.objects.count(), FollowUp.support.through.objects.count(), AuditEntry.objects.count()


def run(tmp_path: Path, data: bytes, capsys: Any, name: str = "uppfoljningar.csv", *extra: str) -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("import_followups", "--association", "alfa", *extra, str(path), stdout=out)
    except CommandError as error:
        return error.returncode, capsys.readouterr().err
    return 0, out.getvalue()


def test_command_imports_and_a_second_import_changes_nothing(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any
) -> None:
    assert FollowUp.objects.filter(enrollment=ended).count() == 3
    code_, out = run(tmp_path, csv_bytes(VALID, delimiter=";"), capsys)
    assert code_ == 0, out
    assert "follow_ups_created=1" in out and "follow_ups_updated=2" in out
    three = FollowUp.objects.get(enrollment=ended, months_after_end=3)
    assert (three.status, three.done_on, three.occupation.code) == ("done", dt.date(2024, 10, 2), "arbete")
    assert sorted(three.support.values_list("code", flat=True)) == ["lon", "sjukpenning"]
    six = FollowUp.objects.get(enrollment=ended, months_after_end=6)
    assert (six.status, six.done_on, six.occupation, list(six.support.all())) == (
        "not_reached",
        dt.date(2025, 1, 15),
        None,
        [],
    )
    extra = FollowUp.objects.get(enrollment=ended, months_after_end=24)
    assert extra.due_date == dt.date(2026, 6, 30) and extra.status == "declined"
    assert extra.intervention_id == ended.intervention_id and extra.association_id == ended.association_id
    assert FollowUp.objects.get(enrollment=ended, months_after_end=12).status == "pending"
    imports = AuditEntry.objects.filter(action="import", object_type="participants.followup")
    assert imports.count() == 1
    assert imports.get().changes == {
        "rows": 3,
        "follow_ups_created": 1,
        "follow_ups_updated": 2,
        "follow_ups_unchanged": 0,
    }
    before, audit = state(), AuditEntry.objects.count()
    code_, out = run(tmp_path, csv_bytes(VALID, delimiter=";"), capsys)
    assert code_ == 0 and "follow_ups_unchanged=3" in out, out
    assert state() == before
    assert AuditEntry.objects.count() == audit  # nothing written, so no audit row either


def test_a_second_file_with_other_values_updates(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any) -> None:
    assert run(tmp_path, csv_bytes(VALID), capsys)[0] == 0
    changed = [
        "UF-001,1063,2024-01-10,3,2024-10-03,done,studier,forsorjningsstod",
        "UF-001,1063,2024-01-10,6,2025-01-15,done,arbete,",
        VALID[2].replace("declined", "not_reached"),
    ]
    code_, out = run(tmp_path, csv_bytes(changed), capsys)
    assert code_ == 0 and "follow_ups_updated=3" in out, out
    three = FollowUp.objects.get(enrollment=ended, months_after_end=3)
    assert (three.done_on, three.occupation.code) == (dt.date(2024, 10, 3), "studier")
    assert list(three.support.values_list("code", flat=True)) == ["forsorjningsstod"]
    six = FollowUp.objects.get(enrollment=ended, months_after_end=6)
    assert (six.status, six.occupation.code, six.support.count()) == ("done", "arbete", 0)
    assert FollowUp.objects.get(enrollment=ended, months_after_end=24).status == "not_reached"
    assert FollowUp.objects.filter(enrollment=ended).count() == 4
    # Back to "not reached": the outcome of the earlier "done" goes, as follow_up_record does.
    code_, out = run(tmp_path, csv_bytes(["UF-001,1063,2024-01-10,3,2024-10-03,not_reached,,"]), capsys)
    assert code_ == 0, out
    three.refresh_from_db()
    assert (three.status, three.occupation, three.support.count()) == ("not_reached", None, 0)
    assert AuditEntry.objects.filter(action="import", object_type="participants.followup").count() == 3


def test_xlsx_first_sheet_and_swedish_labels(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any) -> None:
    data = nasty.xlsx_from_rows(
        [
            ["Deltagarkod", "Insats", "Startdatum", "Månader efter avslut", "Datum", "Status", "Sysselsättning"],
            ["UF-001", 1063, dt.date(2024, 1, 10), 3, dt.datetime(2024, 10, 2), "Genomförd", "Arbete"],
        ]
    )
    code_, out = run(tmp_path, data, capsys, "uppfoljningar.xlsx")
    assert code_ == 0, out
    three = FollowUp.objects.get(enrollment=ended, months_after_end=3)
    assert (three.status, three.done_on, three.occupation.code) == ("done", dt.date(2024, 10, 2), "arbete")


def test_the_schedule_of_the_insats_gives_the_due_date_of_a_new_point(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any
) -> None:
    FollowUpSchedule.objects.create(intervention=cast.a.intervention, months=[3, 6, 12])
    code_, out = run(tmp_path, csv_bytes(["UF-001,1063,2024-01-10,8,2025-03-01,done,ingen,"]), capsys)
    assert code_ == 0, out
    assert FollowUp.objects.get(enrollment=ended, months_after_end=8).due_date == dt.date(2025, 2, 28)


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


REFUSED: dict[str, tuple[list[str], str, int, str, str]] = {
    # name: (rows, header, row, column, part of the message)
    "missing column": (["UF-001,1063,2024-01-10,3,2024-10-02"], HEADER.replace(",status", ""), 1, "status", "saknas"),
    "unknown column": ([VALID[0] + ",x"], HEADER + ",kommentar", 1, "kommentar", "Okänd kolumn"),
    "identifier column": ([VALID[0] + ",x"], HEADER + ",namn", 1, "namn", "personuppgifter"),
    "unknown status": ([VALID[0].replace("done", "klar")], HEADER, 2, "status", "Okänd status"),
    "done without its outcome": (["UF-001,1063,2024-01-10,3,2024-10-02,done,,lon"], HEADER, 2, "occupation", "saknas"),
    "pending status": ([VALID[1].replace("not_reached", "pending")], HEADER, 2, "status", "Okänd status"),
    "months not a number": ([VALID[0].replace(",3,", ",tre,")], HEADER, 2, "months", "heltal"),
    "months zero": ([VALID[0].replace(",3,", ",0,")], HEADER, 2, "months", "heltal"),
    "months over 60": ([VALID[0].replace(",3,", ",61,")], HEADER, 2, "months", "heltal"),
    "months decimal": ([VALID[0].replace(",3,", ",3.5,")], HEADER, 2, "months", "heltal"),
    "bad date": ([VALID[0].replace("2024-10-02", "2024-13-02")], HEADER, 2, "date", "datum"),
    "future date": ([VALID[0].replace("2024-10-02", "FUTURE")], HEADER, 2, "date", "framtiden"),
    "date before the end": ([VALID[0].replace("2024-10-02", "2024-06-29")], HEADER, 2, "date", "slutdatum"),
    "unknown occupation": ([VALID[0].replace("arbete", "astronaut")], HEADER, 2, "occupation", "Okänd kod"),
    "occupation of another list": ([VALID[0].replace(",arbete,", ",lon,")], HEADER, 2, "occupation", "Okänd kod"),
    "unknown support": ([VALID[0].replace("lon|", "lon|guld|")], HEADER, 2, "support", "Okänd kod"),
    "occupation when not done": ([VALID[1].replace(",,", ",arbete,")], HEADER, 2, "occupation", "genomförd"),
    "support when declined": ([VALID[2].replace(",,", ",,lon")], HEADER, 2, "support", "genomförd"),
    "duplicate": ([VALID[0], VALID[0].replace("2024-10-02", "2024-10-05")], HEADER, 3, "months", "Dubblett"),
    "unknown insats": ([VALID[0].replace("1063", "9999")], HEADER, 2, "intervention", "Okänd insats"),
    "unknown code": ([VALID[0].replace("UF-001", "UF-404")], HEADER, 2, "participant", "hittades inte"),
    "other start date": ([VALID[0].replace("2024-01-10", "2024-01-11")], HEADER, 2, "participant", "hittades inte"),
    "not ended": (
        [VALID[0].replace("UF-001,1063,2024-01-10", "UF-002,1063,2024-03-01")],
        HEADER,
        2,
        "participant",
        "inte avslutats",
    ),
    "personnummer": ([VALID[0].replace("UF-001", nasty.personnummer())], HEADER, 2, "participant", "personnummer"),
    "personnummer header": ([VALID[0] + ",x"], HEADER + "," + nasty.personnummer(), 1, "9", "personnummer"),
    "value beyond the header": ([VALID[0] + ",x"], HEADER, 2, "9", "utanför"),
    "no rows": ([], HEADER, 2, "", "inga rader"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refusal_names_row_and_column_and_writes_nothing(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any, name: str
) -> None:
    enroll(cast.a.intervention, code_="UF-002", start=dt.date(2024, 3, 1))  # still running
    rows, header, row, column, message = REFUSED[name]
    rows = [r.replace("FUTURE", _future()) for r in rows]
    # A valid row first: a file with one bad row writes nothing at all.
    lines = rows if name in ("duplicate", "no rows") or row == 1 else [VALID[1], *rows]
    if row != 1 and name not in ("duplicate", "no rows"):
        row += 1
    before, snapshot = counts(), state()
    code_, err = run(tmp_path, csv_bytes(lines, header=header), capsys)
    assert code_ == 1, err
    where = f"rad {row}, kolumn {column}:" if column else f"rad {row}:"
    assert any(where in line and message in line for line in err.splitlines()), err
    assert "Traceback" not in err and "uppfoljningar.csv: " in err and nasty.personnummer() not in err
    assert counts() == before and state() == snapshot


def test_every_problem_is_listed_at_once(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any) -> None:
    lines = [
        VALID[0].replace("done", "klar"),
        VALID[1].replace("2024-01-10", "2024-01-11"),
        VALID[2].replace(",24,", ",99,"),
    ]
    code_, err = run(tmp_path, csv_bytes(lines), capsys)
    assert code_ == 1
    assert "rad 2, kolumn status" in err and "rad 3, kolumn participant" in err and "rad 4, kolumn months" in err


def test_at_most_a_hundred_problems_then_the_count(cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any) -> None:
    bad = VALID[1].replace("not_reached", "okänd").split(",")
    data = b"".join(nasty.many_bad_rows(HEADER.split(","), bad, count=20_000))
    code_, err = run(tmp_path, data, capsys)
    assert code_ == 1
    assert len([line for line in err.splitlines() if "kolumn status" in line]) == 100
    assert "… och 19900 problem till" in err
    assert FollowUp.objects.filter(status="pending").count() == 3


def test_by_is_recorded_and_the_audit_row_holds_counts_only(
    cast: Cast, ended: Enrollment, tmp_path: Path, capsys: Any
) -> None:
    since = AuditEntry.objects.order_by("-id").first().id
    assert run(tmp_path, csv_bytes(VALID), capsys, "uppfoljningar.csv", "--by", "Anna Berg")[0] == 0
    entry = AuditEntry.objects.get(id__gt=since)
    assert entry.actor is None and entry.actor_name == "system" and "--by: Anna Berg" in entry.actor_label
    texts = [entry.object_repr, entry.object_id, *map(str, entry.changes.values())]
    for value in ("UF-001", "2024", "2025", "2026", "arbete", "lon", "sjukpenning", "done", "declined", "not_reached"):
        assert not [t for t in texts if value in t], (value, texts)
    assert set(entry.changes) == {"rows", "follow_ups_created", "follow_ups_updated", "follow_ups_unchanged"}
    assert all(isinstance(v, int) for v in entry.changes.values())


def test_unknown_association_and_missing_file(cast: Cast, tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(CommandError):
        call_command("import_followups", "--association", "gamma", str(tmp_path / "x.csv"), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_followups", "--association", "alfa", str(tmp_path / "x.csv"), stdout=io.StringIO())
    assert "x.csv" in capsys.readouterr().err


# The upload page.


def page(cast: Cast, slug: str = "alfa") -> str:
    return reverse("participants:followup-import", kwargs={"association": slug})


def upload(client: Client, url: str, data: bytes, name: str = "u.csv", **extra: Any) -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, **extra)


def test_page_imports_for_the_registrar(cast: Cast, ended: Enrollment, client_for: Clients) -> None:
    client = client_for(Role.REGISTRAR)
    response = client.get(page(cast))
    assert response.status_code == 200 and "Importera uppföljningar" in response.content.decode()
    response = upload(client, page(cast), csv_bytes(VALID))
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert "1 nya uppföljningar, 2 ändrade, 0 oförändrade" in response.content.decode()
    assert FollowUp.objects.get(enrollment=ended, months_after_end=3).status == "done"
    entry = AuditEntry.objects.get(action="import", object_type="participants.followup")
    assert entry.actor == cast.user(Role.REGISTRAR)
    response = upload(client, page(cast), csv_bytes(VALID), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "0 nya uppföljningar, 0 ändrade, 3 oförändrade" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_page_lists_the_problems_and_writes_nothing(cast: Cast, ended: Enrollment, client_for: Clients) -> None:
    before = counts()
    response = upload(client_for(Role.REGISTRAR), page(cast), csv_bytes([VALID[0], VALID[1].replace(",6,", ",x,")]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ingenting sparades" in body and 'id="import-problems"' in body and "heltal" in body
    assert counts() == before


def test_the_two_role_user_may_import(cast: Cast, ended: Enrollment, client_for: Clients) -> None:
    response = upload(client_for("manager_registrar"), page(cast), csv_bytes(VALID))
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert FollowUp.objects.filter(enrollment=ended, status="done").count() == 1


@pytest.mark.parametrize("user", [Role.ADMIN, Role.VIEWER, Role.INTERVENTION_MANAGER, "admin_viewer"], ids=str)
def test_other_roles_are_refused(cast: Cast, ended: Enrollment, client_for: Clients, user: str) -> None:
    client = client_for(user)
    before = counts()
    assert client.get(page(cast)).status_code == 403
    assert upload(client, page(cast), csv_bytes(VALID)).status_code == 403
    assert counts() == before


def test_another_forbund_answers_404(cast: Cast, ended: Enrollment, client_for: Clients) -> None:
    before = counts()
    for user in ("admin_b", Role.REGISTRAR, "outsider"):
        client = client_for(user)
        slug = "alfa" if user == "admin_b" or user == "outsider" else "beta"
        assert client.get(page(cast, slug)).status_code == 404, user
        assert upload(client, page(cast, slug), csv_bytes(VALID)).status_code == 404, user
    assert counts() == before


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    response = Client().get(page(cast))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_the_registrars_pages_link_to_it(cast: Cast, client_for: Clients) -> None:
    client, url = client_for(Role.REGISTRAR), page(cast)
    for name in ("participants:home", "participants:due"):
        body = client.get(reverse(name, kwargs={"association": "alfa"})).content.decode()
        assert f'href="{url}"' in body, name


# No oracle: the page may not tell whether a participant code exists.


@pytest.fixture
def foreign(cast: Cast) -> Enrollment:
    """QRV-5528, ended, in 1064 only: the registrar (assigned to 1063) cannot see it."""
    return services.register_in(
        acting_user=None,
        intervention=cast.a.other_intervention,
        code="QRV-5528",
        gender="annat",
        birth_year=1957,
        municipality=ended_municipality(),
        start_date=dt.date(2024, 1, 10),
        end_date=dt.date(2024, 6, 30),
        end_reason=code("end_reason", "1"),
    )


def ended_municipality() -> Any:
    from samordna.core.models import Municipality

    return Municipality.objects.get(code="0180")


def _messages(response: Any) -> list[str]:
    import re

    return re.findall(r'<td class="num">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>', response.content.decode())


def test_a_foreign_code_and_an_unknown_code_answer_alike(
    cast: Cast, ended: Enrollment, foreign: Enrollment, client_for: Clients
) -> None:
    client = client_for(Role.REGISTRAR)
    before = counts()
    known = upload(client, page(cast), csv_bytes([VALID[0].replace("UF-001", "QRV-5528")]))
    unknown = upload(client, page(cast), csv_bytes([VALID[0].replace("UF-001", "QRV-5529")]))
    wrong_start = upload(client, page(cast), csv_bytes([VALID[0].replace("2024-01-10", "2024-01-11")]))
    assert known.status_code == unknown.status_code == wrong_start.status_code == 400
    assert _messages(known) == _messages(unknown) == _messages(wrong_start)
    assert _messages(known) == [("2", "participant", not_found_message())]
    # A row of the other insats is refused on the insats alone, whether the code exists there or not.
    other = upload(client, page(cast), csv_bytes([VALID[0].replace("UF-001,1063", "QRV-5528,1064")]))
    nobody = upload(client, page(cast), csv_bytes([VALID[0].replace("UF-001,1063", "QRV-5529,1064")]))
    assert (
        _messages(other) == _messages(nobody) == [("2", "intervention", "Du är inte deltagaransvarig för insats 1064.")]
    )
    assert counts() == before
    assert FollowUp.objects.filter(enrollment=foreign, status="pending").count() == 3


def test_the_command_line_sees_every_insats(cast: Cast, foreign: Enrollment, tmp_path: Path, capsys: Any) -> None:
    line = "QRV-5528,1064,2024-01-10,3,2024-10-02,done,arbete,"
    assert run(tmp_path, csv_bytes([line]), capsys)[0] == 0
    assert FollowUp.objects.get(enrollment=foreign, months_after_end=3).status == "done"


def test_the_page_leaves_no_participant_value_in_the_logs(cast: Cast, client_for: Clients) -> None:
    from samordna.core.models import Municipality
    from samordna.participants.tests.test_audit_privacy import PERSON, assert_no_participant_value, log_texts, marks

    enrollment = services.register_in(
        acting_user=None,
        intervention=cast.a.intervention,
        code=PERSON["code"],
        gender=PERSON["gender"],
        birth_year=PERSON["birth_year"],
        municipality=Municipality.objects.get(code=PERSON["municipality"]),
        start_date=dt.date(2024, 1, 10),
        end_date=dt.date(2024, 6, 30),
        end_reason=code("end_reason", "1"),
    )
    since = marks()
    line = f"{PERSON['code']},1063,2024-01-10,3,2024-10-02,done,arbete,lon"
    response = upload(client_for(Role.REGISTRAR), page(cast), csv_bytes([line]))
    assert response.status_code == 200, response.content.decode()[-2000:]
    follow_up = FollowUp.objects.get(enrollment=enrollment, months_after_end=3)
    texts = log_texts(since)
    assert texts, "the import writes its audit row"
    assert_no_participant_value(texts, PERSON, pks=[str(enrollment.pk), str(follow_up.pk)])
    assert not [t for t in texts if "arbete" in t or "2024-10-02" in t or t == "lon"]


def test_another_import_running_refuses_and_writes_nothing(cast: Cast, ended: Enrollment) -> None:
    from contextlib import AbstractContextManager, contextmanager

    from django.db import connection

    from samordna.core.imports import ImportFailed
    from samordna.participants.followup_import_services import follow_ups_import
    from samordna.participants.importer.lock import ADVISORY_NAMESPACE, import_lock

    @contextmanager
    def held_elsewhere() -> Any:
        """The förbund's advisory lock, held by another session (PostgreSQL)."""
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        other = psycopg.connect(
            **{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")}
        )
        try:
            other.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_NAMESPACE, cast.a.association.pk])
            yield
        finally:
            other.close()

    lock: AbstractContextManager[Any] = (
        import_lock(cast.a.association) if connection.vendor == "sqlite" else held_elsewhere()
    )
    before = counts()
    with lock, pytest.raises(ImportFailed) as refused:
        follow_ups_import(acting_user=None, association=cast.a.association, data=csv_bytes(VALID))
    assert "En annan import pågår" in refused.value.lines()[0] and "rad 1" in refused.value.lines()[0]
    assert counts() == before


def test_page_lists_a_hundred_problems_and_the_count(cast: Cast, ended: Enrollment, client_for: Clients) -> None:
    bad = VALID[1].replace("not_reached", "okänd").split(",")
    data = b"".join(nasty.many_bad_rows(HEADER.split(","), bad, count=20_000))
    response = upload(client_for(Role.REGISTRAR), page(cast), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert len(_messages(response)) == 100 and "… och 19900 problem till" in body and "20000 fel" in body
