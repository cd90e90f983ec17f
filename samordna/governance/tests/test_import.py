"""The meeting import: seed 001 in, rendered to DOCX and JSON; bad files refused whole with nothing written."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document

from samordna.core.imports import ImportFailed
from samordna.core.models import Association, AuditEntry
from samordna.governance import services
from samordna.governance.importer import read_meeting
from samordna.governance.models import AgendaItem, Attendance, Meeting, MeetingStatus
from samordna.governance.protocol import protocol_report
from samordna.governance.tests.conftest import as_bytes
from samordna.reporting.renderers import render


def _import(association: Association, data: Any) -> tuple[Meeting, bool]:
    parsed = read_meeting(as_bytes(data), association=association)
    return services.meeting_import(acting_user=None, association=association, parsed=parsed)


def _refused(association: Association, data: Any) -> list[str]:
    before = (Meeting.objects.count(), AgendaItem.objects.count(), Attendance.objects.count())
    with pytest.raises(ImportFailed) as error:
        _import(association, data)
    assert (Meeting.objects.count(), AgendaItem.objects.count(), Attendance.objects.count()) == before
    return error.value.lines()


def test_seed_meeting_imports_and_renders(vastmanland: Association, seed: dict[str, Any]) -> None:
    meeting, written = _import(vastmanland, seed)
    assert written
    assert meeting.status == MeetingStatus.JUSTIFIED and meeting.locked
    items = list(meeting.items.all())
    assert [i.number for i in items] == list(range(38, 47))
    assert items[0].label == "SFV § 38"
    report = protocol_report(meeting)
    data = report.data
    assert [p["label"] for p in data["paragraphs"]][:2] == ["SFV § 38", "SFV § 39"]
    assert data["justified"] == {"date": "2024-10-31", "by": ["Lena Eldstahl"]}
    assert data["posting"]["removed"] == "2024-11-22"
    names = [a["name"] for a in data["attendance"]]
    assert names[:2] == ["Shpetim Pirraku", "Maria Kesselring"] and "Marita Pettersson" in names[:10]
    roles = {a["name"]: a["role"] for a in data["attendance"]}
    assert roles["Marita Pettersson"] == "tjanstgorande_ersattare" and roles["Ann Rilegård"] == "ovrig"
    text = "\n".join(p.text for p in Document(io.BytesIO(render(report, "docx"))).paragraphs)
    for number in range(38, 47):
        assert f"SFV § {number} " in text
    assert "SFV § 43 Inriktning verksamhetsplan och budget 2025 och framåt" in text
    assert "– Att anta presidiets förslag" in text
    assert "Ingela Kilholm Lindström har lämnat in en skriftlig reservation" in text
    assert "ANSLAG/BEVIS" in text and "Justerande: Lena Eldstahl (2024-10-31)" in text
    docx = Document(io.BytesIO(render(report, "docx")))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Stöd och styrning, Fagersta kommun" in cells and "2024-11-22" in cells
    assert render(report, "pdf").startswith(b"%PDF")


def test_same_file_twice_writes_nothing(vastmanland: Association, seed: dict[str, Any]) -> None:
    _import(vastmanland, seed)
    audit = AuditEntry.objects.count()
    meeting, written = _import(vastmanland, seed)
    assert not written and AuditEntry.objects.count() == audit


def test_changed_import_of_justified_protocol_refused(vastmanland: Association, seed: dict[str, Any]) -> None:
    _import(vastmanland, seed)
    changed = copy.deepcopy(seed)
    changed["items"][1]["decision"] = ["Att fastställa en annan dagordning"]
    lines = _refused(vastmanland, changed)
    assert any("är justerat och kan inte ändras" in line for line in lines)


def test_changed_import_of_open_protocol_replaces_it(vastmanland: Association, seed: dict[str, Any]) -> None:
    open_one = {k: v for k, v in seed.items() if k not in ("justified", "posting")}
    _import(vastmanland, open_one)
    changed = copy.deepcopy(open_one)
    changed["items"] = changed["items"][:3]
    meeting, written = _import(vastmanland, changed)
    assert written and Meeting.objects.count() == 1 and meeting.items.count() == 3


def _bad(seed: dict[str, Any], change: str) -> dict[str, Any]:
    data = copy.deepcopy(seed)
    if change == "ledamot_without_seat":
        data["attendance"].append({"name": "Okänd Person", "role": "ledamot", "member": "1984"})
    elif change == "serving_with_ledamot_present":
        data["attendance"].append({"name": "Leif Carlberg", "role": "tjanstgorande_ersattare", "member": "1907"})
        data["attendance"] = [
            a for a in data["attendance"] if not (a["name"] == "Leif Carlberg" and a["role"] == "ersattare")
        ]
    elif change == "justified_before_meeting":
        data["justified"]["date"] = "2024-10-20"
    elif change == "posting_removed_first":
        data["posting"]["removed"] = "2024-10-22"
        data["posting"]["published"] = "2024-10-31"
    elif change == "bad_date":
        data["date"] = "2024-13-01"
    elif change == "unknown_role":
        data["attendance"][0]["role"] = "ordförande"
    return data


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ("ledamot_without_seat", "attendance[17]", "ingen styrelseplats"),
        ("serving_with_ledamot_present", "attendance[", "är närvarande"),
        ("justified_before_meeting", "justified.date", "före mötet"),
        ("posting_removed_first", "posting.removed", "före eller samma dag"),
        ("bad_date", "date", "ÅÅÅÅ-MM-DD"),
        ("unknown_role", "attendance[0].role", "ska vara ett av"),
    ],
)
def test_bad_files_refused_whole(
    vastmanland: Association, seed: dict[str, Any], change: str, path: str, words: str
) -> None:
    lines = _refused(vastmanland, _bad(seed, change))
    assert any(path in line and words in line for line in lines), lines


def test_numbers_clash_with_earlier_meeting(vastmanland: Association, seed: dict[str, Any]) -> None:
    earlier = copy.deepcopy(seed)
    earlier.update(date="2024-09-11", first_paragraph=30)
    earlier.pop("justified")
    earlier.pop("posting")
    _import(vastmanland, earlier)  # § 30–38
    lines = _refused(vastmanland, seed)  # says 38, but 39 follows
    assert any("first_paragraph" in line and "§ 39" in line for line in lines), lines
    later_ok = copy.deepcopy(seed)
    later_ok["first_paragraph"] = 39
    meeting, _written = _import(vastmanland, later_ok)
    assert [i.number for i in meeting.items.all()][0] == 39


def test_earlier_meeting_imported_after_a_later_one_must_not_overlap(
    vastmanland: Association, seed: dict[str, Any]
) -> None:
    _import(vastmanland, seed)  # § 38–46, held
    earlier = copy.deepcopy(seed)
    earlier.update(date="2024-09-11", first_paragraph=35)
    earlier.pop("justified")
    earlier.pop("posting")
    lines = _refused(vastmanland, earlier)
    assert any("krockar med mötet 2024-10-21" in line for line in lines), lines


def test_command(vastmanland: Association, tmp_path: Any, seed: dict[str, Any], capsys: Any) -> None:
    path = tmp_path / "meeting.json"
    path.write_bytes(as_bytes(seed))
    call_command("import_meeting", str(path), association="vastmanland")
    assert "9 paragrafer" in capsys.readouterr().out
    call_command("import_meeting", str(path), association="vastmanland")
    assert "oförändrat" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_bytes(as_bytes(_bad(seed, "justified_before_meeting")))
    with pytest.raises(SystemExit):
        call_command("import_meeting", str(bad), association="vastmanland")
    assert "justified.date" in capsys.readouterr().err


def test_demo_step_is_idempotent(db: None) -> None:
    from pathlib import Path

    from samordna.demo import DEMO_DIR
    from samordna.governance import demo
    from samordna.onboarding.organisation import import_organisation_file

    import_organisation_file(acting_user=None, path=str(Path(DEMO_DIR) / "vastmanland.json"))
    assert demo.load() == {"meetings": 1, "applications": 2}
    assert demo.load() == {}
    meeting = Meeting.objects.get(association__slug="vastmanland", date="2024-10-21")
    assert [i.label for i in meeting.items.all()][::8] == ["SFV § 38", "SFV § 46"]
    assert meeting.items.get(number=43).reservations == [{"by": "Ingela Kilholm Lindström", "written": True}]


def test_protocol_and_kallelse_from_the_command(vastmanland: Association, seed: dict[str, Any], tmp_path: Any) -> None:
    import json

    _import(vastmanland, seed)
    out = tmp_path / "p.json"
    call_command("report", "protocol", "--association", "vastmanland", "--meeting", "2024-10-21", "-o", str(out))
    body = json.loads(out.read_text(encoding="utf-8"))
    assert {"organ", "date", "place", "attendance", "adjusters", "paragraphs", "justified", "posting"} <= set(body)
    assert body["paragraphs"][5]["reservations"] == [{"by": "Ingela Kilholm Lindström", "written": True}]
    assert body["paragraphs"][0] == {
        "number": 38,
        "label": "SFV § 38",
        "title": "Protokolljusterare",
        "text": "Lena Eldstahl föreslås till justerare.",
        "decision": ["Att utse Lena Eldstahl till protokolljusterare"],
        "reservations": [],
    }
    docx_out = tmp_path / "k.docx"
    call_command(
        "report", "kallelse", "--association", "vastmanland", "--meeting", "2024-10-21", "--format", "docx",
        "-o", str(docx_out),
    )  # fmt: skip
    cells = [c.text for t in Document(str(docx_out)).tables for row in t.rows for c in row.cells]
    assert "SFV § 45" in cells and any("ESF-ansökan – presentation" in c for c in cells)
