"""Read-side queries of publications: a förbund's releases, newest first."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from samordna.core.models import Association
from samordna.publications.models import Publication


def publications_of(association: Association) -> QuerySet[Publication]:
    """The förbund's publications for a list: without their tables and figures (which can be large)."""
    return Publication.objects.filter(association=association).defer("content", "figures")


def publication_of(association: Association, pk: int) -> Publication:
    """One publication of the förbund, or 404 (also for another förbund's)."""
    return get_object_or_404(Publication, association=association, pk=pk)


def published_for_period(association: Association, period: str) -> Publication | None:
    """The latest publication of a period (a correction replaces what it corrects), or None."""
    return publications_of(association).filter(period=period).order_by("-released_at", "-pk").first()
