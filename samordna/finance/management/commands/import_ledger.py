"""`samordna import_ledger --association S FILE`: outcome (utfall) from a SIE 4 file or the ledger CSV."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.finance.ledger import ledger_import
from samordna.finance.management.commands._common import get_association, read_file, report_problems
from samordna.finance.parsing import ImportFailed
from samordna.finance.selectors import outcome


class Command(BaseCommand):
    """Import a SIE file (types 1–4E) or a ledger CSV, all or nothing."""

    help = (
        "Importera utfall från en SIE-fil (typ 1–4E) eller en huvudboks-CSV (date, account, cost_centre, "
        "amount, text). Importen ersätter tidigare utfall för de räkenskapsår filen omfattar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
        parser.add_argument(
            "--encoding",
            choices=["cp437", "utf-8", "cp1252"],
            help="teckenkodning för SIE-filen (annars PC8/CP437, eller det filen uppenbart är)",
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
            )
        except ImportFailed as error:
            report_problems(options["file"], error)
            return
        self.stdout.write(
            f"Importerade {imported.source_rows} poster ur filen som {imported.entries} summerade "
            f"rader för {imported.first_date}–{imported.last_date}."
        )
        for year in range(imported.first_date.year, imported.last_date.year + 1):
            unmapped = outcome(association=association, year=year).unmapped
            for account, centre, amount in unmapped:
                self.stdout.write(
                    f"Ej kopplat till budgetrad {year}: konto {account}, kostnadsställe "
                    f"{centre or '(inget)'}: {amount} kr"
                )
