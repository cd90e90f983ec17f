"""How a publication's audit is told to its readers, in Swedish."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samordna.publications.models import Publication


def audit_summary(publication: Publication) -> str:
    """E.g. "Granskad mot 14 tidigare publiceringar, 37 dolda tal, inget kan räknas fram"."""
    audit = publication.audit or {}
    earlier = int(audit.get("earlier_publications", 0))
    hidden = int(audit.get("hidden_counts", 0))
    parts = [
        ngettext("Granskad mot %(n)s tidigare publicering", "Granskad mot %(n)s tidigare publiceringar", earlier)
        % {"n": earlier}
        if earlier
        else _("Förbundets första publicering, granskad för sig"),
        ngettext("%(n)s dolt tal", "%(n)s dolda tal", hidden) % {"n": hidden},
    ]
    exposed = int(audit.get("exposed", 0))
    if exposed:
        parts.append(
            ngettext(
                "%(n)s dolt tal kunde redan räknas fram ur tidigare publiceringar",
                "%(n)s dolda tal kunde redan räknas fram ur tidigare publiceringar",
                exposed,
            )
            % {"n": exposed}
        )
    else:
        parts.append(_("inget kan räknas fram"))
    changed = int(audit.get("changed_since_release", 0))
    if changed:
        parts.append(
            ngettext(
                "%(n)s tal i tidigare publiceringar har ändrats sedan dess (rättade uppgifter) och kunde inte tas med",
                "%(n)s tal i tidigare publiceringar har ändrats sedan dess (rättade uppgifter) och kunde inte tas med",
                changed,
            )
            % {"n": changed}
        )
    return ", ".join(parts) + "."
