"""The meeting JSON importer against the shared nasty-input corpus (`testing/nasty.py`), through the command.

Every broken file gives Swedish messages on stderr and exit 1, never a traceback, and writes nothing, on SQLite
and PostgreSQL alike; nasty text in a field is refused by its path or stored as given.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from samordna.core.models import Association, AuditEntry
from samordna.governance.models import AgendaItem, Attendance, Meeting
from samordna.governance.tests.conftest import as_bytes
from samordna.testing import nasty


def _counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Attendance.objects.count(),
        AuditEntry.objects.count(),
    )


def _run(tmp_path: Any, data: bytes, capsys: Any) -> tuple[int, str]:
    path = tmp_path / "meeting.json"
    path.write_bytes(data)
    try:
        call_command("import_meeting", str(path), association="vastmanland")
    except SystemExit as exit_:
        return int(exit_.code or 0), capsys.readouterr().err
    return 0, capsys.readouterr().err


@pytest.fixture
def variants(seed: dict[str, Any]) -> dict[str, bytes]:
    return nasty.json_variants(seed)


def test_command_refuses_each_nasty_file(
    vastmanland: Association, seed: dict[str, Any], tmp_path: Any, capsys: Any
) -> None:
    for name, data in sorted(nasty.json_variants(seed).items()):
        before = _counts()
        code, err = _run(tmp_path, data, capsys)
        assert code == 1, (name, err)
        assert "Traceback" not in err and err.strip(), name
        assert _counts() == before, name


TEXT_FIELDS = [
    ["place"],
    ["chair"],
    ["items", 0, "title"],
    ["items", 0, "text"],
    ["items", 0, "decision", 0],
    ["attendance", 2, "title"],
]


@pytest.mark.parametrize("name", sorted(nasty.TEXT))
def test_nasty_text_is_refused_by_path_or_stored_as_given(
    vastmanland: Association, seed: dict[str, Any], tmp_path: Any, capsys: Any, name: str
) -> None:
    for path in TEXT_FIELDS:
        Meeting.objects.all().delete()
        document = json.loads(as_bytes(seed))
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = nasty.TEXT[name]
        before = _counts()
        code, err = _run(tmp_path, json.dumps(document, ensure_ascii=False).encode(), capsys)
        assert "Traceback" not in err, (name, path)
        if code == 1:
            assert _counts()[:3] == before[:3], (name, path)
            shown = path[0] if len(path) == 1 else f"{path[0]}[{path[1]}]"
            assert shown in err, (name, path, err)
        else:
            assert Meeting.objects.count() == 1, (name, path)
