"""Driftsredovisning (seed 002) built from the seed's lines through import_budget and import_ledger."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from samordna.core import services as core_services
from samordna.finance import seed_data
from samordna.finance.selectors import operating_statement
from samordna.finance.tests.helpers import write_temp

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():  # noqa: ANN201
    association = core_services.association_create(acting_user=None, slug="norra-vastmanland", name="Norra")
    call_command("import_budget", "--association", association.slug, write_temp(seed_data.operating_budget_csv()))
    call_command("import_ledger", "--association", association.slug, write_temp(seed_data.operating_ledger_csv()))
    return association


def test_each_cost_centre_matches_the_printed_row(association) -> None:  # noqa: ANN001
    rows = {r.code: r for r in operating_statement(association=association, year=2017)}
    kurator = rows["1067"]
    assert (kurator.budget, kurator.costs, kurator.income, kurator.net, kurator.deviation) == (
        -395_000,
        -663_149,
        300_000,
        -363_149,
        -31_851,
    )
    assert rows["1064"].deviation == 44_996  # Nettoavvikelse = årsbudget − nettokostnad, as printed
    assert rows["1002"].net == 7_800_000 and rows["1002"].deviation == 0
    assert rows["1087"].deviation == -200_000


def test_summa_is_computed_from_the_rows(association) -> None:  # noqa: ANN001
    # The printed Summa row (−8 690 957 / −590 957 / −369 143) is 2 kr off its own rows, which sum to
    # −8 690 959 / −590 959 / −369 141; the budget and income columns agree. Samordna sums the rows.
    out = io.StringIO()
    call_command(
        "report",
        "driftsredovisning",
        "--association",
        association.slug,
        "--year",
        "2017",
        "--format",
        "json",
        stdout=out,
    )
    total = json.loads(out.getvalue())["total"]
    assert total == {
        "budget": -960_100,
        "costs": -8_690_959,
        "income": 8_100_000,
        "net": -590_959,
        "deviation": -369_141,
    }
