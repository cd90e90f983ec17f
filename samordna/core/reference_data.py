"""Default code lists (end-reason definitions from seed 002, SUS 1–9)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

KOMMUNER_CSV = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"

# (code, label, help text, positive outcome)
END_REASONS: list[tuple[str, str, str, bool]] = [
    (
        "1",
        "Till arbete, studier eller arbetssökande",
        "Deltagaren går vidare till arbete med eller utan subvention, eget företag eller studier, "
        "eller är aktivt arbetssökande efter insatsen.",
        True,
    ),
    (
        "2",
        "Fortsatt rehabilitering",
        "Deltagaren går vidare till annan rehabiliteringsinsats efter avslutad insats, till exempel fortsatt "
        "arbetslivsinriktad rehabilitering i den ordinarie myndighetsverksamheten eller i fortsatt samverkan.",
        True,
    ),
    (
        "3",
        "Sjukdom",
        "Deltagaren avslutar insatsen på grund av försämrat hälsotillstånd eller att hälsotillståndet inte "
        "medger fortsatt deltagande. Rehabilitering mot arbete är inte aktuellt i dagsläget.",
        False,
    ),
    ("4", "Föräldraledighet", "Deltagaren avslutar insatsen på grund av graviditet eller föräldraledighet.", False),
    ("5", "Flytt", "Deltagaren avslutar insatsen på grund av flytt från kommunen eller stadsdelen.", False),
    (
        "6",
        "Medgivande återtaget",
        "Deltagaren har tagit tillbaka sitt samtycke och medger inte fortsatt registrering.",
        False,
    ),
    (
        "7",
        "Utan mätning",
        "Deltagaren avbryter insatsen av en anledning som gör att det inte går att registrera försörjning och "
        "sysselsättning efter insatsen, till exempel att deltagaren uteblir.",
        False,
    ),
    ("8", "Felregistrering", "Felaktig registrering av deltagare. Registreringen tas bort.", False),
    (
        "9",
        "Övrigt",
        "Används om ingen av de övriga avslutsanledningarna passar. Används med försiktighet eftersom det inte "
        "går att göra något ytterligare förtydligande.",
        False,
    ),
]

SUPPORT: list[tuple[str, str]] = [
    ("forsorjningsstod", "Försörjningsstöd"),
    ("sjukpenning", "Sjukpenning/rehabiliteringspenning"),
    ("aktivitetsersattning", "Aktivitetsersättning"),
    ("sjukersattning", "Sjukersättning"),
    ("aktivitetsstod", "Aktivitetsstöd"),
    ("arbetsloshetsersattning", "Arbetslöshetsersättning"),
    ("etableringsersattning", "Etableringsersättning"),
    ("lon", "Lön/egen försörjning"),
    ("ingen", "Ingen offentlig försörjning"),
    ("annan", "Annan"),
]

OCCUPATION: list[tuple[str, str]] = [
    ("arbete", "Arbete, osubventionerat"),
    ("arbete_subventionerat", "Arbete, subventionerat"),
    ("eget_foretag", "Eget företag"),
    ("studier", "Studier"),
    ("arbetssokande", "Aktivt arbetssökande"),
    ("rehabilitering", "Fortsatt rehabilitering"),
    ("ingen", "Ingen sysselsättning"),
    ("annan", "Annan"),
]

EDUCATION: list[tuple[str, str]] = [
    ("grundskola", "Grundskola"),
    ("gymnasium", "Gymnasium"),
    ("hogskola_1", "Högskola/universitet upp till 1 år"),
    ("hogskola_3", "Högskola/universitet upp till 3 år"),
    ("hogskola_mer", "Högskola/universitet mer än 3 år"),
    ("annan_eftergymnasial", "Annan eftergymnasial utbildning"),
    ("uppgift_saknas", "Uppgift saknas"),
]


def code_list_rows() -> list[dict[str, object]]:
    """Every default code-list entry as field dicts for CodeListEntry."""
    rows: list[dict[str, object]] = []
    for order, (code, label, help_text, positive) in enumerate(END_REASONS):
        rows.append(
            {
                "list": "end_reason",
                "code": code,
                "label": label,
                "help_text": help_text,
                "sort_order": order,
                "is_positive": positive,
            }
        )
    for list_name, entries in (("support", SUPPORT), ("occupation", OCCUPATION), ("education", EDUCATION)):
        for order, (code, label) in enumerate(entries):
            rows.append(
                {
                    "list": list_name,
                    "code": code,
                    "label": label,
                    "help_text": "",
                    "sort_order": order,
                    "is_positive": False,
                }
            )
    return rows


def municipality_rows() -> list[dict[str, str]]:
    """The 290 municipalities from data/kommuner.csv."""
    with KOMMUNER_CSV.open(encoding="utf-8") as handle:
        return [
            {"code": r["kommunkod"], "name": r["kommun"], "county_code": r["lanskod"], "county_name": r["lan"]}
            for r in csv.DictReader(handle)
        ]


def load_reference_data(municipality_model: Any, code_model: Any) -> None:
    """Insert missing municipalities and code-list entries (used by the migration and by tests after a flush)."""
    known = set(municipality_model.objects.values_list("code", flat=True))
    municipality_model.objects.bulk_create(
        [municipality_model(**row) for row in municipality_rows() if row["code"] not in known]
    )
    existing = set(code_model.objects.values_list("list", "code"))
    code_model.objects.bulk_create(
        [code_model(**row) for row in code_list_rows() if (row["list"], row["code"]) not in existing]
    )
