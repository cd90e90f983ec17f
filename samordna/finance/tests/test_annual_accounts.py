"""Annual accounts: seed 002's statements (2017 with 2016 beside) from a small SIE ledger, the checks, the blocks.

The ledger (`seed_data.ANNUAL_002_LEDGER`, also the demo's 2017 ledger) is made for the test: one SIE 1 file
for 2017 with #IB, #UB and #RES of 2017 (year 0) and 2016 (year −1) on the default BAS map's accounts. Where
the printed document rounds, the ledger carries öre so that every printed figure comes out to the krona when
rounded half up, as the document does:
* Eget kapital 2017 is printed 3 127 340 although 3 718 298 − 590 957 = 3 127 341: the ledger has
  3 718 297,70 and −590 957,40, which give 3 127 340,30.
* The cash flow 2017 is printed −759 923 though the cash changes by 5 753 392 − 6 513 316 = −759 924: the ledger
  has cash 6 513 315,60 → 5 753 392,40 (−759 923,20) and kortfristiga skulder −164 817,80.
* One figure cannot be reproduced by a consistent ledger: 2016's "Likvida medel vid årets början" is printed
  4 377 818, but the printed 2016 flows (2 122 609) and closing cash (6 513 316) give 4 390 707: the printed
  document is 12 889 kr off against itself. The test expects the consistent 4 390 707.
* The key figures (1.6.1, in tkr) print a budgeted nettokostnad of −958 tkr beside a budgeted result of −960 tkr:
  Samordna's budget has no financial lines, so its budgeted nettokostnad is the result (−960 tkr).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samordna.core import services as core_services
from samordna.core.models import Association
from samordna.finance.annual import AccountsBlocked, annual_accounts
from samordna.finance.models import AccountBalance, AccountRange
from samordna.finance.seed_data import annual_002_sie
from samordna.finance.tests.helpers import write_temp

pytestmark = pytest.mark.django_db

BUDGET_2017 = (
    "year,line,name,category,intervention,version,amount\n"
    "2017,1002,Medel från huvudmännen,medlemsintakter,,budget,7800000\n"
    "2017,1067,Kurator samordningsteam (intäkt),ovriga_intakter,,budget,300000\n"
    "2017,1000,Verksamhetens kostnader,administration,,budget,-9060100\n"
)


@pytest.fixture
def association() -> Association:
    association = core_services.association_create(
        acting_user=None, slug="norra-vastmanland", name="Samordningsförbundet Norra Västmanland"
    )
    call_command("import_ledger", "--association", association.slug, write_temp(annual_002_sie(), ".se"))
    return association


def kr(value: Any) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def printed(section: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    return {key: (kr(v["2017"]), kr(v["2016"])) for key, v in section.items()}


def report(association: Association, capsys: pytest.CaptureFixture[str], fmt: str = "json") -> dict[str, Any]:
    capsys.readouterr()
    call_command("report", "annual-accounts", "--association", association.slug, "--year", "2017", "--format", fmt)
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_seed_002_statements_to_the_krona(association: Association, capsys: pytest.CaptureFixture[str]) -> None:
    data = report(association, capsys)
    assert data["year"] == 2017 and data["previous_year"] == 2016
    rr = printed(data["income_statement"])
    assert rr["medlemsavgifter"] == (7_800_000, 8_341_193)
    assert rr["bidrag"] == (0, 0)
    assert rr["ovriga_intakter"] == (300_000, 8_793)
    assert rr["verksamhetens_kostnader"] == (-8_664_485, -7_108_194)
    assert rr["verksamhetens_nettokostnad"] == (-564_485, 1_241_792)
    assert rr["finansiella_intakter"] == (0, 148)
    assert rr["finansiella_kostnader"] == (-26_472, -2_569)
    assert rr["resultat_fore_extraordinara_poster"] == (-590_957, 1_239_371)
    assert rr["extraordinara_poster"] == (0, 0)
    assert rr["arets_resultat"] == (-590_957, 1_239_371)
    br = printed(data["balance_sheet"])
    assert br["fordringar"] == (49_429, 41_553)
    assert br["kassa_och_bank"] == (5_753_392, 6_513_316)
    assert br["summa_omsattningstillgangar"] == (5_802_821, 6_554_869)
    assert br["summa_tillgangar"] == (5_802_821, 6_554_869)
    assert br["eget_kapital"] == (3_127_340, 3_718_298)
    assert br["avsattningar"] == (170_236, 166_508)
    assert br["kortfristiga_skulder"] == (2_505_245, 2_670_063)
    assert br["summa_eget_kapital_och_skulder"] == (5_802_821, 6_554_869)
    assert br["anlaggningstillgangar"] == br["langfristiga_skulder"] == (0, 0)
    cf = printed(data["cash_flow"])
    assert cf["arets_resultat"] == (-590_957, 1_239_371)
    assert cf["ej_likviditetspaverkande"] == (3_728, 6_213)
    assert cf["medel_fore_forandring_av_rorelsekapital"] == (-587_229, 1_245_584)
    assert cf["forandring_fordringar"] == (-7_876, 1_432)
    assert cf["forandring_kortfristiga_skulder"] == (-164_818, 875_593)
    assert cf["lopande_verksamhet"] == (-759_923, 2_122_609)
    assert cf["investeringar"] == cf["finansiering"] == (0, 0)
    assert cf["arets_kassaflode"] == (-759_923, 2_122_609)
    assert cf["likvida_medel_vid_arets_borjan"] == (6_513_316, 4_390_707)  # printed 4 377 818: see the module
    assert cf["likvida_medel_vid_arets_slut"] == (5_753_392, 6_513_316)
    notes = {
        note: {r["account"]: (kr(r["amounts"]["2017"]), kr(r["amounts"]["2016"])) for r in rows}
        for note, rows in data["notes"].items()
    }
    assert notes["intakter"] == {
        "3510": (3_900_000, 4_180_224),
        "3511": (1_950_000, 2_230_484),
        "3512": (362_934, 359_308),
        "3513": (157_346, 157_008),
        "3514": (120_860, 121_388),
        "3515": (605_496, 597_339),
        "3516": (430_586, 424_639),
        "3517": (272_778, 270_803),
        "3900": (300_000, 8_793),
    }
    assert sum(v[0] for v in notes["intakter"].values()) == 8_100_000
    assert sum(v[1] for v in notes["intakter"].values()) == 8_349_986
    assert notes["fordringar"] == {
        "1630": (14_006, 14_006),
        "1640": (7_884, 7_884),
        "1650": (25_312, 19_338),
        "1680": (2_227, 325),
    }
    assert notes["kortfristiga_skulder"] == {
        "2920": (80_055, 68_991),
        "2440": (2_245_430, 2_537_448),
        "2710": (25_981, 14_958),
        "2730": (24_929, 14_853),
        "2940": (27_944, 22_782),
        "2950": (12_306, 11_031),
        "2990": (88_600, 0),
    }
    assert data["notes"]["intakter"][0]["name"] == "Medlemsbidrag Försäkringskassan och Arbetsförmedlingen"
    assert [c["ok"] for c in data["checks"]] == [True] * 6
    assert {(c["key"], c["year"]) for c in data["checks"]} == {
        (key, year)
        for key in ("balance_sheet_balances", "equity_is_opening_plus_result", "cash_flow_is_change_in_cash")
        for year in (2017, 2016)
    }


def test_key_figures_against_budget_and_previous_year(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("import_budget", "--association", association.slug, write_temp(BUDGET_2017.encode()))
    figures = report(association, capsys)["key_figures"]

    def tkr(value: Any) -> int | None:
        return None if value is None else kr(Decimal(str(value)) / 1000)

    shown = {key: tuple(tkr(v[k]) for k in ("actual", "budget", "deviation", "previous")) for key, v in figures.items()}
    assert shown == {
        "verksamhetens_nettokostnad": (-564, -960, 396, 1242),  # printed budget −958: see the module
        "bidrag_intakt": (8100, 8100, 0, 8350),
        "resultat": (-591, -960, 369, 1239),
        "utgaende_eget_kapital": (3127, 2758, 369, 3718),
        "likvida_medel": (5753, None, None, 6513),
    }


def test_every_format_renders_the_tables_with_two_year_columns(
    association: Association, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    capsys.readouterr()
    call_command("report", "annual-accounts", "--association", association.slug, "--year", "2017", "--format", "csv")
    text = capsys.readouterr().out
    assert "Resultaträkning" in text and "Kassa och bank;;5753392;6513316" in text
    for fmt in ("xlsx", "docx", "pdf"):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "report", "annual-accounts", "--association", association.slug, "--year", "2017", "--format", fmt,
            "-o", str(out),
        )  # fmt: skip
        assert out.stat().st_size > 1000


def _shift(association: Association, year: int, kind: str, account: str, delta: str) -> None:
    """Make the stored ledger inconsistent (as data written before the checks, or edited by hand would be)."""
    balance = AccountBalance.objects.get(association=association, year=year, kind=kind, account=account)
    balance.amount += Decimal(delta)
    balance.save()


def test_balance_sheet_check_fails_with_the_difference(association: Association) -> None:
    _shift(association, 2017, "ub", "1930", "125.50")
    failed = [c for c in annual_accounts(association=association, year=2017).checks if not c.ok]
    assert [(c.key, c.year) for c in failed][0] == ("balance_sheet_balances", 2017)
    assert failed[0].difference == Decimal("125.50")
    assert "skillnaden är 125,50 kr" in failed[0].message


def test_equity_check_fails_when_equity_moved_without_a_result(association: Association) -> None:
    _shift(association, 2017, "ub", "2010", "-1000")
    _shift(association, 2017, "ub", "1930", "1000")  # a deposit booked straight to equity: the sheet still balances
    checks = {(c.key, c.year): c for c in annual_accounts(association=association, year=2017).checks}
    assert checks[("balance_sheet_balances", 2017)].ok
    assert checks[("cash_flow_is_change_in_cash", 2017)].ok
    equity = checks[("equity_is_opening_plus_result", 2017)]
    assert not equity.ok and equity.difference == Decimal("1000")
    assert "skillnaden är 1000,00 kr" in equity.message


def test_cash_flow_check_fails_when_the_opening_balances_do_not_hold(association: Association) -> None:
    _shift(association, 2017, "ib", "1930", "-500")
    checks = {(c.key, c.year): c for c in annual_accounts(association=association, year=2017).checks}
    cash = checks[("cash_flow_is_change_in_cash", 2017)]
    assert not cash.ok and cash.difference == Decimal("-500")
    assert checks[("balance_sheet_balances", 2017)].ok


def test_the_failed_checks_are_in_the_report(association: Association, capsys: pytest.CaptureFixture[str]) -> None:
    _shift(association, 2017, "ub", "1930", "125.50")
    capsys.readouterr()
    call_command("report", "annual-accounts", "--association", association.slug, "--year", "2017", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    failed = [c for c in data["checks"] if not c["ok"]]
    assert failed[0]["difference"] == 125.5 and "125,50 kr" in failed[0]["message"]


def test_a_balance_on_an_unmapped_account_blocks_the_report(
    association: Association, capsys: pytest.CaptureFixture[str]
) -> None:
    AccountRange.objects.create(association=association, first="1000", last="2999", line="kassa_och_bank")
    AccountRange.objects.create(association=association, first="3000", last="3899", line="medlemsavgifter")
    AccountRange.objects.create(association=association, first="4000", last="8999", line="verksamhetens_kostnader")
    with pytest.raises(AccountsBlocked) as caught:
        annual_accounts(association=association, year=2017)
    assert "3900 Övriga intäkter" in caught.value.messages[0]
    with pytest.raises(CommandError, match="3900 Övriga intäkter"):
        call_command(
            "report", "annual-accounts", "--association", association.slug, "--year", "2017", "--format", "json"
        )


def test_a_year_without_balances_says_so(association: Association) -> None:
    with pytest.raises(Exception, match="inga saldon för 2019"):
        annual_accounts(association=association, year=2019)
