"""`samordna import_organisation FILE`: valid files, idempotence, and every kind of bad input (all or nothing)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from samordna.core.models import Association, AuditEntry
from samordna.finance.models import OpeningEquity
from samordna.interventions.models import Intervention, VolumeTarget
from samordna.organisations.models import BoardSeat, Member, Population

VALID: dict[str, Any] = {
    "association": {
        "slug": "norra-vastmanland",
        "name": "Norra Västmanlands Samordningsförbund",
        "org_nr": "222000-1974",
        "allocation_percent_decimals": 1,
        "protocol_prefix": "NVS",
    },
    "members": [
        {"code": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"code": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"code": "region", "name": "Region Västmanland", "kind": "region"},
        {
            "code": "1982",
            "name": "Fagersta kommun",
            "kind": "kommun",
            "municipality": "1982",
            "population": {"2017": 13400, "2018": 13500},
        },
        {
            "code": "1962",
            "name": "Norbergs kommun",
            "kind": "kommun",
            "municipality": "1962",
            "population": {"2017": 5800},
        },
    ],
    "interventions": [
        {
            "code": "1063",
            "name": "Samordningsteam FNS",
            "orientation": "individinriktad",
            "category": "individinsatser",
            "start": "2011-01-01",
            "end": None,
            "members": ["1982", "af", "region"],
            "target_group": "Personer 16–64 år",
            "staffing": [
                {"member": "1982", "role": "socialkonsulent", "fte": 4.0},
                {"member": "region", "role": "kurator", "fte": 0.1},
            ],
            "volume_targets": {
                "2017": {"unit": "deltagare", "value": 35},
                "2018": [{"unit": "deltagare", "value": 40}, {"unit": "möten", "value": 12}],
            },
        },
        {
            "code": "1026",
            "name": "Länsgemensamma utbildningsinsatser",
            "orientation": "strukturövergripande",
            "category": "struktur",
            "start": "2015-01-01",
            "end": "2017-12-31",
            "status": "avslutad",
        },
    ],
    "board": [
        {
            "person_name": "Patrik Boström",
            "seat_type": "ledamot",
            "office": "ordforande",
            "appointed_by": "1982",
            "term_start": "2015-01-01",
            "term_end": "2018-12-31",
        },
        {
            "person_name": "Anna Andersson",
            "seat_type": "ersättare",
            "office": "",
            "appointed_by": "fk",
            "term_start": "2015-01-01",
        },
    ],
    "equity": {"2017": 3191000, "2018": "2600000.50"},
}


def table_counts() -> dict[str, int]:
    """Rows in every table (every installed model, the audit log included)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def run(tmp_path: Path, data: Any, name: str = "org.json") -> tuple[int, str, str]:
    """Run the command on `data` (a dict, or raw text) and return (exit code, stdout, stderr)."""
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_organisation", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_valid_file_creates_everything(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, VALID)
    assert code == 0, err
    assert "skapade 1 förbund, 5 medlemmar" in out
    association = Association.objects.get(slug="norra-vastmanland")
    assert (
        association.name,
        association.org_nr,
        association.allocation_percent_decimals,
        association.protocol_prefix,
    ) == ("Norra Västmanlands Samordningsförbund", "222000-1974", 1, "NVS")
    members = {m.code: m for m in Member.objects.filter(association=association)}
    assert set(members) == {"fk", "af", "region", "1982", "1962"}
    assert members["1982"].municipality_id == "1982" and members["fk"].municipality_id is None
    assert dict(Population.objects.filter(member=members["1982"]).values_list("year", "population")) == {
        2017: 13400,
        2018: 13500,
    }
    team = Intervention.objects.get(association=association, code="1063")
    assert team.start == dt.date(2011, 1, 1) and team.end is None and team.follow_up_method == "individuell"
    assert team.target_group == "Personer 16–64 år"
    assert {m.code for m in team.run_by.all()} == {"1982", "af", "region"}
    assert sorted(team.staffing.values_list("member__code", "role", "fte")) == [
        ("1982", "socialkonsulent", Decimal("4.00")),
        ("region", "kurator", Decimal("0.10")),
    ]
    assert sorted(VolumeTarget.objects.filter(intervention=team).values_list("year", "unit", "value")) == [
        (2017, "deltagare", 35),
        (2018, "deltagare", 40),
        (2018, "moten", 12),
    ]
    structural = Intervention.objects.get(association=association, code="1026")
    assert (structural.orientation, structural.follow_up_method, structural.status, structural.end) == (
        "strukturovergripande",
        "antal",
        "avslutad",
        dt.date(2017, 12, 31),
    )
    seats = {s.person_name: s for s in BoardSeat.objects.filter(association=association)}
    assert seats["Patrik Boström"].office == "ordforande" and seats["Patrik Boström"].appointed_by == members["1982"]
    assert seats["Anna Andersson"].seat_type == "ersattare" and seats["Anna Andersson"].term_end is None
    assert dict(OpeningEquity.objects.filter(association=association).values_list("year", "amount")) == {
        2017: Decimal("3191000"),
        2018: Decimal("2600000.50"),
    }
    entries = AuditEntry.objects.filter(association=association)
    assert entries.filter(object_type="organisations.member").count() == 5
    assert set(entries.values_list("actor_name", flat=True)) == {"system"}


@pytest.mark.django_db
def test_second_import_changes_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, VALID)[0] == 0
    before = table_counts()
    audit_before = AuditEntry.objects.count()
    code, out, _ = run(tmp_path, VALID)
    assert code == 0 and "inga ändringar" in out
    assert table_counts() == before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_changed_file_updates_in_place(tmp_path: Path) -> None:
    assert run(tmp_path, VALID)[0] == 0
    changed = copy.deepcopy(VALID)
    changed["members"][3]["population"]["2018"] = 13600
    changed["interventions"][0]["name"] = "Samordningsteam Fagersta-Norberg-Skinnskatteberg"
    changed["interventions"][0]["members"] = ["1982", "1962"]
    changed["interventions"][0]["staffing"][1]["fte"] = 0.2
    audit_before = AuditEntry.objects.count()
    code, out, _ = run(tmp_path, changed)
    assert code == 0 and "ändrade" in out
    team = Intervention.objects.get(code="1063")
    assert team.name == "Samordningsteam Fagersta-Norberg-Skinnskatteberg"
    assert {m.code for m in team.run_by.all()} == {"1982", "1962"}
    assert Population.objects.get(member__code="1982", year=2018).population == 13600
    assert team.staffing.get(role="kurator").fte == Decimal("0.20")
    assert Intervention.objects.count() == 2 and Member.objects.count() == 5
    assert AuditEntry.objects.count() > audit_before


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data)
    return data


BAD_INPUTS: list[tuple[str, Any, list[str]]] = [
    ("malformed", '{"association": {"slug": "x",\n  "name": }\n}', ["rad 2, kolumn 11: ogiltig JSON"]),
    ("top-level list", "[1, 2]", ["ska innehålla ett JSON-objekt"]),
    ("members not a list", broken(lambda d: d.update(members={"fk": 1})), ["members: ska vara en lista"]),
    (
        "missing keys",
        broken(
            lambda d: (d["association"].pop("name"), d["members"][0].pop("kind"), d["interventions"][0].pop("code"))
        ),
        ["association.name: saknas", "members[0].kind: saknas", "interventions[0].code: saknas"],
    ),
    (
        "unknown kind",
        broken(lambda d: d["members"][1].update(kind="kommunalförbund")),
        ["members[1].kind: okänd medlemstyp"],
    ),
    ("kommun without code", broken(lambda d: d["members"][3].pop("municipality")), ["members[3].municipality: saknas"]),
    (
        "unknown kommunkod",
        broken(lambda d: d["members"][3].update(municipality="9999")),
        ["members[3].municipality: okänd kommunkod 9999"],
    ),
    (
        "duplicate member",
        broken(lambda d: d["members"].append({"code": "af", "name": "X", "kind": "region"})),
        ["members[5].code: medlemskoden af förekommer redan i members[1]"],
    ),
    (
        "duplicate intervention",
        broken(lambda d: d["interventions"].append(copy.deepcopy(d["interventions"][0]))),
        ["interventions[2].code: insatskoden 1063 förekommer redan i interventions[0]"],
    ),
    (
        "unknown member in intervention",
        broken(lambda d: d["interventions"][0]["members"].append("1980")),
        ["interventions[0].members[3]: okänd medlem 1980"],
    ),
    (
        "bad dates",
        broken(lambda d: d["interventions"][0].update(start="2011-02-30", end="igår")),
        ["interventions[0].start: ogiltigt datum", "interventions[0].end: ogiltigt datum"],
    ),
    (
        "end before start",
        broken(lambda d: d["interventions"][1].update(end="2014-12-31")),
        ["interventions[1].end: slutdatum 2014-12-31 ligger före startdatum 2015-01-01"],
    ),
    (
        "unknown orientation and category",
        broken(lambda d: d["interventions"][0].update(orientation="diagonal", category="kaffe")),
        ["interventions[0].orientation: okänd inriktning", "interventions[0].category: okänd budgetkategori"],
    ),
    (
        "negative numbers",
        broken(
            lambda d: (
                d["members"][4]["population"].update({"2017": -1}),
                d["interventions"][0]["staffing"][0].update(fte=-0.5),
            )
        ),
        [
            "members[4].population.2017: får inte vara negativt",
            "interventions[0].staffing[0].fte: får inte vara negativt",
        ],
    ),
    (
        "board by unknown member",
        broken(lambda d: d["board"][0].update(appointed_by="1980")),
        ["board[0].appointed_by: okänd medlem 1980"],
    ),
    (
        "deputy as chair",
        broken(lambda d: d["board"][1].update(office="vice_ordforande")),
        ["board[1].office: bara en ledamot"],
    ),
    (
        "bad volume unit",
        broken(lambda d: d["interventions"][0]["volume_targets"].update({"2019": {"unit": "timmar", "value": 3}})),
        ["interventions[0].volume_targets.2019.unit: okänd enhet"],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "data", "expected"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_writes_nothing(tmp_path: Path, label: str, data: Any, expected: list[str]) -> None:
    before = table_counts()
    code, out, err = run(tmp_path, data)
    assert code == 1, f"{label}: {out}"
    for message in expected:
        assert message in err, f"{label}: {message!r} not in {err!r}"
    assert "Inget sparades" in err
    assert table_counts() == before


@pytest.mark.django_db
def test_every_error_is_listed_at_once(tmp_path: Path) -> None:
    def many(d: dict[str, Any]) -> None:
        d["members"][3]["municipality"] = "9999"
        d["members"][1]["kind"] = "okänd"
        d["interventions"][0]["members"] = ["nobody"]
        d["interventions"][1]["end"] = "2000-01-01"
        d["board"][0]["appointed_by"] = "nobody"
        d["equity"] = {"år": 5}

    code, _, err = run(tmp_path, broken(many))
    assert code == 1
    lines = [line for line in err.splitlines() if "org.json: " in line and "varning" not in line]
    assert len(lines) == 6, err
    assert "6 fel" in err


@pytest.mark.django_db
def test_bad_update_keeps_database_unchanged(tmp_path: Path) -> None:
    assert run(tmp_path, VALID)[0] == 0
    before = table_counts()
    data = copy.deepcopy(VALID)
    data["members"][0]["name"] = "Försäkringskassan Mitt"
    data["interventions"][1]["start"] = "2018-01-01"  # after its end 2017-12-31
    code, _, err = run(tmp_path, data)
    assert code == 1 and "interventions[1]" in err
    assert table_counts() == before
    assert Member.objects.get(code="fk").name == "Försäkringskassan"


@pytest.mark.django_db
def test_refusal_by_a_service_rolls_back_the_whole_file(tmp_path: Path) -> None:
    """A second open-ended chair passes the file checks but the board service refuses it: nothing is kept."""
    first = {
        "association": VALID["association"],
        "members": VALID["members"][:4],
        "board": [
            {
                "person_name": "Ordförande Ett",
                "seat_type": "ledamot",
                "office": "ordforande",
                "appointed_by": "fk",
                "term_start": "2020-01-01",
            }
        ],
    }
    assert run(tmp_path, first)[0] == 0
    before = table_counts()
    second = copy.deepcopy(VALID)
    second["board"] = [
        {
            "person_name": "Ordförande Två",
            "seat_type": "ledamot",
            "office": "ordforande",
            "appointed_by": "af",
            "term_start": "2022-01-01",
        }
    ]
    code, _, err = run(tmp_path, second)
    assert code == 1 and "board[0].office" in err
    assert table_counts() == before
    assert not Member.objects.filter(code="1962").exists()


@pytest.mark.django_db
def test_association_option_must_match(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_organisation", str(path), association="annat-forbund", stderr=err)
    assert exc.value.code == 1 and "norra-vastmanland" in err.getvalue()
    assert not Association.objects.exists()


@pytest.mark.django_db
def test_errors_name_their_line(tmp_path: Path) -> None:
    data = broken(lambda d: (d["members"][3].update(municipality="9999"), d["board"][1].pop("appointed_by")))
    text = json.dumps(data, ensure_ascii=False, indent=2)
    lines = text.splitlines()
    municipality_line = next(i for i, line in enumerate(lines, 1) if '"9999"' in line)
    seat_line = next(i for i, line in enumerate(lines, 1) if '"Anna Andersson"' in line) - 1  # the seat's "{"
    code, _, err = run(tmp_path, text)
    assert code == 1
    assert f"rad {municipality_line}: members[3].municipality: okänd kommunkod 9999" in err
    assert f"rad {seat_line}: board[1].appointed_by: saknas" in err


def test_console_script_exits_1_with_swedish_errors(tmp_path: Path) -> None:
    """The real entry point (samordna.manage:main): exit status 1 and the problems on stderr, no stack trace."""
    bad = tmp_path / "trasig.json"
    bad.write_text('{"association": {"slug": "x",\n  "name": }\n}', encoding="utf-8")
    env = dict(os.environ, DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-m", "samordna.manage", "import_organisation", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"{bad}: rad 2, kolumn 11: ogiltig JSON: ett värde saknas" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
