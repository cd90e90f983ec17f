"""`samordna import_plan` and the upload page: the contract's format upserted by code, refusals by JSON path.

Every refused file writes nothing (no plan row, no audit row) and names the JSON path of each problem; the same
file imported twice writes nothing the second time.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import tempfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from samordna.core.choices import Role
from samordna.core.models import AuditEntry
from samordna.planning.models import Assessment, Goal, GoalArea, Indicator, IndicatorValue, Plan
from samordna.planning.tests.plan_files import encode, plan_document
from samordna.testing.cast import ROLE_USERS, Cast

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Plan, GoalArea, Goal, Indicator, Assessment, IndicatorValue, AuditEntry))


def run(cast: Cast, data: bytes, *extra: str, slug: str | None = None) -> tuple[int, str, str]:
    """Run the command on `data`; (exit code, stdout, stderr)."""
    with tempfile.NamedTemporaryFile(delete=False, suffix=".json") as handle:
        handle.write(data)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(
            "import_plan",
            "--association",
            slug or cast.a.association.slug,
            handle.name,
            *extra,
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_import_creates_the_plan_goals_indicators_assessments_and_values(cast: Cast) -> None:
    code, out, err = run(cast, encode(plan_document()), "--by", "Anna Berg")
    assert code == 0, err
    plan = Plan.objects.get(association=cast.a.association, code="vp-2024")
    assert (plan.from_year, plan.to_year, plan.status, plan.adopted_on) == (
        2024,
        2025,
        "adopted",
        dt.date(2023, 11, 20),
    )
    assert [a.code for a in plan.areas.order_by("position")] == ["1", "2"]
    assert [g.code for g in plan.goals.all()] == ["1:1", "2:4", "RMGT:1", "RMGT:2", "RMGT:4"]
    goal = plan.goals.get(code="2:4")
    assert [i.code for i in goal.interventions.all()] == ["1063"]
    indicator = goal.indicators.get()
    assert (indicator.target, indicator.unit, indicator.measured_at, indicator.source_kind) == (
        Decimal(25),
        "percent",
        "12m",
        "followup_share",
    )
    assert indicator.params == {"months": 12, "occupation": ["arbete", "arbete_subventionerat", "eget_foretag"]}
    rmgt = plan.goals.get(code="RMGT:2").indicators.get()
    assert rmgt.values.get(year=2024).value == Decimal("72.5")
    assessments = Assessment.objects.filter(goal__plan=plan)
    assert assessments.count() == 4
    assert assessments.get(goal__code="1:1", year=2025).until == dt.date(2025, 12, 31)
    assert assessments.get(goal__code="RMGT:4").until == dt.date(2024, 8, 31)
    assert "skapade 1 plan, 2 målområden, 5 mål, 9 mått, 4 bedömningar, 2 värden" in out
    entry = AuditEntry.objects.filter(association=cast.a.association).latest("pk")
    assert "Anna Berg" in entry.actor_label
    assert entry.action == "import" and entry.changes["created"]["goal"] == 5
    assert entry.changes["file"].endswith(".json")


def test_the_same_file_twice_writes_nothing(cast: Cast) -> None:
    data = encode(plan_document())
    assert run(cast, data)[0] == 0
    before = _counts()
    code, out, _err = run(cast, data)
    assert code == 0
    assert "inga ändringar" in out
    assert _counts() == before


def test_an_update_run_changes_only_what_differs(cast: Cast) -> None:
    assert run(cast, encode(plan_document()))[0] == 0
    document = plan_document()
    document["plan"]["title"] = "Verksamhetsplan 2024–2025 (reviderad)"
    area = document["goal_areas"][1]
    goal = area["goals"][0]
    goal["interventions"] = ["1063", "1064"]
    goal["assessments"][0]["status"] = "uppfyllt"
    goal["indicators"][0]["target"] = 30
    goal["indicators"].append(
        {"code": "2:4-b", "name": "Antal deltagare", "unit": "count", "target": 12, "source": {"kind": "participants"}}
    )
    area["goals"][2]["indicators"][0]["values"] = {"2024": 80, "2025": 85}
    document["goal_areas"][0]["goals"][0]["code"] = "1:1"
    audit_before = AuditEntry.objects.count()
    code, out, err = run(cast, encode(document))
    assert code == 0, err
    assert "skapade 1 mått, 1 värde; ändrade 1 plan, 1 mål, 1 mått, 1 bedömning, 1 värde" in out, out
    assert AuditEntry.objects.count() == audit_before + 8  # 7 changes and the import row
    plan = Plan.objects.get(code="vp-2024")
    assert plan.title.endswith("(reviderad)")
    goal_obj = plan.goals.get(code="2:4")
    assert sorted(i.code for i in goal_obj.interventions.all()) == ["1063", "1064"]
    assert goal_obj.indicators.get(code="2:4-a").target == 30
    assert goal_obj.assessments.get().status == "uppfyllt"
    assert goal_obj.assessments.get().comment == "…"


def test_a_goal_moves_to_another_area_and_codes_upsert_in_the_plan(cast: Cast) -> None:
    assert run(cast, encode(plan_document()))[0] == 0
    document = plan_document()
    moved = document["goal_areas"][1]["goals"].pop(0)
    document["goal_areas"][0]["goals"].append(moved)
    assert run(cast, encode(document))[0] == 0
    assert Goal.objects.get(code="2:4").area.code == "1"
    assert Goal.objects.filter(code="2:4").count() == 1


def _bad(mutate: Any) -> bytes:
    document = plan_document()
    mutate(document)
    return encode(document)


def _set(path: list[Any], value: Any) -> Any:
    def mutate(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Any:
    def mutate(document: dict[str, Any]) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


G = ["goal_areas", 1, "goals", 0]
I0 = [*G, "indicators", 0]
REFUSALS: list[tuple[str, Any, str]] = [
    (
        "months",
        _set([*I0, "source", "months"], 0),
        "goal_areas[1].goals[0].indicators[0].source.months: ska vara ett heltal mellan 1 och 60",
    ),
    ("months_text", _set([*I0, "source", "months"], "tolv"), "goal_areas[1].goals[0].indicators[0].source.months"),
    ("insats", _set([*G, "interventions"], ["1063", "9999"]), "goal_areas[1].goals[0].interventions[1]: okänd insats"),
    (
        "occupation",
        _set([*I0, "source", "occupation"], ["arbete", "astronaut"]),
        "goal_areas[1].goals[0].indicators[0].source.occupation: okända koder: astronaut",
    ),
    (
        "end_reasons",
        _set(["goal_areas", 0, "goals", 0, "indicators", 0, "source", "end_reasons"], ["1", "42"]),
        "goal_areas[0].goals[0].indicators[0].source.end_reasons: okända koder: 42",
    ),
    (
        "occupation_after",
        _set(["goal_areas", 0, "goals", 0, "indicators", 0, "source", "occupation_after"], ["x"]),
        "goal_areas[0].goals[0].indicators[0].source.occupation_after: okända koder: x",
    ),
    ("support", _set([*I0, "source", "support"], ["guld"]), "goal_areas[1].goals[0].indicators[0].source.support"),
    ("percent_target", _set([*I0, "target"], 101), "goal_areas[1].goals[0].indicators[0].target"),
    ("negative_target", _set([*I0, "target"], -1), "goal_areas[1].goals[0].indicators[0].target"),
    ("assessment_year", _set([*G, "assessments", 0, "year"], 2023), "goal_areas[1].goals[0].assessments[0].year"),
    ("until", _set([*G, "assessments", 0, "until"], "2025-01-31"), "goal_areas[1].goals[0].assessments[0].until"),
    ("until_bad", _set([*G, "assessments", 0, "until"], "2024-02-30"), "goal_areas[1].goals[0].assessments[0].until"),
    ("status", _set([*G, "assessments", 0, "status"], "klart"), "goal_areas[1].goals[0].assessments[0].status"),
    ("unit", _set([*I0, "unit"], "procent"), "goal_areas[1].goals[0].indicators[0].unit"),
    ("measured_at", _set([*I0, "measured_at"], "24m"), "goal_areas[1].goals[0].indicators[0].measured_at"),
    ("kind", _set([*I0, "source", "kind"], "horoskop"), "goal_areas[1].goals[0].indicators[0].source.kind"),
    ("plan_status", _set(["plan", "status"], "klar"), "plan.status"),
    ("duplicate_goal", _set(["goal_areas", 1, "goals", 1, "code"], "2:4"), "goal_areas[1].goals[1].code"),
    ("duplicate_goal_other_area", _set(["goal_areas", 0, "goals", 0, "code"], "2:4"), "goal_areas[1].goals[0].code"),
    ("duplicate_area", _set(["goal_areas", 1, "code"], "1"), "goal_areas[1].code"),
    (
        "duplicate_indicator",
        _set(["goal_areas", 0, "goals", 0, "indicators", 1, "code"], "1:1-a"),
        "goal_areas[0].goals[0].indicators[1].code",
    ),
    ("goals_type", _set(["goal_areas", 0, "goals"], {"code": "x"}), "goal_areas[0].goals: ska vara en lista"),
    ("area_type", _set(["goal_areas", 0], "1"), "goal_areas[0]: ska vara ett objekt"),
    ("areas_type", _set(["goal_areas"], {}), "goal_areas: ska vara en lista"),
    ("plan_type", _set(["plan"], []), "plan: ska vara ett objekt"),
    ("year_type", _set(["plan", "from_year"], "2024"), "plan.from_year"),
    ("year_bool", _set(["plan", "to_year"], True), "plan.to_year"),
    ("year_order", _set(["plan", "to_year"], 2023), "plan.to_year"),
    ("code_type", _set([*G, "code"], ["2:4"]), "goal_areas[1].goals[0].code: ska vara text"),
    ("text_missing", _delete([*G, "text"]), "goal_areas[1].goals[0].text: saknas"),
    ("text_type", _set([*G, "text"], 42), "goal_areas[1].goals[0].text: ska vara text"),
    ("target_type", _set([*I0, "target"], "25"), "goal_areas[1].goals[0].indicators[0].target: ska vara ett tal"),
    ("source_type", _set([*I0, "source"], "followup_share"), "goal_areas[1].goals[0].indicators[0].source"),
    ("source_kind_missing", _set([*I0, "source"], {"months": 12}), "goal_areas[1].goals[0].indicators[0].source.kind"),
    ("interventions_type", _set([*G, "interventions"], "1063"), "goal_areas[1].goals[0].interventions"),
    ("assessments_type", _set([*G, "assessments"], {"year": 2024}), "goal_areas[1].goals[0].assessments"),
    ("values_on_computed", _set([*I0, "values"], {"2024": 20}), "goal_areas[1].goals[0].indicators[0].values"),
    (
        "value_year",
        _set(["goal_areas", 1, "goals", 2, "indicators", 0, "values"], {"2030": 5}),
        "goal_areas[1].goals[2].indicators[0].values.2030",
    ),
    (
        "value_percent",
        _set(["goal_areas", 1, "goals", 2, "indicators", 0, "values"], {"2024": 150}),
        "goal_areas[1].goals[2].indicators[0].values.2024",
    ),
    (
        "value_type",
        _set(["goal_areas", 1, "goals", 2, "indicators", 0, "values"], {"2024": "80 %"}),
        "goal_areas[1].goals[2].indicators[0].values.2024",
    ),
    ("unknown_key", _set([*G, "colour"], "blå"), "goal_areas[1].goals[0].colour: okänd nyckel"),
    ("long_code", _set([*G, "code"], "x" * 50), "goal_areas[1].goals[0].code"),
    ("control_character", _set([*G, "text"], "mål\x07"), "goal_areas[1].goals[0].text"),
    ("three_decimals", _set([*I0, "target"], 12.345), "goal_areas[1].goals[0].indicators[0].target"),
]


@pytest.mark.parametrize(("name", "mutate", "expected"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_refusal_writes_nothing_and_names_the_path(cast: Cast, name: str, mutate: Any, expected: str) -> None:
    before = _counts()
    code, out, err = run(cast, _bad(mutate))
    assert code == 1, (name, out)
    assert expected in err, err
    assert "Inget sparades" in err and "Traceback" not in err
    assert _counts() == before


def test_a_refused_update_leaves_the_stored_plan_as_it_was(cast: Cast) -> None:
    assert run(cast, encode(plan_document()))[0] == 0
    before = _counts()
    document = plan_document()
    document["plan"]["title"] = "Ny rubrik"
    document["goal_areas"][1]["goals"][0]["indicators"][0]["source"]["months"] = 99
    assert run(cast, encode(document))[0] == 1
    assert _counts() == before
    assert Plan.objects.get(code="vp-2024").title == "Verksamhetsplan 2024–2025"


def test_narrowing_the_years_of_an_assessed_plan_is_refused(cast: Cast) -> None:
    assert run(cast, encode(plan_document()))[0] == 0
    document = plan_document()
    document["plan"]["to_year"] = 2024
    for area in document["goal_areas"]:
        for goal in area["goals"]:
            goal["assessments"] = [a for a in goal.get("assessments", []) if a["year"] == 2024]
    before = _counts()
    code, _out, err = run(cast, encode(document))
    assert code == 1
    assert "plan.from_year" in err and "2025" in err
    assert _counts() == before


def test_many_problems_list_a_hundred_and_count_the_rest(cast: Cast) -> None:
    document = plan_document()
    document["goal_areas"][0]["goals"] = [{"code": f"g{i}", "text": 1} for i in range(300)]
    code, _out, err = run(cast, encode(document))
    assert code == 1
    assert "… och 200 problem till" in err
    assert sum(1 for line in err.splitlines() if "goal_areas[0].goals[" in line) == 100


def test_unknown_association_and_missing_file_are_errors(cast: Cast) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_plan", "--association", "nope", "/nonexistent.json")
    with pytest.raises(CommandError, match="går inte att läsa"):
        call_command("import_plan", "--association", cast.a.association.slug, "/nonexistent.json")


def test_insats_codes_are_those_of_the_forbund(cast: Cast) -> None:
    """Förbund B has its own insats 1063: a file for A never links B's insats."""
    assert run(cast, encode(plan_document()))[0] == 0
    goal = Goal.objects.get(code="2:4")
    assert {i.association_id for i in goal.interventions.all()} == {cast.a.association.pk}
    assert run(cast, encode(plan_document()), slug=cast.b.association.slug)[0] == 0
    assert Plan.objects.filter(code="vp-2024").count() == 2


# The upload page.


def _page(cast: Cast, tenant: str = "a") -> str:
    return reverse("planning:import", kwargs={"association": getattr(cast, tenant).association.slug})


def _upload(data: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("plan.json", data, content_type="application/json")}


def test_page_imports_a_valid_file(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    assert admin.get(_page(cast)).status_code == 200
    response = admin.post(_page(cast), _upload(encode(plan_document())), follow=True)
    assert response.status_code == 200
    assert "skapade 1 plan" in response.content.decode()
    assert Plan.objects.filter(association=cast.a.association, code="vp-2024").exists()


def test_page_lists_the_problems_by_path_and_writes_nothing(cast: Cast, client_for: Any) -> None:
    before = _counts()
    data = _bad(_set([*I0, "source", "months"], 0))
    response = client_for(Role.ADMIN).post(_page(cast), _upload(data))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Inget importerades" in body
    assert "goal_areas[1].goals[0].indicators[0].source.months: ska vara ett heltal mellan 1 och 60" in body
    assert _counts() == before


@override_settings(SAMORDNA_MAX_UPLOAD_BYTES=500)
def test_page_refuses_a_file_over_the_upload_limit(cast: Cast, client_for: Any) -> None:
    before = _counts()
    response = client_for(Role.ADMIN).post(_page(cast), _upload(encode(plan_document())))
    assert response.status_code == 200
    assert "största tillåtna storlek" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("name", sorted(n for n, roles in ROLE_USERS.items() if Role.ADMIN not in roles))
def test_page_is_for_admins_only(cast: Cast, client_for: Any, name: str) -> None:
    client = client_for(name)
    assert client.get(_page(cast)).status_code == 403
    before = _counts()
    assert client.post(_page(cast), _upload(encode(plan_document()))).status_code == 403
    assert _counts() == before


def test_page_of_another_forbund_is_404(cast: Cast, client_for: Any) -> None:
    for name in ("admin", "admin_viewer", "manager_registrar"):
        client = client_for(name)
        assert client.get(_page(cast, "b")).status_code == 404
        assert client.post(_page(cast, "b"), _upload(encode(plan_document()))).status_code == 404
    assert not Plan.objects.exists()
    assert client_for("outsider").get(_page(cast)).status_code == 404


def test_two_role_admin_viewer_may_import(cast: Cast, client_for: Any) -> None:
    response = client_for("admin_viewer").post(_page(cast), _upload(encode(plan_document())))
    assert response.status_code == 302
    assert Plan.objects.filter(association=cast.a.association).count() == 1


def test_anonymous_is_sent_to_login(client: Any, cast: Cast) -> None:
    response = client.get(_page(cast))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_document_helper_is_not_shared_between_tests() -> None:
    assert copy.deepcopy(plan_document()) == plan_document()


def test_keys_left_out_keep_what_is_stored(cast: Cast) -> None:
    """An update without unit, source or interventions keeps the stored ones (and checks against them)."""
    assert run(cast, encode(plan_document()))[0] == 0
    document = plan_document()
    goal = document["goal_areas"][0]["goals"][0]
    del goal["interventions"]
    count_indicator = goal["indicators"][1]  # unit count, stored
    del count_indicator["unit"], count_indicator["source"]
    count_indicator["target"] = 250  # over 100 is fine for a count
    manual = document["goal_areas"][1]["goals"][2]["indicators"][0]
    del manual["source"]
    manual["values"] = {"2025": 60}
    code, out, err = run(cast, encode(document))
    assert code == 0, err
    stored = Goal.objects.get(code="1:1")
    assert sorted(i.code for i in stored.interventions.all()) == ["1063", "1064"]
    indicator = stored.indicators.get(code="1:1-b")
    assert (indicator.unit, indicator.source_kind, indicator.target) == ("count", "participants", 250)
    assert IndicatorValue.objects.get(indicator__code="a", indicator__goal__code="RMGT:2", year=2025).value == 60
