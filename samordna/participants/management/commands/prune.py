"""`samordna prune --association S [--apply]`: gallring of row-level participant data past retention."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samordna.core.models import Association
from samordna.participants import retention


class Command(BaseCommand):
    """Without --apply, list what would be deleted; with it, delete (audited). Aggregates stay."""

    help = "Gallra deltagaruppgifter på radnivå som avslutats för mer än förbundets gallringsfrist sedan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help="Förbundets kortnamn (slug).")
        parser.add_argument("--apply", action="store_true", help="Ta bort på riktigt (annars bara en lista).")

    def handle(self, *args: Any, **options: Any) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            sys.stderr.write(f"förbundet {options['association']!r} finns inte\n")
            raise CommandError("ingenting gallrades", returncode=1)
        cut = retention.cutoff(association)
        if options["apply"]:
            counts = retention.prune(acting_user=None, association=association)
            verb = "gallrat"
        else:
            counts = retention.prune_counts(association)
            verb = "skulle gallras (torrkörning; lägg till --apply)"
        self.stdout.write(f"{association.slug}: avslutade före {cut.isoformat()} ({association.retention_years} år) "
                          f"{verb}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
