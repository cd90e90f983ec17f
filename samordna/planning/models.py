"""The verksamhetsplan: plans, goal areas, goals, indicators (mått), assessments and manual indicator values.

A plan covers one or more years; its goal areas hold goals (coded like `2:4`), each linked to the insatser it
concerns; a goal's indicators are measured from the data the insatser register (`source_kind`, see
`planning.indicators`) or entered by hand per year (`IndicatorValue`). An assessment is the förbund's verdict on
a goal for a year, up to a date (the delår's month end or 31 December).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class PlanStatus(models.TextChoices):
    """Whether the board has adopted the plan."""

    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Fastställd")


class GoalStatus(models.TextChoices):
    """The verdict on a goal for a period, as the delårsrapport and årsredovisning print it."""

    MET = "uppfyllt", _("Uppfyllt")
    PARTLY = "delvis", _("Delvis uppfyllt")
    NOT_MET = "inte", _("Inte uppfyllt")
    NOT_ASSESSED = "ej_bedomt", _("Ej bedömt")


class Unit(models.TextChoices):
    """What an indicator's value and target are: a share in percent or a count."""

    PERCENT = "percent", _("Procent")
    COUNT = "count", _("Antal")


class MeasuredAt(models.TextChoices):
    """When an indicator is measured (the RMGT matrix's "mäts …")."""

    MEETING = "meeting", _("I anslutning till mötet")
    CONTINUOUS = "continuous", _("Löpande")
    END = "end", _("Vid avslut")
    M3 = "3m", _("Efter 3 månader")
    M6 = "6m", _("Efter 6 månader")
    M12 = "12m", _("Efter 12 månader")


class SourceKind(models.TextChoices):
    """Where an indicator's value comes from (docs/contracts.md, "Plan JSON")."""

    MANUAL = "manual", _("Anges för hand")
    ENDED_SHARE = "ended_share", _("Andel av avslutade")
    FOLLOWUP_SHARE = "followup_share", _("Andel vid uppföljning efter avslut")
    SUPPORT_REDUCED = "support_reduced", _("Andel med minskad offentlig försörjning")
    PARTICIPANTS = "participants", _("Deltagare under året")
    EVENT_ATTENDANCE = "event_attendance", _("Deltagare i aktiviteter")
    SURVEY_SHARE = "survey_share", _("Andel svar i enkät")


class Plan(TenantModel):
    """A verksamhetsplan for one or more years, with its text sections for the printed plan."""

    code = models.CharField(_("kod"), max_length=40, validators=[validate_line], help_text=_("Till exempel vp-2025."))
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_line])
    from_year = models.PositiveSmallIntegerField(_("från år"), validators=YEAR_VALIDATORS)
    to_year = models.PositiveSmallIntegerField(_("till år"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("fastställd"), null=True, blank=True)
    decision = models.CharField(
        _("beslut"),
        max_length=120,
        blank=True,
        validators=[validate_line],
        help_text=_("Beslutet som fastställde planen, t.ex. SFV § 42."),
    )
    about = models.TextField(_("om förbundet"), blank=True, validators=[validate_text])
    vision = models.TextField(_("vision"), blank=True, validators=[validate_text])
    direction = models.TextField(_("inriktning"), blank=True, validators=[validate_text])

    class Meta:
        ordering = ["association", "-from_year", "code"]
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="plan_unique_code",
                violation_error_message=_("Det finns redan en plan med den koden."),
            ),
            models.CheckConstraint(
                condition=models.Q(to_year__gte=models.F("from_year")),
                name="plan_year_order",
                violation_error_message=_("Planens sista år kan inte ligga före dess första."),
            ),
            models.CheckConstraint(condition=models.Q(status__in=PlanStatus.values), name="plan_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", kwargs={"association": self.association.slug, "pk": self.pk})

    def covers(self, year: int) -> bool:
        """Whether the plan runs in a year."""
        return self.from_year <= year <= self.to_year


class GoalArea(models.Model):
    """A målområde of a plan: a heading its goals are grouped under."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("kod"), max_length=20, validators=[validate_line])
    name = models.CharField(_("namn"), max_length=300, validators=[validate_line])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["plan", "position", "code"]
        verbose_name = _("målområde")
        verbose_name_plural = _("målområden")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="goalarea_unique_code",
                violation_error_message=_("Planen har redan ett målområde med den koden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Goal(TenantModel):
    """A mål or aktivitet of a plan (code like `2:4`), linked to the insatser it concerns."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    area = models.ForeignKey(GoalArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("målområde"))
    code = models.CharField(_("kod"), max_length=20, validators=[validate_line], help_text=_("Till exempel 2:4."))
    text = models.TextField(_("mål"), validators=[validate_text])
    responsible = models.CharField(_("ansvarig"), max_length=200, blank=True, validators=[validate_line])
    interventions = models.ManyToManyField(
        "interventions.Intervention", related_name="+", blank=True, verbose_name=_("insatser")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["plan", "area__position", "area__code", "position", "code"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="goal_unique_code",
                violation_error_message=_("Planen har redan ett mål med den koden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("planning:goal", kwargs={"association": self.association.slug, "pk": self.pk})


class Indicator(models.Model):
    """A mått of a goal: a target and where its value comes from (`source_kind` with its `params`).

    `params` holds the source's parameters as docs/contracts.md names them (`months`, `end_reasons`,
    `occupation_after`, `occupation`, `support`, `of_target`, `survey`, `question`, `at_least`), checked by
    `planning.sources.clean_source` wherever they are written.
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("kod"), max_length=30, validators=[validate_line])
    name = models.CharField(_("mått"), max_length=300, validators=[validate_line])
    target = models.DecimalField(
        _("målvärde"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("I procent (0–100) eller som antal."),
    )
    unit = models.CharField(_("enhet"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    measured_at = models.CharField(_("mäts"), max_length=12, choices=MeasuredAt.choices, default=MeasuredAt.CONTINUOUS)
    source_kind = models.CharField(_("källa"), max_length=20, choices=SourceKind.choices, default=SourceKind.MANUAL)
    params = models.JSONField(_("parametrar"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["goal", "position", "code"]
        verbose_name = _("mått")
        verbose_name_plural = _("mått")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "code"],
                name="indicator_unique_code",
                violation_error_message=_("Målet har redan ett mått med den koden."),
            ),
            models.CheckConstraint(
                condition=~models.Q(unit="percent") | models.Q(target__isnull=True) | models.Q(target__lte=100),
                name="indicator_percent_target",
                violation_error_message=_("Ett mål i procent ligger mellan 0 och 100."),
            ),
            models.CheckConstraint(condition=models.Q(unit__in=Unit.values), name="indicator_unit_valid"),
            models.CheckConstraint(
                condition=models.Q(source_kind__in=SourceKind.values), name="indicator_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Assessment(models.Model):
    """The verdict on a goal for a year up to a date (`until`: a delår's month end, or 31 December)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    until = models.DateField(_("till och med"))
    status = models.CharField(_("bedömning"), max_length=10, choices=GoalStatus.choices)
    comment = models.TextField(_("kommentar"), blank=True, validators=[validate_text])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bedömd av"),
    )
    assessed_at = models.DateTimeField(_("bedömd"), auto_now=True)

    class Meta:
        ordering = ["goal", "year", "until"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "year", "until"],
                name="assessment_unique_period",
                violation_error_message=_("Målet är redan bedömt för den perioden."),
            ),
            models.CheckConstraint(condition=models.Q(status__in=GoalStatus.values), name="assessment_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.goal.code} {self.year}: {self.get_status_display()}"


class IndicatorValue(models.Model):
    """A value entered by hand for an indicator whose source is `manual`, for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("värde")
        verbose_name_plural = _("värden")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicatorvalue_unique_year",
                violation_error_message=_("Måttet har redan ett värde för året."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"
