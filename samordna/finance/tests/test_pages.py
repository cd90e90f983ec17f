"""Finance pages: who may do what (admin writes; viewers see adopted figures only), grid editor, uploads, exports."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samordna.core.choices import Role
from samordna.finance import seed_data, services
from samordna.finance.models import BudgetAmount, BudgetLine, LedgerEntry
from samordna.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(cast: Cast, name: str, **kwargs: Any) -> str:
    return reverse(f"finance:{name}", kwargs={"association": cast.a.association.slug, **kwargs})


@pytest.fixture
def budget(cast: Cast) -> Cast:
    association = cast.a.association
    services.budget_import(acting_user=None, association=association, data=seed_data.followup_budget_csv())
    services.budget_import(acting_user=None, association=association, data=seed_data.plan_csv())
    return cast


def test_viewer_sees_plan_but_no_forecast(budget: Cast, client_for: Any) -> None:
    viewer = client_for(Role.VIEWER)
    plan = viewer.get(url(budget, "plan") + "?years=2024-2027")
    assert plan.status_code == 200
    assert "RESULTAT" in plan.content.decode()
    follow = viewer.get(url(budget, "followup") + "?year=2024&until=2024-08-31").content.decode()
    assert "Årsbudget 2024" in follow and "Prognos" not in follow
    admin = client_for(Role.ADMIN).get(url(budget, "followup") + "?year=2024&until=2024-08-31").content.decode()
    assert "Prognos 2024" in admin and "Avvikelse prognos från budget" in admin and "<svg" in admin
    data = viewer.get(url(budget, "followup") + "?year=2024&until=2024-08-31&format=json").json()
    assert all(line["forecast"] is None for line in data["lines"])


def test_only_admin_writes(budget: Cast, client_for: Any) -> None:
    line = BudgetLine.objects.get(association=budget.a.association, code="1063")
    for role in (Role.VIEWER, Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        client = client_for(role)
        assert client.get(url(budget, "grid")).status_code == 403
        assert client.post(url(budget, "grid"), {f"cell-{line.pk}-2024": "1"}).status_code == 403
        assert client.post(url(budget, "import"), {}).status_code == 403
        assert client.post(url(budget, "equity-set"), {"year": 2024, "amount": 1}).status_code == 403
    assert BudgetAmount.objects.get(line=line, year=2024, version="budget").amount == Decimal(-1_525_000)
    for role in (Role.INTERVENTION_MANAGER, Role.REGISTRAR):
        assert client_for(role).get(url(budget, "plan")).status_code == 403


def test_grid_saves_changed_cells_and_refuses_bad_ones(budget: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    page = admin.get(url(budget, "grid") + "?version=budget&from=2024&to=2025")
    assert page.status_code == 200 and "grid.js" in page.content.decode()
    fns = BudgetLine.objects.get(association=budget.a.association, code="1063")
    sala = BudgetLine.objects.get(association=budget.a.association, code="1064")
    bad = admin.post(
        url(budget, "grid"),
        {
            "version": "budget",
            "from": 2024,
            "to": 2025,
            f"cell-{fns.pk}-2025": "-1 700 000",
            f"cell-{sala.pk}-2025": "mycket",
        },
    )
    assert bad.status_code == 400 and "1064 2025" in bad.content.decode()
    assert BudgetAmount.objects.get(line=fns, year=2025, version="budget").amount == Decimal(-1_650_000)
    good = admin.post(
        url(budget, "grid"),
        {
            "version": "budget",
            "from": 2024,
            "to": 2025,
            f"cell-{fns.pk}-2025": "-1 700 000",
            f"cell-{sala.pk}-2025": "",
            f"comment-{fns.pk}": "Höjd ram",
        },
    )
    assert good.status_code == 302
    assert BudgetAmount.objects.get(line=fns, year=2025, version="budget").amount == Decimal(-1_700_000)
    assert BudgetAmount.objects.get(line=fns, year=2024, version="budget").comment == "Höjd ram"
    assert not BudgetAmount.objects.filter(line=sala, year=2025, version="budget").exists()


def test_import_page_lists_problems_and_writes_nothing(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    bad = SimpleUploadedFile("bad.se", b"#FLAGGA 0\n#KSUMMA\n#RAR 0 20240101 20241231\n")
    response = admin.post(url(cast, "import"), {"ledger-file": bad})
    assert response.status_code == 200
    assert "avkortad" in response.content.decode()
    assert not LedgerEntry.objects.filter(association=cast.a.association).exists()
    good = SimpleUploadedFile("budget.csv", seed_data.plan_csv())
    assert admin.post(url(cast, "import"), {"budget-file": good}).status_code == 302
    assert BudgetLine.objects.filter(association=cast.a.association).count() == len(seed_data.PLAN_004)


def test_exports_from_pages(budget: Cast, client_for: Any) -> None:
    response = client_for(Role.VIEWER).get(url(budget, "plan") + "?years=2024-2027&format=xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    result = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "RESULTAT")
    assert list(result[2:]) == [-1_944_000, -1_246_000, 731_400, 322_000]


def test_allocation_page_and_setting_the_total(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    response = admin.post(url(cast, "allocation-set"), {"year": 2024, "total": 1_000_000})
    assert response.status_code == 302
    page = admin.get(url(cast, "allocation") + "?year=2024").content.decode()
    assert "500\u00a0000" in page and "250\u00a0000" in page


def test_mapping_page_adds_a_rule(budget: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    line = BudgetLine.objects.get(association=budget.a.association, code="1063")
    assert (
        admin.post(url(budget, "mapping"), {"account": "4610", "cost_centre": "9999", "line": line.pk}).status_code
        == 302
    )
    assert line.mappings.count() == 1
    other = BudgetLine.objects.create(association=budget.b.association, code="1", name="B", category="styrelse")
    response = admin.post(url(budget, "mapping"), {"account": "1", "line": other.pk})
    assert response.status_code == 200 and line.mappings.count() == 1


def _api(cast: Cast, name: str) -> str:
    return f"/api/v1/associations/{cast.a.association.slug}/{name}/"


def test_api_viewer_gets_adopted_versions_only_and_cannot_write(budget: Cast, client_for: Any) -> None:
    viewer = client_for(Role.VIEWER)
    versions = {row["version"] for row in viewer.get(_api(budget, "budget-amounts") + "?year=2024").json()["results"]}
    assert versions == {"budget"}
    admin_versions = {
        row["version"]
        for row in client_for(Role.ADMIN).get(_api(budget, "budget-amounts") + "?year=2024").json()["results"]
    }
    assert admin_versions == {"budget", "forecast"}
    response = viewer.post(
        _api(budget, "budget-amounts"),
        {"line": "1063", "year": 2024, "version": "budget", "amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_api_admin_sets_an_amount_through_the_service(budget: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    response = admin.post(
        _api(budget, "budget-amounts"),
        {"line": "1063", "year": 2024, "version": "budget", "amount": "-1600000.00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    line = BudgetLine.objects.get(association=budget.a.association, code="1063")
    assert BudgetAmount.objects.get(line=line, year=2024, version="budget").amount == Decimal(-1_600_000)
    assert BudgetAmount.objects.filter(line=line, year=2024, version="budget").count() == 1


def test_agreed_shares_from_the_allocation_page(cast: Cast, client_for: Any) -> None:
    admin = client_for(Role.ADMIN)
    kommun = cast.a.kommun
    admin.post(url(cast, "allocation-set"), {"year": 2024, "total": 1_000_000})
    assert admin.post(url(cast, "shares-set"), {"year": 2024, f"share-{kommun.pk}": "100"}).status_code == 302
    assert kommun.agreed_shares.get(year=2024).percent == 100
    assert admin.post(url(cast, "shares-set"), {"year": 2024, f"share-{kommun.pk}": "50"}).status_code == 302
    assert kommun.agreed_shares.get(year=2024).percent == 100  # refused: must sum to 100
    admin.post(url(cast, "shares-set"), {"year": 2024, f"share-{kommun.pk}": ""})
    assert not kommun.agreed_shares.exists()
    assert client_for(Role.VIEWER).post(url(cast, "shares-set"), {"year": 2024}).status_code == 403
