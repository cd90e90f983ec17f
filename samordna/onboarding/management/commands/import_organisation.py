"""`samordna import_organisation FILE`: create or update a förbund, its members, board and insatser from JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from samordna.core.cli import add_actor_argument, cli_actor
from samordna.core.imports import render
from samordna.onboarding.organisation import OrganisationFileError, import_organisation_file
from samordna.onboarding.validation import check_slug, read_json


class Command(BaseCommand):
    """Import organisation JSON (docs/contracts.md); on any problem print them all, write nothing, exit 1."""

    help = "Skapa eller uppdatera ett samordningsförbund, dess medlemmar, styrelse och insatser från en JSON-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON-fil enligt formatet i docs/organisation-json.md")
        add_actor_argument(parser)
        parser.add_argument(
            "--association", metavar="SLUG", help="Kontrollera att filen gäller detta förbund (kortnamn)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        expected = options.get("association")
        try:
            if expected:
                self._check_slug(path, expected)
            summary = import_organisation_file(acting_user=cli_actor(options), path=path)
        except OrganisationFileError as exc:
            for warning in exc.warnings:
                self.stderr.write(_("%(file)s: varning: %(text)s") % {"file": path, "text": warning})
            for error in render(exc.errors, len(exc.errors)):
                self.stderr.write(f"{path}: {error}")
            count = len(exc.errors)
            self.stderr.write(_("Importen avbröts: %(count)s fel hittades. Inget sparades.") % {"count": count})
            sys.exit(1)
        for warning in summary.warnings:
            self.stderr.write(_("%(file)s: varning: %(text)s") % {"file": path, "text": warning})
        self.stdout.write(summary.describe())

    @staticmethod
    def _check_slug(path: str, expected: str) -> None:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            return  # the importer reports it
        data, _text = read_json(raw)
        check_slug(data, expected)
