"""Reference data: editable code lists and Sweden's municipalities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.validators import validate_line, validate_text


class CodeList(models.TextChoices):
    """The code lists (docs/contracts.md)."""

    END_REASON = "end_reason", _("Avslutsanledning")
    SUPPORT = "support", _("Försörjning")
    OCCUPATION = "occupation", _("Sysselsättning")
    EDUCATION = "education", _("Utbildning")


class CodeListEntry(models.Model):
    """One code in one code list, with its Swedish label; editable without a code change."""

    list = models.CharField(_("kodlista"), max_length=20, choices=CodeList.choices)
    code = models.CharField(_("kod"), max_length=40, validators=[validate_line])
    label = models.CharField(_("benämning"), max_length=120, validators=[validate_line])
    help_text = models.TextField(_("definition"), blank=True, validators=[validate_text])
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_positive = models.BooleanField(
        _("positivt utfall"), default=False, help_text=_("Räknas som positivt utfall (avslutsanledningar).")
    )

    class Meta:
        ordering = ["list", "sort_order", "code"]
        verbose_name = _("kod")
        verbose_name_plural = _("kodlistor")
        constraints = [models.UniqueConstraint(fields=["list", "code"], name="codelistentry_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Municipality(models.Model):
    """A Swedish municipality with its SCB kommunkod (290 of them, as of 2026)."""

    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("kommun"), max_length=60)
    county_code = models.CharField(_("länskod"), max_length=2)
    county_name = models.CharField(_("län"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
