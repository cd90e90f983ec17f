"""Insatser (interventions), their staffing, volume targets and the staff assigned to them."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import BudgetCategory
from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR


class Orientation(models.TextChoices):
    """Individual-oriented or structural (the two kinds Uppföljning Finsam reports)."""

    INDIVIDUAL = "individinriktad", _("Individinriktad")
    STRUCTURAL = "strukturovergripande", _("Strukturövergripande")


class Status(models.TextChoices):
    """Where an insats is in its life."""

    PLANNED = "planerad", _("Planerad")
    ACTIVE = "pagaende", _("Pågående")
    ENDED = "avslutad", _("Avslutad")


class FollowUpMethod(models.TextChoices):
    """How participants are followed: de-identified individual registration, or counts only."""

    INDIVIDUAL = "individuell", _("Individuell registrering (avidentifierad)")
    COUNTS = "antal", _("Endast antal")


class VolumeUnit(models.TextChoices):
    """Units of a volume target (seed 003)."""

    PARTICIPANTS = "deltagare", _("Deltagare")
    MEETINGS = "moten", _("Möten")
    CONTACTS = "kontakter", _("Kontakter")


class Intervention(TenantModel):
    """An insats the förbund funds, run by one or more of its members."""

    code = models.CharField(
        _("kod"),
        max_length=20,
        validators=[validate_line],
        help_text=_("Förbundets egen beteckning, t.ex. 1063."),
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    orientation = models.CharField(_("inriktning"), max_length=25, choices=Orientation.choices)
    category = models.CharField(_("budgetkategori"), max_length=20, choices=BudgetCategory.choices)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("slutdatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    follow_up_method = models.CharField(
        _("uppföljningssätt"), max_length=12, choices=FollowUpMethod.choices, default=FollowUpMethod.INDIVIDUAL
    )
    target_group = models.TextField(_("målgrupp"), blank=True, validators=[validate_text])
    description = models.TextField(_("beskrivning"), blank=True, validators=[validate_text])
    run_by = models.ManyToManyField(
        "organisations.Member", related_name="interventions", blank=True, verbose_name=_("drivs av")
    )

    class Meta:
        ordering = ["association", "code"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="intervention_unique_code",
                violation_error_message=_("Det finns redan en insats med den koden."),
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="intervention_period_order",
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
            models.CheckConstraint(
                condition=models.Q(orientation="individinriktad") | models.Q(follow_up_method="antal"),
                name="intervention_structural_counts_only",
                violation_error_message=_("En strukturövergripande insats följs upp med antal, inte individuellt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:detail", kwargs={"association": self.association.slug, "pk": self.pk})

    def is_running(self, on: dt.date | None = None) -> bool:
        """Whether the insats runs on a date (default today)."""
        on = on or dt.date.today()
        return self.start <= on and (self.end is None or self.end >= on) and self.status != Status.ENDED


class Staffing(models.Model):
    """Staff a member puts into an insats, in full-time equivalents (seed 004)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="staffing")
    member = models.ForeignKey(
        "organisations.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("medlem")
    )
    role = models.CharField(
        _("funktion"), max_length=120, validators=[validate_line], help_text=_("Till exempel arbetskonsulent.")
    )
    fte = models.DecimalField(
        _("årsarbetare"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["intervention", "member__name", "role"]
        verbose_name = _("bemanning")
        verbose_name_plural = _("bemanning")
        constraints = [models.CheckConstraint(condition=models.Q(fte__gte=0), name="staffing_fte_positive")]

    def __str__(self) -> str:
        return f"{self.member}: {self.role} {self.fte}"


class VolumeTarget(models.Model):
    """A budgeted volume for one year: so many participants, meetings or contacts (seed 003)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="volume_targets")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(FIRST_YEAR)])
    unit = models.CharField(_("enhet"), max_length=12, choices=VolumeUnit.choices)
    value = models.PositiveIntegerField(_("antal"))

    class Meta:
        ordering = ["intervention", "year", "unit"]
        verbose_name = _("volymmål")
        verbose_name_plural = _("volymmål")
        constraints = [models.UniqueConstraint(fields=["intervention", "year", "unit"], name="volumetarget_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value} {self.get_unit_display()}"


class VolumeCount(models.Model):
    """What an insats did in one month, counted in a unit of its volume targets (deltagare, möten, kontakter).

    For insatser followed by counts only (a rådgivande team's consultations, a course's participants) and for
    meetings and contacts, which registration does not count. Deltagare counted here are new participants of
    the month, so the months of a year add up to the year; they carry no gender and no other fact of a person.
    """

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="volume_counts")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(FIRST_YEAR)])
    month = models.PositiveSmallIntegerField(_("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    unit = models.CharField(_("enhet"), max_length=12, choices=VolumeUnit.choices)
    value = models.PositiveIntegerField(_("antal"), validators=[MaxValueValidator(1_000_000)])

    class Meta:
        ordering = ["intervention", "year", "month", "unit"]
        verbose_name = _("räknad volym")
        verbose_name_plural = _("räknade volymer")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year", "month", "unit"], name="volumecount_unique"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="volumecount_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}: {self.value} {self.get_unit_display()}"


class InterventionAssignment(models.Model):
    """A user's insats-bound role (insatsansvarig or deltagaransvarig) on one insats.

    It gives access only while both the assignment and the insats run.
    """

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="assignments")
    starts_on = models.DateField(_("från"), default=dt.date.today)
    ends_on = models.DateField(_("till"), null=True, blank=True)

    class Meta:
        ordering = ["intervention", "membership"]
        verbose_name = _("tilldelning")
        verbose_name_plural = _("tilldelningar")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "membership"], name="assignment_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} → {self.intervention}"
