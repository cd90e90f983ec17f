"""Line tables transcribed from the source documents (seeds 000, 003, 004), used by the demo and the tests.

Only the documents' input lines are here (each line's printed amounts, each kommun's population);
subtotals, results, equity, shares and splits are computed by the system and checked by tests.
Cost-centre codes are Samordna's own (the seeds print none except seed 002).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

# Seed 004, "7. BUDGET": code, name, category, Budget 2024, Budget 2025, Plan 2026, Plan 2027.
PLAN_YEARS = (2024, 2025, 2026, 2027)
PLAN_VERSIONS = ("budget", "budget", "plan", "plan")
PLAN_004: list[tuple[str, str, str, tuple[int, int, int, int]]] = [
    ("1002", "Medel från huvudmännen", "medlemsintakter", (19_038_000, 18_958_000, 18_958_000, 18_958_000)),
    ("1000", "Styrelse", "styrelse", (-606_000, -619_000, -634_000, -649_000)),
    ("1001", "Gemensam administration", "administration", (-2_022_000, -1_759_000, -1_726_000, -1_727_000)),
    ("1063", "Samordningsteam FNS", "individinsatser", (-1_525_000, -1_650_000, -1_369_500, -1_164_000)),
    ("1065", "Samordningsteam Hallstahammar", "individinsatser", (-1_200_000, -1_250_000, -1_037_500, -882_000)),
    ("1064", "Samordningsteam Sala", "individinsatser", (-1_700_000, -1_720_000, -1_427_600, -1_213_500)),
    ("1068", "Samordningsteam Surahammar", "individinsatser", (-1_200_000, -1_250_000, -1_037_500, -882_000)),
    ("1070", "Samordningsteam Västerås", "individinsatser", (-6_200_000, -6_100_000, -5_063_000, -4_304_000)),
    ("1071", "Teamsamverkan i V Mälardalen", "individinsatser", (-1_700_000, -1_550_500, -1_550_500, -1_550_500)),
    ("1067", "Psykiatriresurs Samordningsteam", "individinsatser", (-400_000, -321_500, -267_000, -227_000)),
    ("1080", "Rådgivande myndighetsgem team RMGT", "metoder", (-1_120_000, -1_254_000, -1_292_000, -1_337_000)),
    ("1081", "Inkluderingslyftet", "metoder", (0, 0, 0, 0)),
    ("1090", "Rehabkoordinatorer i samverkan", "struktur", (-595_000, -400_000, 0, 0)),
    ("1026", "Utbildningar och konferenser", "struktur", (-500_000, -200_000, -400_000, -700_000)),
    ("1095", "Processtöd", "struktur", (-1_674_000, -2_017_000, -2_082_000, -2_150_000)),
    ("1096", "SIP-utvecklare V Mälardalen", "struktur", (-40_000, 0, 0, 0)),
    ("1087", "Utvärdering", "struktur", (-100_000, -20_000, -40_000, -50_000)),
    ("1099", "Ofördelade medel", "ofordelat", (-400_000, -93_000, -300_000, -1_800_000)),
]

# Seed 000, "5. Ekonomiskt utfall per 31 augusti samt prognos för helår 2024":
# code (the matching line of seed 004), name as printed, category (as seed 004 groups the line; seed 000
# prints RMGT and "Samverkansmedel ofördelat" under its structural heading), Årsbudget 2024,
# Utfall 2024-08-31, Prognos 2024, comment (from the document's "Kommentarer").
FOLLOWUP_YEAR = 2024
FOLLOWUP_UNTIL = "2024-08-31"
FOLLOWUP_000: list[tuple[str, str, str, int, int, int, str]] = [
    ("1002", "Medel från huvudmännen", "medlemsintakter", 19_038_000, 11_898_750, 19_038_000, ""),
    (
        "1000",
        "Styrelse",
        "styrelse",
        -606_263,
        -364_535,
        -681_107,
        "Revisionskostnaden beräknas bli 100 000 kr högre än budgeterat då revisionskostnad 2023 inte blev uppbokad.",
    ),
    (
        "1001",
        "Administration",
        "administration",
        -2_022_414,
        -1_093_741,
        -1_905_575,
        "Pensionskostnaden beräknas bli 449 000 kr högre än budget; konsulttjänster beräknas bli 348 000 kr lägre "
        "än budget; årets ränteintäkter beräknas bli 180 000 kr högre än budget.",
    ),
    ("1068", "Samordningsteam Surahammar", "individinsatser", -1_200_000, -478_076, -1_200_000, ""),
    ("1065", "Samordningsteam Hallstahammar", "individinsatser", -1_200_000, -597_392, -1_200_000, ""),
    ("1070", "Samordningsteam Västerås", "individinsatser", -6_200_000, -2_908_811, -6_200_000, ""),
    (
        "1063",
        "Samordningsteamet FNS",
        "individinsatser",
        -1_525_000,
        -462_394,
        -1_425_000,
        "Medel till Samordningsteam FNS beräknas bli 100 000 lägre än budgeterat: Arbetsförmedlingen har inte "
        "personal i insatsen under hösten, verksamhetsledaren gick i pension tidigare än planerat och "
        "insatspersonal har varit deltidssjukskriven.",
    ),
    ("1064", "Samordningsteam Sala", "individinsatser", -1_700_000, -745_806, -1_700_000, ""),
    ("1071", "Teamssamverkan Västra Mälardalen", "individinsatser", -1_700_000, -595_944, -1_700_000, ""),
    ("1067", "Kurator Samordningsteam", "individinsatser", -400_000, -77_836, -300_000, ""),
    ("1080", "Myndighetsgemensamt Team Västerås", "metoder", -1_120_000, -558_825, -1_120_000, ""),
    ("1096", "SIP-Utvecklare V Mälardalen", "struktur", -40_000, -6_791, -25_000, ""),
    ("1090", "Rehabkoordinatorer i samverkan", "struktur", -595_000, -200_000, -450_000, ""),
    ("1099", "Samverkansmedel ofördelat", "ofordelat", -400_000, -31_733, -350_000, ""),
    ("1087", "Övriga utvärderingsinsatser", "struktur", -100_000, -15_000, -30_000, ""),
    ("1093", "Utvecklingsdagar samordningsteam", "struktur", 0, -1_058, -10_000, ""),
    ("1026", "Utbildningar och konferenser", "struktur", -500_000, -221_504, -600_000, ""),
    (
        "1095",
        "Processstöd samverkansinsatser",
        "struktur",
        -1_674_323,
        -1_183_969,
        -1_844_647,
        "Processtöd beräknas bli 170 000 kr högre än budgeterat på grund av högre lönekostnader än budget och att "
        "en del av lönekostnaden för förbundschefen bokats om till denna post.",
    ),
]

# Seed 003, "Bilaga 2": kommunkod, name, population (SCB autumn 2022); total 2025 and percent decimals.
ALLOCATION_YEAR = 2025
ALLOCATION_TOTAL = 8_644_000
ALLOCATION_POPULATION_YEAR = 2022
ALLOCATION_DECIMALS = 1
POPULATIONS_003: list[tuple[str, str, int]] = [
    ("0583", "Motala kommun", 43_674),
    ("0586", "Mjölby kommun", 28_269),
    ("0584", "Vadstena kommun", 7_528),
    ("0560", "Boxholms kommun", 5_512),
    ("0509", "Ödeshögs kommun", 5_309),
]

BUDGET_HEADER = ["year", "line", "name", "category", "intervention", "version", "amount", "comment"]


def _csv(rows: Iterable[list[str]], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def plan_csv() -> bytes:
    """Seed 004's lines as a Budget CSV (budget 2024–2025, plan 2026–2027)."""
    rows = []
    for code, name, category, amounts in PLAN_004:
        for year, version, amount in zip(PLAN_YEARS, PLAN_VERSIONS, amounts, strict=True):
            rows.append([str(year), code, name, category, "", version, str(amount), ""])
    return _csv(rows, BUDGET_HEADER)


def followup_budget_csv(*, with_budget: bool = True) -> bytes:
    """Seed 000's Årsbudget (optional) and Prognos columns as a Budget CSV (comments on the forecast).

    Without the budget column (the demo, where seed 004 gives the budget) lines keep seed 004's names.
    """
    plan_names = {code: name for code, name, _c, _a in PLAN_004}
    rows = []
    for code, printed_name, category, budget, _actual, forecast, comment in FOLLOWUP_000:
        name = printed_name if with_budget else plan_names.get(code, printed_name)
        if with_budget:
            rows.append([str(FOLLOWUP_YEAR), code, name, category, "", "budget", str(budget), ""])
        rows.append([str(FOLLOWUP_YEAR), code, name, category, "", "forecast", str(forecast), comment])
    return _csv(rows, BUDGET_HEADER)


def followup_ledger_csv() -> bytes:
    """Seed 000's outcome to 31 August as a ledger CSV (accounting sign: costs debit +, income credit −)."""
    rows = []
    for code, _name, category, _budget, actual, _forecast, _comment in FOLLOWUP_000:
        account = "3511" if category in ("medlemsintakter", "ovriga_intakter") else "4610"
        rows.append([FOLLOWUP_UNTIL, account, code, str(-actual), "Utfall t.o.m. augusti"])
    return _csv(rows, ["date", "account", "cost_centre", "amount", "text"])


# Seed 002, "7. Driftsredovisning" (Norra Västmanland 2017): code, name, category, Årsbudget, Kostnader, Intäkter.
OPERATING_YEAR = 2017
OPERATING_002: list[tuple[str, str, str, int, int, int]] = [
    ("1000", "Styrelsen", "styrelse", -439_500, -404_489, 0),
    ("1001", "Gemensam administration", "administration", -1_144_000, -1_265_225, 0),
    ("1002", "Medel från huvudmännen", "medlemsintakter", 7_800_000, 0, 7_800_000),
    ("1003", "Bilkonto", "administration", -39_000, -28_324, 0),
    ("1026", "Läns-gemensamma utbildningsinsatser", "struktur", -165_000, -164_794, 0),
    ("1036", "Vidareutbildning lösningsfokus", "struktur", -161_000, -160_427, 0),
    ("1063", "Samordningsteam FNS", "individinsatser", -1_897_000, -1_820_191, 0),
    ("1064", "Samordningsteam Sala", "individinsatser", -1_815_000, -1_859_996, 0),
    ("1065", "Samordningsteam Hallsta/Sura", "individinsatser", -1_935_000, -1_729_588, 0),
    ("1066", "Extern medbedömning", "metoder", -45_000, -40_888, 0),
    ("1067", "Kurator Samordningsteam", "individinsatser", -395_000, -663_149, 300_000),
    ("1077", "Unga Val", "individinsatser", -187_880, -187_880, 0),
    ("1078", "Gemensamt förhållningssätt Unga FNS (Young IRL)", "metoder", -46_816, -46_816, 0),
    ("1086", "Andra utbildningsinsatser", "struktur", -115_396, -115_396, 0),
    ("1087", "Övriga utvärderingsinsatser", "struktur", -200_000, 0, 0),
    ("1091", "GULF 17 (Grundutbildning lösningsfokus)", "struktur", -106_000, -84_580, 0),
    ("1092", "GULF 18 (Grundutbildning lösningsfokus)", "struktur", -53_508, -105_507, 0),
    ("1093", "Utvecklingsdagar samordningsteam", "struktur", -15_000, -13_709, 0),
]


def operating_budget_csv() -> bytes:
    """Seed 002's Årsbudget column as a Budget CSV."""
    rows = [
        [str(OPERATING_YEAR), code, name, category, "", "budget", str(budget), ""]
        for code, name, category, budget, _costs, _income in OPERATING_002
    ]
    return _csv(rows, BUDGET_HEADER)


def operating_ledger_csv() -> bytes:
    """Seed 002's Kostnader and Intäkter as a ledger CSV (costs on 4610 debit +, income on 3511 credit −)."""
    rows = []
    for code, _name, _category, _budget, costs, income in OPERATING_002:
        if costs:
            rows.append([f"{OPERATING_YEAR}-12-31", "4610", code, str(-costs), "Kostnader"])
        if income:
            rows.append([f"{OPERATING_YEAR}-12-31", "3511", code, str(-income), "Intäkter"])
    return _csv(rows, ["date", "account", "cost_centre", "amount", "text"])


# Seed 002 (årsredovisning 2017): a ledger of balances that reproduces its statements to the krona, with öre
# where the printed document rounds (see finance/tests/test_annual_accounts.py). Debit +.
ANNUAL_002_NAMES = {
    "1630": "Skattekontot",
    "1640": "Debiterad preliminärskatt",
    "1650": "Moms",
    "1680": "Övriga fordringar",
    "1930": "Bank",
    "2010": "Eget kapital",
    "2250": "Avsättningar",
    "2440": "Leverantörsskulder",
    "2710": "Prelskatt löner",
    "2730": "Lagstadgad arbetsgivaravgift",
    "2920": "Semesterlöneskuld",
    "2940": "Pensionskostnad individuell del",
    "2950": "Upplupen särskild löneskatt individuell del",
    "2990": "Övriga upplupna kostnader",
    "3510": "Medlemsbidrag Försäkringskassan och Arbetsförmedlingen",
    "3511": "Medlemsbidrag Landstinget Västmanland",
    "3512": "Medlemsbidrag Fagersta kommun",
    "3513": "Medlemsbidrag Norbergs kommun",
    "3514": "Medlemsbidrag Skinnskattebergs kommun",
    "3515": "Medlemsbidrag Sala kommun",
    "3516": "Medlemsbidrag Hallstahammars kommun",
    "3517": "Medlemsbidrag Surahammars kommun",
    "3900": "Övriga intäkter",
    "4610": "Verksamhetens kostnader",
    "8400": "Finansiella intäkter",
    "8500": "Finansiella kostnader",
}
# (year number, kind): {account: amount in the ledger's sign, debit +}
ANNUAL_002_LEDGER: dict[tuple[int, str], dict[str, str]] = {
    (-1, "IB"): {
        "1630": "14006", "1640": "7884", "1650": "20770", "1680": "325", "1930": "4390706.60",
        "2010": "-2478926.70", "2250": "-160295", "2440": "-1794469.90",
    },
    (-1, "UB"): {
        "1630": "14006", "1640": "7884", "1650": "19338", "1680": "325", "1930": "6513315.60",
        "2010": "-2478926.70", "2250": "-166508",
        "2920": "-68991", "2440": "-2537447.90", "2710": "-14958", "2730": "-14853", "2940": "-22782", "2950": "-11031",
    },
    (-1, "RES"): {
        "3510": "-4180224", "3511": "-2230484", "3512": "-359308", "3513": "-157008", "3514": "-121388",
        "3515": "-597339", "3516": "-424639", "3517": "-270803", "3900": "-8793", "4610": "7108194",
        "8400": "-148", "8500": "2569",
    },
    (0, "IB"): {
        "1630": "14006", "1640": "7884", "1650": "19338", "1680": "325", "1930": "6513315.60",
        "2010": "-3718297.70", "2250": "-166508",
        "2920": "-68991", "2440": "-2537447.90", "2710": "-14958", "2730": "-14853", "2940": "-22782", "2950": "-11031",
    },
    (0, "UB"): {
        "1630": "14006", "1640": "7884", "1650": "25312", "1680": "2227", "1930": "5753392.40",
        "2010": "-3718297.70", "2250": "-170236",
        "2920": "-80055", "2440": "-2245430.10", "2710": "-25981", "2730": "-24929", "2940": "-27944",
        "2950": "-12306", "2990": "-88600",
    },
    (0, "RES"): {
        "3510": "-3900000", "3511": "-1950000", "3512": "-362934", "3513": "-157346", "3514": "-120860",
        "3515": "-605496", "3516": "-430586", "3517": "-272778", "3900": "-300000", "4610": "8664485",
        "8500": "26472.40",
    },
}  # fmt: skip


def annual_002_sie(ledger: dict[tuple[int, str], dict[str, str]] | None = None) -> bytes:
    """Seed 002's 2017 and 2016 balances as a SIE 1 file (`#IB`, `#UB`, `#RES` of years 0 and −1)."""
    ledger = ANNUAL_002_LEDGER if ledger is None else ledger
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 1",
        '#FNAMN "Samordningsförbundet Norra Västmanland"',
        "#RAR 0 20170101 20171231",
        "#RAR -1 20160101 20161231",
    ]
    lines += [f'#KONTO {number} "{name}"' for number, name in ANNUAL_002_NAMES.items()]
    for (year, kind), amounts in ledger.items():
        lines += [f"#{kind} {year} {account} {Decimal(amount):.2f}" for account, amount in amounts.items()]
    return ("\n".join(lines) + "\n").encode("cp437")
