"""Reference data: editable code lists and Sweden's municipalities."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.reference_data import next_support_bit
from samordna.core.validators import validate_line, validate_text

# Support codes are also stored on each enrollment as bits of one integer (participants.support_mask), so the
# participant report reads them without a join; 63 bits fit a signed 64-bit integer on every database.
MASK_BITS = 63


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
    bit = models.PositiveSmallIntegerField(
        _("bit"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Kodens plats i deltagandets försörjningsmask (bara kodlistan försörjning); sätts när koden "
            "skapas och ändras aldrig."
        ),
    )

    class Meta:
        ordering = ["list", "sort_order", "code"]
        verbose_name = _("kod")
        verbose_name_plural = _("kodlistor")
        constraints = [
            models.UniqueConstraint(fields=["list", "code"], name="codelistentry_unique_code"),
            models.UniqueConstraint(fields=["list", "bit"], name="codelistentry_unique_bit"),
            models.CheckConstraint(
                condition=models.Q(bit__isnull=True) | models.Q(bit__lt=MASK_BITS), name="codelistentry_bit_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new support code gets the next free bit of the support mask (see participants.support_mask)."""
        if self.list == CodeList.SUPPORT and self.bit is None:
            self.bit = next_support_bit(CodeListEntry)
            if self.bit >= MASK_BITS:
                raise ValidationError(_("Kodlistan försörjning rymmer högst %(n)d koder.") % {"n": MASK_BITS})
        super().save(*args, **kwargs)


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
