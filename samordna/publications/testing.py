"""Test support: a publication of a tenant of the test cast (samordna.testing)."""

from __future__ import annotations

from typing import Any

from samordna.publications.models import Publication
from samordna.publications.services import release_publication
from samordna.reporting.periods import FixedPeriod


def sample_publication(tenant: Any) -> Publication:
    """The tenant's publication of 2025 (released once, by the system)."""
    found = Publication.objects.filter(association=tenant.association, period="2025").first()
    return found or release_publication(
        association=tenant.association, period=FixedPeriod.whole_year(2025), acting_user=None
    )
