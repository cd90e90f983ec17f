"""`samordna import_ledger --association S [--year YYYY] FILE`: outcome (utfall) from a SIE 4 file or the ledger CSV.

An import replaces exactly one financial year: the SIE file's `#RAR 0`, or the calendar year the CSV's dates
fall in (`--year` states it when they do not all fall in one year; rows outside it are then refused by row).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.finance.ledger_services import ledger_import
from samordna.finance.management.commands._common import get_association, read_file, report_problems
from samordna.finance.parsing import ImportFailed
from samordna.finance.selectors import outcome


def year_argument(text: str) -> int:
    """`--year`: four digits, or a Swedish error (argparse exits 2 with it)."""
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(_("”%(v)s” är inte ett år (skriv ÅÅÅÅ, t.ex. 2024)") % {"v": text[:20]})
    return int(text)


class Command(BaseCommand):
    """Import a SIE file (types 1–4E) or a ledger CSV, all or nothing."""

    help = (
        "Importera utfall från en SIE-fil (typ 1–4E) eller en huvudboks-CSV (date, account, cost_centre, "
        "amount, text). Importen ersätter tidigare utfall för exakt ett räkenskapsår: SIE-filens #RAR 0, "
        "eller det år CSV-filens datum ligger i (--year anger året)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
        parser.add_argument(
            "--encoding",
            choices=["cp437", "utf-8", "cp1252"],
            help="teckenkodning för SIE-filen (annars PC8/CP437, eller det filen uppenbart är)",
        )
        parser.add_argument(
            "--year",
            type=year_argument,
            metavar="ÅÅÅÅ",
            help="räkenskapsåret filen gäller; rader utanför året vägras (för SIE: årets #RAR 0)",
        )
        parser.add_argument("file")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = get_association(options["association"])
        data = read_file(options["file"])
        try:
            imported = ledger_import(
                acting_user=cli_actor(options),
                association=association,
                data=data,
                filename=options["file"],
                encoding=options.get("encoding"),
                year=options.get("year"),
            )
        except ImportFailed as error:
            report_problems(options["file"], error)
            return
        self.stdout.write(
            _(
                "Importerade %(rows)s poster ur filen som %(entries)s summerade rader för räkenskapsåret "
                "%(first)s–%(last)s; utfallet för andra år är orört."
            )
            % {
                "rows": imported.source_rows,
                "entries": imported.entries,
                "first": imported.first_date,
                "last": imported.last_date,
            }
        )
        for year in range(imported.first_date.year, imported.last_date.year + 1):
            unmapped = outcome(association=association, year=year).unmapped
            for account, centre, amount in unmapped:
                self.stdout.write(
                    f"Ej kopplat till budgetrad {year}: konto {account}, kostnadsställe "
                    f"{centre or '(inget)'}: {amount} kr"
                )
