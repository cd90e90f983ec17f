"""Documents: the delårsrapport and the årsredovisning of a förbund, their written sections and their history.

A `Document` is one kind for one period (a delårsrapport up to its `until` date; an årsredovisning for a year,
`until` 31 December). Its written sections are `DocumentText`s (Markdown subset, `documents.markup`); each save
keeps the earlier text as a `TextVersion`. The generated sections are read from the other apps when the
document is shown or made. Freezing (the board's adoption) stores the whole content as `snapshot`: a frozen
document is always made from it, so later changes in the data do not alter it. At most one draft per period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line


class DocumentKind(models.TextChoices):
    """Which document."""

    INTERIM = "delarsrapport", _("Delårsrapport")
    ANNUAL = "arsredovisning", _("Årsredovisning")


class DocumentStatus(models.TextChoices):
    """A draft follows the data; a frozen (fastställd) document keeps its snapshot."""

    DRAFT = "utkast", _("Utkast")
    FROZEN = "faststalld", _("Fastställd")


class Document(TenantModel):
    """A delårsrapport or årsredovisning of one period (see the module docstring)."""

    kind = models.CharField(_("dokument"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    until = models.DateField(_("till och med"))
    title = models.CharField(_("titel"), max_length=200, validators=[validate_line])
    status = models.CharField(_("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    adopted_on = models.DateField(_("fastställd av styrelsen"), null=True, blank=True)
    decision = models.CharField(_("beslut"), max_length=200, blank=True, validators=[validate_line])
    snapshot = models.JSONField(_("fastställt innehåll"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("fryst"), null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-until", "kind", "-pk"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "year", "until"],
                condition=models.Q(status="utkast"),
                name="document_one_draft_per_period",
                violation_error_message=_("Det finns redan ett utkast för den perioden."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="utkast") | models.Q(adopted_on__isnull=False, snapshot__isnull=False),
                name="document_frozen_has_snapshot",
                violation_error_message=_("Ett fastställt dokument behöver datum och innehåll."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.status == DocumentStatus.FROZEN

    def get_absolute_url(self) -> str:
        return reverse("documents:document", kwargs={"association": self.association.slug, "pk": self.pk})


class DocumentText(models.Model):
    """The written text of one section of a document (Markdown subset), by the section's key."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("avsnitt"), max_length=40)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "key"]
        verbose_name = _("dokumenttext")
        verbose_name_plural = _("dokumenttexter")
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="documenttext_unique_key")]

    def __str__(self) -> str:
        return f"{self.document} – {self.key}"


class TextVersion(models.Model):
    """An earlier text of a section: kept on every save (the history)."""

    text = models.ForeignKey(DocumentText, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField(_("text"), blank=True)
    saved_at = models.DateTimeField(_("sparad"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["text", "-saved_at", "-pk"]
        verbose_name = _("textversion")
        verbose_name_plural = _("textversioner")

    def __str__(self) -> str:
        return f"{self.text} ({self.saved_at:%Y-%m-%d %H:%M})"
