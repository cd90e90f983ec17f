"""Who ran a management command: the operating-system user and the `--by` name, for the audit row.

Every command that writes adds `add_actor_argument(parser)` and passes `acting_user=cli_actor(options)`
to the services; the audit row then says "system" with a label such as
"Kommandorad (OS-användare: deploy, --by: Anna Berg)".
"""

from __future__ import annotations

import getpass
import unicodedata
from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from samordna.core.audit import NonUserActor

BY_MAX = 80


def add_actor_argument(parser: ArgumentParser) -> None:
    """Add `--by NAME`: the person on whose behalf the command is run (recorded in the audit trail)."""
    parser.add_argument(
        "--by",
        default="",
        metavar=_("NAMN"),
        help=_("Namnet på den som kör kommandot; sparas i granskningsloggen tillsammans med OS-användaren."),
    )


def _clean(text: str, limit: int) -> str:
    """Printable text only (no control characters), whitespace folded, at most `limit` characters."""
    printable = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return " ".join(printable.split())[:limit]


def os_user() -> str:
    """The operating-system user running the command, or a placeholder when it cannot be told."""
    try:
        return _clean(getpass.getuser(), 64) or "?"
    except (KeyError, OSError):  # no entry in the password database (e.g. an anonymous container uid)
        return "?"


def cli_actor(options: dict[str, Any]) -> NonUserActor:
    """The actor of a command run: pass it as `acting_user` to any service."""
    by = _clean(str(options.get("by") or ""), BY_MAX)
    if by:
        label = _("Kommandorad (OS-användare: %(os)s, --by: %(by)s)") % {"os": os_user(), "by": by}
    else:
        label = _("Kommandorad (OS-användare: %(os)s)") % {"os": os_user()}
    return NonUserActor(label=label[:200])
