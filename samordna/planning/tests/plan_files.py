"""Plan JSON documents for the tests: the contract's example and the RMGT goal matrix of seed 001 (SFV § 42)."""

from __future__ import annotations

import copy
import json
from typing import Any

RMGT_GOALS: list[dict[str, Any]] = [
    {
        "code": "RMGT:1",
        "text": "Upplevd nytta: individerna och handläggarna/vårdgivarna ska uppleva att samrådet med RMGT har varit "
        "till nytta.",
        "interventions": ["2001"],
        "indicators": [
            {
                "code": "a",
                "name": "Andel individer som upplevt samrådet som till nytta",
                "target": 100,
                "unit": "percent",
                "measured_at": "meeting",
                "source": {"kind": "survey_share", "survey": "rmgt-motet", "question": "nytta-individ", "at_least": 4},
            },
            {
                "code": "b",
                "name": "Andel handläggare som upplevt samrådet som till nytta",
                "target": 100,
                "unit": "percent",
                "measured_at": "meeting",
                "source": {"kind": "manual"},
                "values": {"2024": 96},
            },
        ],
    },
    {
        "code": "RMGT:2",
        "text": "Resurseffektivitet – beläggningsgrad: 80 % av teamets arbetstid ska bestå av rådgivande möten.",
        "interventions": ["2001"],
        "indicators": [
            {
                "code": "a",
                "name": "Andel av arbetstiden i rådgivande möten",
                "target": 80,
                "unit": "percent",
                "measured_at": "continuous",
                "source": {"kind": "manual"},
                "values": {"2024": 72.5},
            },
        ],
    },
    {
        "code": "RMGT:4",
        "text": "Försörjning – andel som går till arbete eller studier.",
        "interventions": ["1063"],
        "assessments": [{"year": 2024, "until": "2024-08-31", "status": "delvis", "comment": "Halvår."}],
        "indicators": [
            {
                "code": "a",
                "name": "Andel som går till arbete",
                "target": 25,
                "unit": "percent",
                "measured_at": "12m",
                "source": {
                    "kind": "followup_share",
                    "months": 12,
                    "occupation": ["arbete", "arbete_subventionerat", "eget_foretag"],
                },
            },
            {
                "code": "b",
                "name": "Andel som går till studier",
                "target": 10,
                "unit": "percent",
                "measured_at": "12m",
                "source": {"kind": "followup_share", "months": 12, "occupation": ["studier"]},
            },
            {
                "code": "c",
                "name": "Minskat behov av offentlig försörjning",
                "unit": "percent",
                "measured_at": "12m",
                "source": {"kind": "support_reduced", "months": 12},
            },
        ],
    },
]


def plan_document() -> dict[str, Any]:
    """A two-year plan for the cast's förbund A: the contract's example goal and the RMGT matrix."""
    return {
        "plan": {
            "code": "vp-2024",
            "title": "Verksamhetsplan 2024–2025",
            "from_year": 2024,
            "to_year": 2025,
            "status": "adopted",
            "adopted_on": "2023-11-20",
            "decision": "SFV § 42",
        },
        "goal_areas": [
            {
                "code": "1",
                "name": "Att stödja individinsatser där myndigheterna behöver samordna sin rehabilitering",
                "goals": [
                    {
                        "code": "1:1",
                        "text": "Deltagarna i samordningsteamen närmar sig arbete och egen försörjning.",
                        "interventions": ["1063", "1064"],
                        "assessments": [
                            {"year": 2024, "until": "2024-12-31", "status": "uppfyllt", "comment": "Målet nåddes."},
                            {"year": 2025, "status": "ej_bedomt"},
                        ],
                        "indicators": [
                            {
                                "code": "1:1-a",
                                "name": "Andel avslutade till arbete eller studier",
                                "target": 40,
                                "unit": "percent",
                                "measured_at": "end",
                                "source": {"kind": "ended_share", "end_reasons": ["1", "2"]},
                            },
                            {
                                "code": "1:1-b",
                                "name": "Deltagare under året",
                                "target": 60,
                                "unit": "count",
                                "measured_at": "continuous",
                                "source": {"kind": "participants", "of_target": False},
                            },
                        ],
                    },
                ],
            },
            {
                "code": "2",
                "name": "Att stödja samverkan och metoder inom arbetslivsinriktad rehabilitering",
                "goals": [
                    {
                        "code": "2:4",
                        "text": "Att vidareutveckla samarbetet med vårdcentralerna.",
                        "interventions": ["1063"],
                        "assessments": [{"year": 2024, "until": "2024-12-31", "status": "delvis", "comment": "…"}],
                        "indicators": [
                            {
                                "code": "2:4-a",
                                "name": "Andel som går till arbete",
                                "target": 25,
                                "unit": "percent",
                                "measured_at": "12m",
                                "source": {
                                    "kind": "followup_share",
                                    "months": 12,
                                    "occupation": ["arbete", "arbete_subventionerat", "eget_foretag"],
                                },
                            },
                        ],
                    },
                    *copy.deepcopy(RMGT_GOALS),
                ],
            },
        ],
    }


def encode(document: Any) -> bytes:
    """The document as UTF-8 JSON text (å, ä, ö as themselves)."""
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
