"""De-identified participant follow-up (DESIGN.md 'Privacy is the design').

No model here may hold a direct identifier or free text about a person.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnonymousCount(models.Model):
    """Participants only counted (no consent, or skyddade personuppgifter): per insats and year."""

    LOCKS_INTERVENTION_METHOD = True

    intervention = models.ForeignKey("interventions.Intervention", on_delete=models.CASCADE,
                                     related_name="anonymous_counts", verbose_name=_("insats"))
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2004)])
    women = models.PositiveIntegerField(_("kvinnor"), default=0)
    men = models.PositiveIntegerField(_("män"), default=0)
    other = models.PositiveIntegerField(_("annat"), default=0)

    class Meta:
        ordering = ["intervention", "year"]
        verbose_name = _("antal utan registrering")
        verbose_name_plural = _("antal utan registrering")
        constraints = [models.UniqueConstraint(fields=["intervention", "year"], name="anonymouscount_unique_year")]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}: {self.women}/{self.men}/{self.other}"
