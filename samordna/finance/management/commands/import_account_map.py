"""`samordna import_account_map --association S FILE`: the account map of the annual accounts, from JSON."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.finance.account_map_services import account_map_import
from samordna.finance.annual import unmapped_accounts
from samordna.finance.management.commands._common import get_association, read_file, report_problems
from samordna.finance.parsing import ImportFailed


class Command(BaseCommand):
    """Replace the förbund's account map with the file's ranges, all or nothing."""

    help = (
        'Importera kontoplanen för årsredovisningen från JSON ({"ranges": [{"from", "to", "line"}]}). '
        "Filen ersätter förbundets intervall; överlappande intervall och okända rader vägras."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="förbundets kortnamn (slug)")
        parser.add_argument("file")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = get_association(options["association"])
        data = read_file(options["file"])
        try:
            summary = account_map_import(
                acting_user=cli_actor(options), association=association, data=data, filename=options["file"]
            )
        except ImportFailed as error:
            report_problems(options["file"], error)
            return
        if summary["changed"]:
            self.stdout.write(_("Kontoplanen är importerad: %(n)s intervall.") % {"n": summary["ranges"]})
        else:
            self.stdout.write(_("Kontoplanen var redan densamma: ingenting ändrades."))
        for account, name in unmapped_accounts(association):
            self.stdout.write(_("Konto med saldo utanför kontoplanen: %(a)s %(n)s") % {"a": account, "n": name})
