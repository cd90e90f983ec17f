"""Budget text refuses a personnummer and control characters: grid, line page, API and CSV import (issue #11)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from samordna.finance import seed_data, services
from samordna.finance.budget_import import validate_budget_csv
from samordna.finance.models import BudgetAmount, BudgetLine
from samordna.finance.parsing import ImportFailed
from samordna.testing import nasty
from samordna.testing.cast import Cast
from samordna.testing.forms import BAD_TEXT, form_data, says_why

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
API = "/api/v1/associations/alfa"


@pytest.fixture
def budget(cast: Cast) -> Cast:
    services.budget_import(acting_user=None, association=cast.a.association, data=seed_data.followup_budget_csv())
    return cast


def line_1063(cast: Cast) -> BudgetLine:
    return BudgetLine.objects.get(association=cast.a.association, code="1063")


def comment_2024(line: BudgetLine) -> str:
    return BudgetAmount.objects.get(line=line, year=2024, version="budget").comment


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_grid_comment_refused_naming_the_line(kind: str, budget: Cast, client_for: Clients) -> None:
    line = line_1063(budget)
    before = comment_2024(line)
    response = client_for("admin").post(
        reverse("finance:grid", kwargs={"association": "alfa"}),
        {"version": "budget", "from": 2024, "to": 2024, f"comment-{line.pk}": BAD_TEXT[kind][0]},
    )
    assert response.status_code == 400
    error = response.context["errors"][f"comment-{line.pk}"]
    assert error.startswith("1063, kommentar") and says_why(error, kind)
    assert comment_2024(line) == before


def test_grid_comment_may_have_line_breaks(budget: Cast, client_for: Clients) -> None:
    line = line_1063(budget)
    response = client_for("admin").post(
        reverse("finance:grid", kwargs={"association": "alfa"}),
        {"version": "budget", "from": 2024, "to": 2024, f"comment-{line.pk}": "Höjd ram\nbeslut § 12"},
    )
    assert response.status_code == 302
    assert comment_2024(line) == "Höjd ram\nbeslut § 12"


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_line_page_refuses(kind: str, budget: Cast, client_for: Clients) -> None:
    admin = client_for("admin")
    line = line_1063(budget)
    target = reverse("finance:line-edit", kwargs={"association": "alfa", "pk": line.pk})
    form = admin.get(target).context["form"]
    response = admin.post(target, form_data(form, name=BAD_TEXT[kind][0]))
    assert response.status_code == 200 and says_why(response.context["form"].errors["name"], kind)
    assert BudgetLine.objects.get(pk=line.pk).name == line.name


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_api_refuses(kind: str, budget: Cast, client_for: Clients) -> None:
    api = client_for("admin")
    line = line_1063(budget)
    amount = BudgetAmount.objects.get(line=line, year=2024, version="budget")
    value = BAD_TEXT[kind][0]
    response = api.patch(f"{API}/budget-amounts/{amount.pk}/", {"comment": value}, content_type="application/json")
    assert response.status_code == 400 and says_why(response.json()["comment"], kind), response.content
    response = api.post(
        f"{API}/budget-amounts/",
        {"line": "1063", "year": 2031, "version": "budget", "amount": "1", "comment": value},
        content_type="application/json",
    )
    assert response.status_code == 400 and says_why(response.json()["comment"], kind), response.content
    response = api.patch(f"{API}/budget-lines/{line.pk}/", {"name": value}, content_type="application/json")
    assert response.status_code == 400 and says_why(response.json()["name"], kind), response.content
    assert comment_2024(line) == amount.comment
    assert not BudgetAmount.objects.filter(year=2031).exists()
    assert BudgetLine.objects.get(pk=line.pk).name == line.name


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_csv_import_refuses_naming_row_and_column(kind: str, cast: Cast) -> None:
    value = BAD_TEXT[kind][0]
    header = ["year", "line", "name", "category", "version", "amount", "comment"]
    rows = [
        ["2025", "1000", "Styrelse", "styrelse", "budget", "-619000", value],
        ["2025", "1001", value, "administration", "budget", "-1", ""],
    ]
    with pytest.raises(ImportFailed) as failed:
        validate_budget_csv(association=cast.a.association, data=nasty.csv_bytes([header, *rows]))
    problems = {(p.row, p.column): str(p) for p in failed.value.problems}
    assert says_why(problems[(2, "comment")], kind) and says_why(problems[(3, "name")], kind), problems
    assert not BudgetLine.objects.filter(association=cast.a.association).exists()


def test_csv_import_keeps_a_wrong_control_digit(cast: Cast) -> None:
    header = ["year", "line", "name", "category", "version", "amount", "comment"]
    row = ["2025", "1000", "Styrelse", "styrelse", "budget", "-619000", "Verifikation 8001011230"]
    rows = validate_budget_csv(association=cast.a.association, data=nasty.csv_bytes([header, row]))
    assert rows[0].comment == "Verifikation 8001011230"
