"""Read-side queries of publications: a förbund's releases, newest first."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from samordna.core.models import Association
from samordna.publications.figures import FigureKey
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


def published_counts(
    association: Association, period: str
) -> tuple[Publication | None, dict[tuple[Any, ...], int | None]]:
    """The latest publication of a period and its audited counts as a reader sees them: key → value, None when
    hidden (the true value of a hidden count never leaves this module). Keys are `figures.FigureKey` tuples
    (period, measure, insats code or None, gender or None, table, code)."""
    publication = published_for_period(association, period)
    if publication is None:
        return None, {}
    figures = Publication.objects.values_list("figures", flat=True).get(pk=publication.pk)
    shown: dict[tuple[Any, ...], int | None] = {}
    for row in figures:
        key, value, hidden = FigureKey.from_stored(row)
        shown[tuple(key)] = None if hidden else value
    return publication, shown
