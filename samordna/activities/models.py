"""Structural activities (events): utbildningar, konferenser, nätverksträffar and their attendance.

An event belongs to a förbund and, optionally, to one of its strukturövergripande insatser. Attendance counts
staff of the member organisations (chefer, medarbetare, annan) and others ("övriga", no member): staff, not
participants, so it is never suppressed. The evaluation summary is stored as two counts, the number of
responses and how many of them were satisfied (the share is computed from them, so it cannot disagree with
the counts).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text


class EventKind(models.TextChoices):
    """What kind of activity an event is (docs/contracts.md, Events CSV)."""

    TRAINING = "utbildning", _("Utbildning")
    CONFERENCE = "konferens", _("Konferens")
    NETWORK = "natverk", _("Nätverksträff")
    SEMINAR = "seminarium", _("Seminarium")
    LECTURE = "forelasning", _("Föreläsning")
    OTHER = "annat", _("Annat")


class AttendeeRole(models.TextChoices):
    """The role group of the attending staff."""

    MANAGER = "chef", _("Chef")
    STAFF = "medarbetare", _("Medarbetare")
    OTHER = "annan", _("Annan")


class Event(TenantModel):
    """One structural activity of a förbund: an utbildning, konferens, nätverksträff, seminarium or föreläsning.

    `responses` and `satisfied` summarise the evaluation: how many answered and how many of them were
    satisfied (never more than answered); both empty when there was no evaluation.
    """

    code = models.CharField(
        _("kod"), max_length=40, validators=[validate_line], help_text=_("Förbundets egen beteckning, t.ex. U2017-01.")
    )
    title = models.CharField(_("titel"), max_length=300, validators=[validate_line])
    kind = models.CharField(_("typ"), max_length=12, choices=EventKind.choices)
    date = models.DateField(_("datum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    days = models.DecimalField(
        _("dagar"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("Antal dagar, t.ex. 2,5."),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("insats"),
        help_text=_("Den strukturövergripande insats aktiviteten hör till."),
    )
    organisers = models.TextField(
        _("arrangörer"),
        blank=True,
        validators=[validate_text],
        help_text=_("Till exempel ”i samverkan med samordningsförbunden i länet”."),
    )
    responses = models.PositiveIntegerField(_("svar på utvärderingen"), null=True, blank=True)
    satisfied = models.PositiveIntegerField(
        _("nöjda"), null=True, blank=True, help_text=_("Hur många av dem som svarade som var nöjda.")
    )

    class Meta:
        ordering = ["association", "date", "code"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="event_unique_code",
                violation_error_message=_("Det finns redan en aktivitet med den koden."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="event_period_order",
                violation_error_message=_("Slutdatum kan inte ligga före datum."),
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=0),
                name="event_days_not_negative",
                violation_error_message=_("Antal dagar kan inte vara negativt."),
            ),
            models.CheckConstraint(
                condition=models.Q(satisfied__isnull=True)
                | (models.Q(responses__isnull=False) & models.Q(satisfied__lte=models.F("responses"))),
                name="event_satisfied_within_responses",
                violation_error_message=_("Antalet nöjda kan inte vara fler än antalet svar."),
            ),
        ]
        indexes = [models.Index(fields=["association", "date"], name="event_assoc_date")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"association": self.association.slug, "pk": self.pk})

    @property
    def satisfied_share(self) -> float | None:
        """The share of responses that were satisfied, in percent (None without responses)."""
        if not self.responses or self.satisfied is None:
            return None
        return 100 * self.satisfied / self.responses


class Attendance(models.Model):
    """How many of one member's staff in one role group attended an event; no member means others ("övriga").

    A count of zero is not stored: an empty cell of the attendance grid is zero.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "organisations.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medlem"),
        help_text=_("Tom: övriga, utanför medlemmarna."),
    )
    role = models.CharField(_("roll"), max_length=12, choices=AttendeeRole.choices)
    count = models.PositiveIntegerField(_("antal"))

    class Meta:
        ordering = ["event", "member", "role"]
        verbose_name = _("deltagande")
        verbose_name_plural = _("deltagande")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member", "role"],
                condition=models.Q(member__isnull=False),
                name="attendance_unique_member_role",
                violation_error_message=_("Medlemmen har redan ett antal för den rollen."),
            ),
            models.UniqueConstraint(
                fields=["event", "role"],
                condition=models.Q(member__isnull=True),
                name="attendance_unique_others_role",
                violation_error_message=_("Övriga har redan ett antal för den rollen."),
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0),
                name="attendance_count_not_negative",
                violation_error_message=_("Antalet kan inte vara negativt."),
            ),
        ]

    def __str__(self) -> str:
        who = str(self.member) if self.member_id else _("Övriga")
        return f"{who}, {self.get_role_display()}: {self.count}"
