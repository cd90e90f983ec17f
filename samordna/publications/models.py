"""The publication: a named, dated, frozen set of published participant tables for one fixed period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import Association
from samordna.reporting.periods import FixedPeriod


class Publication(models.Model):
    """One release of participant figures for a fixed period: the tables as published, frozen.

    `content` holds the published reports (`"all"`: all insatser together; `"insatser"`: one per insats code),
    exactly as viewers, exports and the API give them. `figures` holds every audited count of the release
    as `[period, measure, insats code or null, gender or null, true value, hidden]`: what later releases are
    audited against. True values of hidden counts are kept here and nowhere else; no page, export or audit row
    shows them. `audit` is the audit's summary (see services.release_publication). A release is never changed:
    a correction is a new publication (`corrects`), which the audit includes like any other.
    """

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="publications")
    period = models.CharField(_("period"), max_length=16)  # FixedPeriod.slug
    date_from = models.DateField(_("från"))
    date_to = models.DateField(_("till"))
    title = models.CharField(_("rubrik"), max_length=200)
    released_at = models.DateTimeField(_("publicerad"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_by_name = models.CharField(_("publicerad av"), max_length=200)
    threshold = models.PositiveSmallIntegerField(_("gräns för små antal"))
    floor = models.PositiveSmallIntegerField(default=1)  # what a reader may assume of a hidden count: ≥ floor
    content = models.JSONField(default=dict)
    figures = models.JSONField(default=list)
    audit = models.JSONField(default=dict)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("rättar")
    )

    class Meta:
        ordering = ["-released_at", "-pk"]
        verbose_name = _("publicering")
        verbose_name_plural = _("publiceringar")
        indexes = [models.Index(fields=["association", "released_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def fixed_period(self) -> FixedPeriod:
        return FixedPeriod.parse(self.period)

    @property
    def insats_codes(self) -> list[str]:
        return sorted(self.content.get("insatser", {}))

    def report(self, insats: str | None = None) -> dict[str, Any] | None:
        """The published report for all insatser, or one insats (None when the publication has none for it)."""
        if insats is None:
            return self.content.get("all")
        return self.content.get("insatser", {}).get(insats)
