"""The reader's (viewer's) start panel: the förbund's latest publications, the figures that have left the office.

Only published figures: the titles and dates of the latest publications, and the published (suppressed)
participant total of the newest, as its publication page shows it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samordna.core.dashboard import StartContext
from samordna.publications import selectors

LATEST = 3


def _published_total(content: dict[str, Any]) -> int | None:
    """The published participant total of a publication (None when it was hidden or is missing)."""
    try:
        total = content["all"]["totals"]["participants"]["all"]
    except (KeyError, TypeError):
        return None
    return total if isinstance(total, int) else None


def latest_publications(context: StartContext) -> dict[str, Any]:
    """The latest publications, newest first, with the newest one's published participant total."""
    slug = context.association.slug
    latest = list(selectors.publications_of(context.association).order_by("-released_at", "-pk")[:LATEST])
    newest = selectors.publication_of(context.association, latest[0].pk) if latest else None
    return {
        "rows": [
            {
                "title": p.title,
                "released_at": p.released_at,
                "url": reverse("publications:detail", kwargs={"association": slug, "pk": p.pk}),
            }
            for p in latest
        ],
        "newest_total": _published_total(newest.content) if newest else None,
        "list_url": reverse("publications:list", kwargs={"association": slug}),
    }
