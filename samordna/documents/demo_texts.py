"""The written sections of the demo documents, taken from seed 000 (Samordningsförbundet Västmanland's
delårsrapport januari–augusti 2024), with the OCR's lost å, ä and ö put back."""

from __future__ import annotations

OM_FORBUNDET = """Samordningsförbundet Västmanland är en samverkansarena som stödjer människor till god hälsa och egen \
försörjning, och bidrar därmed till ett jämlikt, jämställt och hållbart samhälle.

Samordningsförbundet Västmanlands uppgift är att inom Västmanlands län svara för finansiell samordning mellan \
Arbetsförmedlingen, Försäkringskassan, Region Västmanland samt länets tio kommuner i enlighet med lagen om \
finansiell samordning av rehabiliteringsinsatser (SFS 2003:1210).

Insatserna syftar till att underlätta och förbättra möjligheterna till egen försörjning för individer där \
myndigheterna behöver samordna sina rehabiliteringsinsatser samt att uppnå en effektiv resursanvändning.

De insatser som Samordningsförbundet stödjer ska ytterst inrikta sig till personer i förvärvsaktiv ålder \
(16–67 år). Insatserna som stöds av förbundet sker på flera nivåer:

- på individnivå
- utveckling av metoder
- på strukturell nivå
"""

STYRELSEN = """Styrelsen har under perioden haft tre möten där bland annat följande beslut har fattats:

- Att välja Shpetim Pirraku till styrelsens ordförande och Maria Kesselring till styrelsens vice ordförande
- Att besluta om förbundets årsredovisning 2023
- Att fastställa interimsstyrelsens beslut från 2023 med bland annat verksamhetsplan och budget 2024
- Att bevilja medel för processtöd för utveckling och implementering av Rådgivande myndighetsgemensamt team \
(MGT) i länet

Samtliga styrelseprotokoll finns tillgängliga på Samordningsförbundet Västmanlands hemsida.
"""

HUVUDMANNEN = """Medlemssamrådet som var planerat till april fick skjutas upp till september eftersom alltför många \
av förbundsmedlemmarnas representanter hade förhinder.
"""

VERKSAMHETEN = """Tyngdpunkten i förbundets verksamhet är **individinsatser**. I årets verksamhetsplan utgör \
individinsatserna ca 75 % av insatsfinansieringen.

## Att stödja individinsatser

Den i särklass största delen av Samordningsförbundets resurser har gått till finansiering och processtöd till \
de sex individinsatser som förbundets medlemmar driver gemensamt: Samordningsteamen Fagersta (inkl. Norberg \
och Skinnskatteberg), Hallstahammar, Sala, Surahammar, Västerås samt Teamsamverkan i Västra Mälardalen.

*Verksamheten bedöms ligga väl i fas med att uppfylla verksamhetsplanens aktiviteter.*

## Att stödja metoder och arbetssätt

Finansiering och processtöd till det Rådgivande myndighetsgemensamma teamet (MGT) i Västerås. Via \
Inkluderingslyftet har hittills i år 132 chefer och medarbetare hos förbundsmedlemmarna deltagit i \
kompetenshöjande aktiviteter, främst BIP.

*Verksamheten bedöms ligga väl i fas med att uppfylla verksamhetsplanens aktiviteter.*

## Att stödja samverkanskultur och samverkansstruktur

Förbundet har arrangerat 17 tillfällen för (digital) **Dejt med en verkSAMhet**, med i genomsnitt ca 30 deltagare \
per dejt. Två grundutbildningar i lösningsfokuserat arbets- och förhållningssätt har genomförts samt en \
nätverksträff.

*Verksamheten bedöms ligga väl i fas med att uppfylla verksamhetsplanens aktiviteter.*
"""

PLANERAT = """- Fortsatt ekonomiskt och processinriktat stöd till parternas samordnade individinsatser
- Fortsatt arbete med projekt Stoppa Våldet – om tidigare upptäckt av våld
- Processtöd och metodutveckling av MGT samt stöd för implementering i övriga länet
- Nätverksträff om BIP och dess dialog- och progressionsmätningsverktyg
- Två möten med Utvecklingsrådet (parternas chefsgrupp)
- Två grundutbildningar i lösningsfokuserat arbetssätt
- En avslutande konferens om projektet SIP-utvecklare i Västra Mälardalen
"""

FORVALTNINGSBERATTELSE = """Årsredovisningen innehåller en översiktlig redogörelse av Samordningsförbundet \
Västmanlands uppdrag, resultat och verksamhetsutveckling samt en redovisning av det ekonomiska utfallet för \
budgetåret 2024.
"""

SAMMANFATTNING = """2024 var det första hela året för det nya länsförbundet. Tyngdpunkten i verksamheten var \
**individinsatserna**, som fick ca 75 % av insatsfinansieringen.
"""

INTERIM_TEXTS = {
    "om_forbundet": OM_FORBUNDET,
    "styrelsen": STYRELSEN,
    "huvudmannen": HUVUDMANNEN,
    "verksamheten": VERKSAMHETEN,
    "planerat": PLANERAT,
}
ANNUAL_TEXTS = {
    "forvaltningsberattelse": FORVALTNINGSBERATTELSE,
    "sammanfattning": SAMMANFATTNING,
    "om_forbundet": OM_FORBUNDET,
    "maluppfyllelse": VERKSAMHETEN,
}
