"""`samordna demo`: load the demo förbund and logins (idempotent); `--print-logins` prints the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from samordna.demo import DEMO_PASSWORD
from samordna.demo.steps import DemoContext, login_rows, run_steps
from samordna.onboarding.organisation import OrganisationFileError


class Command(BaseCommand):
    """Run the demo steps of samordna/demo/steps.py in one transaction; running it again changes nothing."""

    help = "Läs in demoförbunden (Västmanland och Västra Östergötland) och demoanvändarna. Kan köras flera gånger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print-logins", action="store_true", help="Skriv ut demoinloggningarna efteråt.")
        parser.add_argument("--quiet", action="store_true", help="Skriv inte ut vad som lästes in.")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Läs in demoförbundens filer igen även om förbunden redan finns (ändrade värden "
            "återställs, inget tas bort).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext(
            log=(lambda _text: None) if options["quiet"] else self.stdout.write, refresh=options["refresh"]
        )
        try:
            run_steps(ctx)
        except OrganisationFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"demo: {error}")
            raise SystemExit(1) from exc
        if options["print_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        rows = [(_("Användarnamn"), _("Roll"), _("Förbund")), *login_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(_("Demoinloggningar (lösenord för alla: %(password)s)") % {"password": DEMO_PASSWORD})
        for index, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
