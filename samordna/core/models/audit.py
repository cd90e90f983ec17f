"""Audit trail of every write, and the access log of row-level participant views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write: who did what to which object, and what changed.

    For participant data `changes` holds only `{"fields": [names]}` and `object_repr` only the kind of
    object (core.audit). A förbund's rows are protected: deleting the förbund is refused while it has any.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Skapad")
        UPDATE = "update", _("Ändrad")
        DELETE = "delete", _("Borttagen")
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")
        OTHER = "other", _("Övrigt")

    association = models.ForeignKey(
        "core.Association", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("användare"), max_length=150, blank=True)
    actor_label = models.CharField(
        _("utförd av"),
        max_length=200,
        blank=True,
        help_text=_("Vem som körde ett kommando utan inloggning: operativsystemets användare och namnet i --by."),
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("objekttyp"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=200, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("granskningspost")
        verbose_name_plural = _("granskningslogg")
        indexes = [models.Index(fields=["association", "-at"], name="audit_assoc_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type} {self.object_repr}"


class AccessLogEntry(models.Model):
    """One view of row-level participant data (who looked at what, when)."""

    association = models.ForeignKey("core.Association", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    what = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("åtkomstpost")
        verbose_name_plural = _("åtkomstlogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.what} {self.object_id}"
