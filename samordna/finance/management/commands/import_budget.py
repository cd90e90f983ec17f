"""`samordna import_budget --association S FILE`: budget lines and amounts from the Budget CSV (docs/contracts.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.finance import services
from samordna.finance.management.commands._common import get_association, read_file, report_problems
from samordna.finance.parsing import ImportFailed


class Command(BaseCommand):
    """Import a Budget CSV, all or nothing."""

    help = (
        "Importera budgetrader och belopp från en CSV-fil (year, line, name, category, intervention, version, amount)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
        parser.add_argument("file")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = get_association(options["association"])
        data = read_file(options["file"])
        try:
            summary = services.budget_import(
                acting_user=cli_actor(options), association=association, data=data, filename=options["file"]
            )
        except ImportFailed as error:
            report_problems(options["file"], error)
            return
        self.stdout.write(
            f"Importerade {summary['rows']} rader: {summary['lines_created']} nya budgetrader, "
            f"{summary['amounts_created']} nya och {summary['amounts_updated']} ändrade belopp."
        )
