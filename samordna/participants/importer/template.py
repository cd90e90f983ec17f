"""The downloadable XLSX template: Swedish headers, the code lists on a second sheet, drop-downs in the cells.

Every text cell is written through the reports' `safety.write_text`, as in every XLSX Samordna writes: an insats
or member name such as `=HYPERLINK(…)` is shown as text, never run as a formula, and control characters are
stripped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from samordna.core.models import CodeList, CodeListEntry, Municipality
from samordna.core.years import LAST_YEAR
from samordna.interventions.models import Intervention
from samordna.organisations.models import Member
from samordna.participants.importer.columns import COLUMNS
from samordna.reporting.renderers.safety import write_text

ROWS = 2000
LISTS = {
    "gender": "Kön",
    "intervention": "Insatser",
    "municipality": "Kommuner",
    "end_reason": "Avslutsanledning",
    "education": "Utbildning",
    "support_before": "Försörjning",
    "support_after": "Försörjning",
    "occupation_before": "Sysselsättning",
    "occupation_after": "Sysselsättning",
    "continued_planning": "Ja/nej",
    "referred_by": "Medlemmar",
}
HELP = {
    "participant": "Slumpad kod, 3–32 tecken (A–Z, 0–9, -). Aldrig personnummer eller namn.",
    "birth_year": "ÅÅÅÅ. Deltagaren ska vara 15–70 år vid start.",
    "start_date": "ÅÅÅÅ-MM-DD",
    "end_date": "ÅÅÅÅ-MM-DD, tomt om deltagandet pågår.",
    "end_reason": "1–9, anges med slutdatum. 8 = felregistrering (tar bort deltagandet).",
    "support_before": "En eller flera koder, skilj med |",
    "support_after": "En eller flera koder, skilj med |",
    "years_in_support_before": "År, t.ex. 3,5",
}


def build_template(*, interventions: Iterable[Intervention], members: Iterable[Member]) -> bytes:
    """The template workbook as bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Deltagare"
    lists = workbook.create_sheet("Kodlistor")
    names = list(COLUMNS)
    for index, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=index)
        write_text(cell, COLUMNS[name][0])
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(COLUMNS[name][0]) + 2)
    sheet.freeze_panes = "A2"
    values: dict[str, list[tuple[str, str]]] = {
        "Kön": [("kvinna", "Kvinna"), ("man", "Man"), ("annat", "Annat")],
        "Insatser": [(i.code, i.name) for i in interventions],
        "Kommuner": list(Municipality.objects.values_list("code", "name")),
        "Ja/nej": [("ja", "Ja"), ("nej", "Nej")],
        "Medlemmar": [(m.code, m.name) for m in members],
    }
    for code_list, title in (
        (CodeList.END_REASON, "Avslutsanledning"),
        (CodeList.EDUCATION, "Utbildning"),
        (CodeList.SUPPORT, "Försörjning"),
        (CodeList.OCCUPATION, "Sysselsättning"),
    ):
        values[title] = list(CodeListEntry.objects.filter(list=code_list, is_active=True).values_list("code", "label"))
    ranges: dict[str, str] = {}
    for block, (title, entries) in enumerate(values.items()):
        column = block * 3 + 1
        for offset, heading in enumerate((title, "Benämning")):
            write_text(lists.cell(row=1, column=column + offset), heading)
            lists.cell(row=1, column=column + offset).font = Font(bold=True)
        for offset, (code, label) in enumerate(entries, start=2):
            write_text(lists.cell(row=offset, column=column), code)
            write_text(lists.cell(row=offset, column=column + 1), label)
        letter = get_column_letter(column)
        ranges[title] = f"Kodlistor!${letter}$2:${letter}${max(2, len(entries) + 1)}"
        lists.column_dimensions[get_column_letter(column + 1)].width = 36
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        title = LISTS.get(name)
        if title:
            multi = name.startswith("support")
            validation = DataValidation(
                type="list",
                formula1=f"={ranges[title]}",
                allow_blank=True,
                showErrorMessage=not multi,
                errorStyle="stop" if not multi else "information",
                error="Välj ett värde i listan.",
                errorTitle=COLUMNS[name][0],
            )
        elif name in ("start_date", "end_date"):
            validation = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="36526",
                allow_blank=True,
                showErrorMessage=True,
                error="Ange ett datum ÅÅÅÅ-MM-DD.",
            )
        elif name == "birth_year":
            validation = DataValidation(
                type="whole",
                operator="between",
                formula1="1900",
                formula2=str(LAST_YEAR),
                allow_blank=True,
                showErrorMessage=True,
                error="Ange födelseår ÅÅÅÅ.",
            )
        else:
            validation = DataValidation(allow_blank=True)
        if name in HELP:
            validation.promptTitle = COLUMNS[name][0]
            validation.prompt = HELP[name]
            validation.showInputMessage = True
        validation.add(f"{letter}2:{letter}{ROWS}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
