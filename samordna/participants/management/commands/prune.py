"""`samordna prune --association S [--apply]`: gallring of row-level participant data past retention."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.models import Association
from samordna.participants import retention, retention_services


class Command(BaseCommand):
    """Without --apply, list what would be deleted; with it, delete (audited). Aggregates stay."""

    help = gettext_lazy("Gallra deltagaruppgifter på radnivå som avslutats för mer än förbundets gallringsfrist sedan.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--association", required=True, help=_("Förbundets kortnamn (slug)."))
        parser.add_argument("--apply", action="store_true", help=_("Ta bort på riktigt (annars bara en lista)."))
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            sys.stderr.write(_("förbundet ”%(slug)s” finns inte") % {"slug": options["association"]} + "\n")
            raise CommandError(_("ingenting gallrades"), returncode=1)
        cut = retention.cutoff(association)
        if options["apply"]:
            counts = retention_services.prune(acting_user=cli_actor(options), association=association)
            verb = _("gallrat")
        else:
            counts = retention.prune_counts(association)
            verb = _("skulle gallras (torrkörning; lägg till --apply)")
        self.stdout.write(
            _("%(slug)s: avslutade före %(cut)s (%(years)s år) %(verb)s: %(counts)s")
            % {
                "slug": association.slug,
                "cut": cut.isoformat(),
                "years": association.retention_years,
                "verb": verb,
                "counts": ", ".join(f"{k}={v}" for k, v in counts.items()),
            }
        )
