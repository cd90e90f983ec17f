"""Demo verksamhetsplaner (for `samordna demo`): each demo förbund's 2025 plan, and this year's copied forward.

The 2025 plan has the three goal areas of seed 004 (verksamhetsplan 2025–2027, section 6) with goals from the
plan and the delårsrapport (seed 000), and the RMGT goal matrix that the board heard at SFV § 42 (seed 001): upplevd
nytta measured at the meeting, beläggningsgrad continuously, the plan used after 3 months, work and studies after
12 months. The samordningsteam goals are computed from the demo participants (ended to work or studies,
participants against the volume targets, reduced public support at the 12-month follow-up); what the förbund
measures outside Samordna is entered by hand. The plan is loaded through the plan importer, so a second run
writes nothing; this year's plan is a `plan_copy` of it (so pages whose default is this year show a plan).
Västra Östergötland's plan has the verksamhetsmål of its own plan (seed 003). An existing plan is left as it is
(changes made in the application survive) unless `--refresh`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samordna.core.models import Association
from samordna.planning import services
from samordna.planning.importer import import_plan_data
from samordna.planning.models import Assessment, Indicator, IndicatorValue, Plan, SourceKind

DEMO_ASSOCIATION = "vastmanland"
PLAN_CODE = "vp-2025"
PLAN_YEAR = 2025
TEAMS = ["1063", "1065", "1064", "1068", "1070"]
RMGT = "1080"
TO_WORK = ["arbete", "arbete_subventionerat", "eget_foretag"]


def _manual(code: str, name: str, target: int, measured_at: str, value: int, unit: str = "percent") -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "target": target,
        "unit": unit,
        "measured_at": measured_at,
        "source": {"kind": "manual"},
        "values": {str(PLAN_YEAR): value},
    }


def _assessed(delar: str, year_end: str, comment: str = "") -> list[dict[str, Any]]:
    """The delårsrapport's verdict (to 31 August) and the årsredovisning's (the whole year)."""
    return [
        {"year": PLAN_YEAR, "until": f"{PLAN_YEAR}-08-31", "status": delar},
        {"year": PLAN_YEAR, "until": f"{PLAN_YEAR}-12-31", "status": year_end, "comment": comment},
    ]


def plan_document() -> dict[str, Any]:
    """The 2025 plan as Plan JSON (docs/contracts.md)."""
    return {
        "plan": {
            "code": PLAN_CODE,
            "title": "Verksamhetsplan 2025",
            "from_year": PLAN_YEAR,
            "to_year": PLAN_YEAR,
            "status": "adopted",
            "vision": "Samordningsförbundet ska bidra till att personer i behov av samordnad rehabilitering närmar "
            "sig arbete och egen försörjning.",
        },
        "goal_areas": [
            {
                "code": "1",
                "name": "Att stödja individinsatser som vänder sig till personer där förbundets medlemmar behöver "
                "samordna sina rehabiliterande resurser för att personerna ska kunna närma sig arbete",
                "goals": [
                    {
                        "code": "1:1",
                        "text": "Samordningsteamen ger deltagarna ett samlat, personcentrerat och lösningsfokuserat "
                        "stöd för att komma närmare arbete och egen försörjning.",
                        "interventions": TEAMS,
                        "assessments": _assessed("delvis", "uppfyllt", "Flera deltagare än väntat gick till arbete."),
                        "indicators": [
                            {
                                "code": "1:1-a",
                                "name": "Andel avslutade till arbete, studier eller arbetssökande",
                                "target": 40,
                                "unit": "percent",
                                "measured_at": "end",
                                "source": {"kind": "ended_share", "end_reasons": ["1"]},
                            },
                            {
                                "code": "1:1-b",
                                "name": "Deltagare i förhållande till volymmålen",
                                "target": 90,
                                "unit": "percent",
                                "measured_at": "continuous",
                                "source": {"kind": "participants", "of_target": True},
                            },
                            {
                                "code": "1:1-c",
                                "name": "Andel med minskat behov av offentlig försörjning efter 12 månader",
                                "target": 30,
                                "unit": "percent",
                                "measured_at": "12m",
                                "source": {"kind": "support_reduced", "months": 12},
                            },
                        ],
                    },
                    {
                        "code": "1:2",
                        "text": "Samordningsteamen och deras styrgrupper tar fram länsgemensamma arbetssätt för ett "
                        "likvärdigt stöd i länet och tydliga rutiner för remitterande handläggare.",
                        "interventions": TEAMS,
                        "assessments": _assessed("delvis", "delvis", "Gemensam aktualiseringsrutin klar."),
                    },
                    {
                        "code": "1:3",
                        "text": "Insatserna arbetar metodiskt med tidig upptäckt av våld i nära relationer: samtliga "
                        "deltagare får återkommande frågor om våld.",
                        "interventions": TEAMS,
                        "assessments": _assessed("uppfyllt", "uppfyllt"),
                        "indicators": [
                            _manual("1:3-a", "Andel deltagare som fått frågorna om våld", 100, "continuous", 94)
                        ],
                    },
                    {
                        "code": "1:4",
                        "text": "Teamsamverkan i Västra Mälardalen utökar verksamheten från Köping till Arboga och "
                        "Kungsör.",
                        "interventions": ["1071"],
                        "assessments": _assessed("ej_bedomt", "delvis"),
                        "indicators": [_manual("1:4-a", "Deltagare under året", 20, "continuous", 14, unit="count")],
                    },
                ],
            },
            {
                "code": "2",
                "name": "Att stödja utvecklingsinsatser av metoder och arbetssätt inom arbetslivsinriktad "
                "samordnad rehabilitering",
                "goals": [
                    {
                        "code": "2:1",
                        "text": "RMGT – upplevd nytta: 100 % av individerna och 100 % av handläggarna/vårdgivarna "
                        "ska uppleva att samrådet med RMGT har varit till nytta.",
                        "interventions": [RMGT],
                        "assessments": _assessed("delvis", "delvis"),
                        "indicators": [
                            _manual("2:1-a", "Andel individer som upplevt samrådet som till nytta", 100, "meeting", 92),
                            _manual(
                                "2:1-b",
                                "Andel handläggare/vårdgivare som upplevt samrådet som till nytta",
                                100,
                                "meeting",
                                97,
                            ),
                        ],
                    },
                    {
                        "code": "2:2",
                        "text": "RMGT – resurseffektivitet, beläggningsgrad: 80 % av teamets arbetstid ska bestå av "
                        "rådgivande möten med individ/handläggare, och minst 90 % av de tillgängliga mötestiderna "
                        "är bokade och genomförda.",
                        "interventions": [RMGT],
                        "assessments": _assessed("inte", "delvis"),
                        "indicators": [
                            _manual("2:2-a", "Andel av arbetstiden i rådgivande möten", 80, "continuous", 71),
                            _manual(
                                "2:2-b", "Andel tillgängliga mötestider bokade och genomförda", 90, "continuous", 88
                            ),
                        ],
                    },
                    {
                        "code": "2:3",
                        "text": "RMGT – resurseffektivitet: 90 % av handläggarna har använt sig av den plan som RMGT "
                        "hjälpt till att arbeta fram.",
                        "interventions": [RMGT],
                        "assessments": _assessed("ej_bedomt", "uppfyllt"),
                        "indicators": [
                            _manual("2:3-a", "Andel handläggare som använt planen", 90, "3m", 91),
                        ],
                    },
                    {
                        "code": "2:4",
                        "text": "RMGT – försörjning: för 100 % av individerna finns en fortsatt tydlig planering; "
                        "25 % av individerna går till arbete och 10 % till studier; minskat behov av offentlig "
                        "försörjning.",
                        "interventions": [RMGT],
                        "assessments": _assessed("ej_bedomt", "ej_bedomt", "Rutin för datainsamling återstår."),
                        "indicators": [
                            _manual("2:4-a", "Andel med fortsatt tydlig planering", 100, "3m", 100),
                            {
                                "code": "2:4-b",
                                "name": "Andel som går till arbete",
                                "target": 25,
                                "unit": "percent",
                                "measured_at": "12m",
                                "source": {"kind": "followup_share", "months": 12, "occupation": TO_WORK},
                            },
                            {
                                "code": "2:4-c",
                                "name": "Andel som går till studier",
                                "target": 10,
                                "unit": "percent",
                                "measured_at": "12m",
                                "source": {"kind": "followup_share", "months": 12, "occupation": ["studier"]},
                            },
                            {
                                "code": "2:4-d",
                                "name": "Minskat behov av offentlig försörjning",
                                "unit": "percent",
                                "measured_at": "12m",
                                "source": {"kind": "support_reduced", "months": 12},
                            },
                        ],
                    },
                    {
                        "code": "2:5",
                        "text": "Inkluderingslyftet – BIP och VTA: medlemmarnas chefer och medarbetare deltar i "
                        "kompetenshöjande aktiviteter, och förbundet arrangerar nätverksträffar om BIP.",
                        "interventions": ["1081"],
                        "assessments": _assessed("uppfyllt", "uppfyllt"),
                        "indicators": [
                            _manual(
                                "2:5-a",
                                "Chefer och medarbetare i kompetenshöjande aktiviteter",
                                150,
                                "continuous",
                                132,
                                unit="count",
                            ),
                        ],
                    },
                ],
            },
            {
                "code": "3",
                "name": "Att stödja utvecklingsinsatser av strukturell karaktär, för att rehabiliteringssamverkan "
                "mellan förbundets parter ska ske smidigare, effektivare och tidigare",
                "goals": [
                    {
                        "code": "3:1",
                        "text": "Förbundets personal arbetar processtödjande vid kartläggningar och i de insatser "
                        "förbundet finansierar, och bygger nätverk hos parterna i hela länet.",
                        "assessments": _assessed("uppfyllt", "uppfyllt"),
                    },
                    {
                        "code": "3:2",
                        "text": "Dejt med en verkSAMhet: en enkel samverkansarena för ökad kunskap om varandras "
                        "uppdrag, arbetsmetoder och samverkansbehov.",
                        "interventions": ["1026"],
                        "assessments": _assessed("uppfyllt", "uppfyllt"),
                        "indicators": [
                            _manual("3:2-a", "Genomförda dejter", 15, "continuous", 17, unit="count"),
                        ],
                    },
                    {
                        "code": "3:3",
                        "text": "Rehabkoordinatorer i samverkan och SIP-utvecklare: samarbetsrutiner mellan kommun "
                        "och vårdcentral, och fler samordnade individuella planer.",
                        "interventions": ["1090", "1096"],
                        "assessments": _assessed("delvis", "delvis"),
                    },
                ],
            },
        ],
    }


def vastra_ostergotland_document() -> dict[str, Any]:
    """Västra Östergötland's 2025 plan (seed 003, Verksamhetsmål): the society and the individual level.

    Its participants are counted, not registered one by one, in the demo, so the values are entered by hand (the
    förbund follows them up in Uppföljning Finsam and by a survey).
    """
    return {
        "plan": {
            "code": PLAN_CODE,
            "title": "Verksamhetsplan 2025",
            "from_year": PLAN_YEAR,
            "to_year": PLAN_YEAR,
            "status": "adopted",
        },
        "goal_areas": [
            {
                "code": "S",
                "name": "Samhällsnivå (strukturövergripande)",
                "goals": [
                    {
                        "code": "S:1",
                        "text": "Att finansierade insatser bidrar till att utveckla medlemmarnas arbete och samverkan "
                        "inom rehabiliteringsområdet.",
                        "interventions": ["11.1", "NV"],
                        "assessments": _assessed("delvis", "uppfyllt"),
                        "indicators": [
                            _manual(
                                "S:1-a",
                                "Andel deltagare som upplever att de kompetenshöjande insatserna motsvarar "
                                "förväntningarna",
                                75,
                                "end",
                                82,
                            ),
                            _manual(
                                "S:1-b",
                                "Andel av volymmålen för de strukturövergripande insatserna",
                                100,
                                "continuous",
                                91,
                            ),
                        ],
                    }
                ],
            },
            {
                "code": "I",
                "name": "Individnivå",
                "goals": [
                    {
                        "code": "I:1",
                        "text": "Att finansierade insatser bidrar till att förbättra individers förutsättningar att nå "
                        "egen försörjning (arbete eller studier).",
                        "interventions": [
                            "ISA",
                            "SMS",
                            "FS-MJOLBY",
                            "FS-MOTALA",
                            "FS-VADSTENA",
                            "FS-ODESHOG",
                            "FS-BOXHOLM",
                        ],
                        "assessments": _assessed("delvis", "delvis"),
                        "indicators": [
                            _manual("I:1-a", "Andel av volymmålen för deltagare i insatserna", 100, "continuous", 87)
                        ],
                    }
                ],
            },
        ],
    }


#: The demo förbund and their 2025 plans.
DOCUMENTS = {DEMO_ASSOCIATION: plan_document, "vastra-ostergotland": vastra_ostergotland_document}


def _this_year(acting_user: Any, plan: Plan, today: dt.date) -> int:
    """This year's plan, copied from 2025 with plan_copy (once); its manual values, a delår's verdicts. Returns
    how many objects were written."""
    year = today.year
    if year <= PLAN_YEAR:
        return 0
    written = 0
    current = Plan.objects.filter(association=plan.association, code=f"vp-{year}").first()
    if current is None:
        current = services.plan_copy(
            acting_user=acting_user,
            plan=plan,
            code=f"vp-{year}",
            title=f"Verksamhetsplan {year}",
            from_year=year,
            to_year=year,
        )
        written += 1
    manual = Indicator.objects.filter(goal__plan=current, source_kind=SourceKind.MANUAL)
    have = set(IndicatorValue.objects.filter(indicator__in=manual, year=year).values_list("indicator_id", flat=True))
    earlier = {
        (goal_code, code): value
        for goal_code, code, value in IndicatorValue.objects.filter(
            indicator__goal__plan=plan, year=PLAN_YEAR
        ).values_list("indicator__goal__code", "indicator__code", "value")
    }
    for indicator in manual.select_related("goal", "goal__plan").exclude(pk__in=have):
        value = earlier.get((indicator.goal.code, indicator.code))
        if value is not None:
            services.indicator_value_set(acting_user=acting_user, indicator=indicator, year=year, value=value)
            written += 1
    delar = dt.date(year, 8, 31)
    if today > delar:
        assessed = set(
            Assessment.objects.filter(goal__plan=current, year=year, until=delar).values_list("goal_id", flat=True)
        )
        for goal in current.goals.exclude(pk__in=assessed):
            services.assessment_set(acting_user=acting_user, goal=goal, year=year, until=delar, status="delvis")
            written += 1
    return written


def load(ctx: Any) -> dict[str, int]:
    """Load each demo förbund's 2025 plan (unless it exists and `--refresh` was not asked) and this year's copy;
    returns how many objects were written per förbund."""
    today = getattr(ctx, "today", None) or dt.date.today()
    result: dict[str, int] = {}
    for association in Association.objects.filter(slug__in=DOCUMENTS).order_by("slug"):
        plan = Plan.objects.filter(association=association, code=PLAN_CODE).first()
        written = 0
        if plan is None or getattr(ctx, "refresh", False):
            document = DOCUMENTS[association.slug]()
            summary = import_plan_data(acting_user=None, association=association, data=document)
            plan = summary.plan
            written += sum(summary.created.values()) + sum(summary.updated.values())
        written += _this_year(None, plan, today)
        if written:
            result[association.slug] = written
    return result
