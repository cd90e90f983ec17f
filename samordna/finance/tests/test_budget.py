"""Budget import, the multi-year plan (seed 004) and the follow-up (seed 000), built from the seed lines."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from samordna.core import services as core_services
from samordna.finance import seed_data
from samordna.finance.models import BudgetAmount, BudgetLine, LedgerEntry
from samordna.finance.selectors import budget_followup, budget_plan
from samordna.finance.tests.helpers import set_opening_equity, vastmanland_plan, write_temp

pytestmark = pytest.mark.django_db
YEARS = list(seed_data.PLAN_YEARS)


def _report(*args: str) -> dict:
    out = io.StringIO()
    call_command("report", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_004_subtotals_result_and_equity() -> None:
    association = vastmanland_plan()
    set_opening_equity(association)
    plan = budget_plan(association=association, years=YEARS)
    by_year = lambda values: [values[y] for y in YEARS]  # noqa: E731
    assert by_year(plan.total_income) == [19_038_000, 18_958_000, 18_958_000, 18_958_000]
    assert by_year(plan.groups["administrativa_kostnader"]) == [-2_628_000, -2_378_000, -2_360_000, -2_376_000]
    assert by_year(plan.subtotals["individinsatser"]) == [-13_925_000, -13_842_000, -11_752_600, -10_223_000]
    assert by_year(plan.groups["metoder_och_struktur"])[:3] == [-4_029_000, -3_891_000, -3_814_000]
    assert by_year(plan.groups["direkta_insatskostnader"])[:3] == [-17_954_000, -17_733_000, -15_566_600]
    assert by_year(plan.total_costs) == [-20_982_000, -20_204_000, -18_226_600, -18_636_000]
    assert by_year(plan.result) == [-1_944_000, -1_246_000, 731_400, 322_000]
    assert by_year(plan.equity_end) == [2_246_700, 1_000_700, 1_732_100, 2_054_100]
    assert plan.versions == {2024: "budget", 2025: "budget", 2026: "plan", 2027: "plan"}
    assert round(plan.individual_share[2025] * 100) == 78


def test_seed_004_printed_2027_subtotals_do_not_match_their_lines_the_system_uses_the_lines() -> None:
    # The document prints −4 262 000 and −14 485 000 for 2027, but its own lines sum to −4 237 000 and
    # −14 460 000; its printed total costs and result agree with the lines. Samordna computes from the lines.
    association = vastmanland_plan()
    plan = budget_plan(association=association, years=YEARS)
    assert plan.groups["metoder_och_struktur"][2027] == -4_237_000 != -4_262_000
    assert plan.groups["direkta_insatskostnader"][2027] == -14_460_000 != -14_485_000
    assert plan.total_costs[2027] == -18_636_000
    assert plan.result[2027] == 322_000


def test_report_budget_json_contract() -> None:
    association = vastmanland_plan()
    set_opening_equity(association)
    data = _report("budget", "--association", association.slug, "--years", "2025-2027")
    assert data["years"] == [2025, 2026, 2027]
    assert data["result"] == {"2025": -1_246_000, "2026": 731_400, "2027": 322_000}
    assert data["equity_end"]["2027"] == 2_054_100
    assert data["subtotals"]["individinsatser"]["2026"] == -11_752_600
    assert data["suppression"]["hidden_cells"] == 0
    fns = next(line for line in data["lines"] if line["line"] == "1063")
    assert fns == {
        "line": "1063",
        "name": "Samordningsteam FNS",
        "category": "individinsatser",
        "amounts": {"2025": -1_650_000, "2026": -1_369_500, "2027": -1_164_000},
    }


def test_budget_version_is_preferred_over_plan_in_a_year() -> None:
    association = vastmanland_plan()
    line = BudgetLine.objects.get(association=association, code="1000")
    BudgetAmount.objects.create(association=association, line=line, year=2026, version="budget", amount=-1)
    plan = budget_plan(association=association, years=[2026])
    assert plan.versions[2026] == "budget"
    assert plan.total_costs[2026] == -1


def _seed_000() -> object:
    association = core_services.association_create(acting_user=None, slug="vastmanland-delar", name="Delår")
    call_command("import_budget", "--association", association.slug, write_temp(seed_data.followup_budget_csv()))
    call_command("import_ledger", "--association", association.slug, write_temp(seed_data.followup_ledger_csv()))
    return association


def test_seed_000_summa_row() -> None:
    association = _seed_000()
    follow = budget_followup(association=association, year=2024, until=__import__("datetime").date(2024, 8, 31))
    total = follow.total()
    assert (total["budget"], total["actual"], total["forecast"], total["deviation"]) == (
        -1_945_000,
        2_355_335,
        -1_703_329,
        241_671,
    )
    fns = next(i for i in follow.lines if i.line.code == "1063")
    assert fns.deviation == 100_000
    assert "Arbetsförmedlingen" in fns.comment
    data = _report("budget-followup", "--association", association.slug, "--year", "2024", "--until", "2024-08-31")
    assert data["total"] == {"budget": -1_945_000, "actual": 2_355_335, "forecast": -1_703_329, "deviation": 241_671}
    assert data["until"] == "2024-08-31" and data["year"] == 2024
    assert {"line", "name", "category", "budget", "actual", "forecast", "deviation"} <= set(data["lines"][0])


def test_outcome_before_the_date_only() -> None:
    association = _seed_000()
    follow = budget_followup(association=association, year=2024, until=__import__("datetime").date(2024, 8, 30))
    assert follow.total()["actual"] == 0


def test_import_budget_reports_every_problem_and_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    association = core_services.association_create(acting_user=None, slug="x", name="X")
    bad = (
        b"year,line,name,category,intervention,version,amount\n"
        b"2025,1000,Styrelse,styrelse,,budget,-619000\n"
        b"20x5,1001,Adm,administration,,budget,-1\n"
        b"2025,1002,Medel,medlemsintakter,,budgett,19\n"
        b"2025,1003,Okand,nagot,,budget,abc\n"
        b"2025,1004,Insats,individinsatser,9999,budget,-5\n"
        b"2025,1000,Styrelse,styrelse,,budget,-1\n"
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_budget", "--association", "x", write_temp(bad))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    for expected in (
        "rad 3, kolumn year",
        "rad 4, kolumn version",
        "rad 5, kolumn category",
        "rad 5, kolumn amount",
        "rad 6, kolumn intervention",
        "rad 7, kolumn line",
    ):
        assert expected in err
    assert not BudgetLine.objects.filter(association=association).exists()
    assert not BudgetAmount.objects.filter(association=association).exists()


def test_import_budget_missing_column_and_idempotent() -> None:
    association = core_services.association_create(acting_user=None, slug="y", name="Y")
    with pytest.raises(SystemExit):
        call_command("import_budget", "--association", "y", write_temp(b"year;line;name\n2025;1;a\n"))
    path = write_temp(seed_data.plan_csv())
    call_command("import_budget", "--association", "y", path)
    count = BudgetAmount.objects.filter(association=association).count()
    values = sorted(BudgetAmount.objects.filter(association=association).values_list("amount", flat=True))
    call_command("import_budget", "--association", "y", path)
    assert BudgetAmount.objects.filter(association=association).count() == count == len(seed_data.PLAN_004) * 4
    assert sorted(BudgetAmount.objects.filter(association=association).values_list("amount", flat=True)) == values


def test_import_budget_accepts_semicolons_swedish_amounts_and_labels() -> None:
    association = core_services.association_create(acting_user=None, slug="z", name="Z")
    data = (
        "\ufeffyear;line;name;category;intervention;version;amount\n"
        "2025;1063;Team;Individinsatser;;Budget;\u22121 650 000\n"
    ).encode()
    call_command("import_budget", "--association", "z", write_temp(data))
    amount = BudgetAmount.objects.get(association=association)
    assert amount.amount == Decimal(-1_650_000)
    assert amount.line.category == "individinsatser"


def test_unmapped_ledger_amounts_are_reported_not_dropped() -> None:
    association = _seed_000()
    extra = b"date,account,cost_centre,amount,text\n2024-05-01,4610,7777,1000,x\n2024-05-01,1930,,-1000,bank\n"
    call_command("import_ledger", "--association", association.slug, write_temp(extra))
    follow = budget_followup(association=association, year=2024, until=__import__("datetime").date(2024, 8, 31))
    assert follow.unmapped == [("4610", "7777", Decimal(-1000))]
    assert follow.total()["actual"] == -1000
    # The new file replaced the year's ledger; the bank account (balance sheet) is not outcome.
    assert LedgerEntry.objects.filter(association=association).count() == 1
