"""Finance models: opening equity per year (budget, allocation and outcome come with the finance issue)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel


class OpeningEquity(TenantModel):
    """The förbund's equity (eget kapital) at the start of a year, in kronor."""

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2004)])
    amount = models.DecimalField(_("belopp"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["association", "year"]
        verbose_name = _("ingående eget kapital")
        verbose_name_plural = _("ingående eget kapital")
        constraints = [models.UniqueConstraint(fields=["association", "year"], name="openingequity_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"
