"""Board meetings (styrelsen, medlemssamråd, …): attendance, the § agenda and protocol, justering and anslag."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR

DEFAULT_ORGAN = "styrelsen"
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class GovernanceSettings(TenantModel):
    """A förbund's own rules for its meetings: the quorum (default: more than half of the ledamöter)."""

    quorum_minimum = models.PositiveSmallIntegerField(
        _("minsta antal beslutande"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Tomt: mer än hälften av ledamöterna (kommunallagen 6 kap. 27 §)."),
    )

    class Meta:
        verbose_name = _("mötesinställningar")
        verbose_name_plural = _("mötesinställningar")
        constraints = [models.UniqueConstraint(fields=["association"], name="governancesettings_one_per_association")]

    def __str__(self) -> str:
        return str(self.association)


class MeetingKind(models.TextChoices):
    """Ordinary or extra meeting."""

    ORDINARY = "ordinarie", _("Ordinarie")
    EXTRA = "extra", _("Extra")


class MeetingStatus(models.TextChoices):
    """Where a meeting is: planned → called → held → justerat (the protocol locked)."""

    PLANNED = "planerat", _("Planerat")
    CALLED = "kallat", _("Kallat")
    HELD = "genomfort", _("Genomfört")
    JUSTIFIED = "justerat", _("Justerat")


class Meeting(TenantModel):
    """A meeting of an organ of the förbund (styrelsen by default) and its protocol."""

    organ = models.CharField(
        _("organ"),
        max_length=60,
        default=DEFAULT_ORGAN,
        validators=[validate_line],
        help_text=_("Till exempel styrelsen eller medlemssamråd."),
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200, blank=True, validators=[validate_line])
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    kind = models.CharField(_("typ"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.ORDINARY)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    first_number = models.PositiveIntegerField(
        _("första paragraf"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Bara för årets första möte; annars fortsätter numreringen från förra mötet."),
    )
    chair = models.CharField(_("ordförande"), max_length=150, blank=True, validators=[validate_line])
    secretary = models.CharField(_("sekreterare"), max_length=150, blank=True, validators=[validate_line])
    justified_on = models.DateField(_("justerat"), null=True, blank=True)
    posting_published = models.DateField(_("anslaget publiceras"), null=True, blank=True)
    posting_removed = models.DateField(_("anslaget avpubliceras"), null=True, blank=True)
    posting_storage = models.CharField(
        _("förvaringsplats för protokollet"), max_length=200, blank=True, validators=[validate_line]
    )
    posting_responsible = models.CharField(
        _("ansvarig för anslag"), max_length=150, blank=True, validators=[validate_line]
    )
    import_digest = models.CharField(_("importens kontrollsumma"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["association", "-date", "organ"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "organ", "date"],
                name="meeting_unique_organ_date",
                violation_error_message=_("Organet har redan ett möte den dagen."),
            ),
            models.CheckConstraint(
                condition=models.Q(posting_removed__isnull=True)
                | models.Q(posting_published__isnull=True)
                | models.Q(posting_removed__gt=models.F("posting_published")),
                name="meeting_posting_order",
                violation_error_message=_("Anslaget måste tas ned efter att det publicerats."),
            ),
            models.CheckConstraint(
                condition=models.Q(justified_on__isnull=True) | models.Q(justified_on__gte=models.F("date")),
                name="meeting_justified_after_meeting",
                violation_error_message=_("Protokollet kan inte justeras före mötet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organ.capitalize()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:detail", kwargs={"association": self.association.slug, "pk": self.pk})

    @property
    def locked(self) -> bool:
        """Whether the protocol is justerat (nothing in it may change)."""
        return self.status == MeetingStatus.JUSTIFIED or self.justified_on is not None

    @property
    def frozen_numbers(self) -> bool:
        """Whether the § numbers are fixed (the meeting has been held)."""
        return self.status in (MeetingStatus.HELD, MeetingStatus.JUSTIFIED)

    @property
    def year(self) -> int:
        return self.date.year


class AttendanceRole(models.TextChoices):
    """How someone attended (the contract's `role`)."""

    MEMBER = "ledamot", _("Ledamot")
    SERVING_DEPUTY = "tjanstgorande_ersattare", _("Tjänstgörande ersättare")
    DEPUTY = "ersattare", _("Ersättare")
    OTHER = "ovrig", _("Övrig")


class Attendance(models.Model):
    """One person at (or, for a ledamot, absent from) a meeting.

    Ledamöter and ersättare hold a board seat of the meeting's date (`seat`); a tjänstgörande ersättare
    serves for an absent ledamot of the same member. Others (övriga) have a free name and title.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(_("namn"), max_length=150, validators=[validate_line])
    role = models.CharField(_("roll"), max_length=25, choices=AttendanceRole.choices)
    present = models.BooleanField(_("närvarande"), default=True)
    seat = models.ForeignKey(
        "organisations.BoardSeat",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("styrelseplats"),
    )
    member = models.ForeignKey(
        "organisations.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("medlem"),
    )
    title = models.CharField(_("titel"), max_length=150, blank=True, validators=[validate_line])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def votes(self) -> bool:
        """Whether the person is beslutande: a present ledamot or a tjänstgörande ersättare."""
        return self.present and self.role in (AttendanceRole.MEMBER, AttendanceRole.SERVING_DEPUTY)


class Adjuster(models.Model):
    """A justerare of a meeting's protocol, and the date they justerade it (not before the meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="adjusters")
    name = models.CharField(_("namn"), max_length=150, validators=[validate_line])
    signed_on = models.DateField(_("justerat"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("justerare")
        verbose_name_plural = _("justerare")
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="adjuster_unique_name")]

    def __str__(self) -> str:
        return self.name


class AgendaItem(TenantModel):
    """A § of a meeting: numbered on within the calendar year and organ, with its decision as Att-clauses.

    `proposals` is a list of {"by", "clauses"} (förslag till beslut and yrkanden), `decision` a list of
    "Att …" clauses, `reservations` a list of {"by", "written"}.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("ordning"))
    number = models.PositiveIntegerField(_("paragraf"))
    title = models.CharField(_("rubrik"), max_length=300, validators=[validate_line])
    text = models.TextField(_("text"), blank=True, validators=[validate_text])
    proposals = models.JSONField(_("förslag och yrkanden"), default=list, blank=True)
    decision = models.JSONField(_("beslut"), default=list, blank=True)
    reservations = models.JSONField(_("reservationer"), default=list, blank=True)
    immediate_adjustment = models.BooleanField(_("omedelbar justering"), default=False)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """The § as the protocol writes it, e.g. "SFV § 38"."""
        prefix = self.association.protocol_prefix
        return f"{prefix} § {self.number}" if prefix else f"§ {self.number}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + f"#p{self.pk}"


def document_path(instance: ItemDocument, filename: str) -> str:
    """Handlingar are stored under the förbund: governance/<slug>/<meeting id>/<file name>."""
    name = PurePosixPath(filename).name or "handling"
    return f"governance/{instance.association.slug}/{instance.item.meeting_id}/{name}"


class ItemDocument(TenantModel):
    """A handling of a § (PDF, DOCX or XLSX), downloadable by the board."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    file = models.FileField(_("fil"), upload_to=document_path, max_length=300, blank=True)
    size = models.PositiveIntegerField(_("storlek"), default=0)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    """Where an application is: inkommen → under beredning → a decision (beviljad, delvis beviljad, avslag, or
    bordlagd, after which it can be decided again)."""

    RECEIVED = "inkommen", _("Inkommen")
    PREPARING = "beredning", _("Under beredning")
    GRANTED = "beviljad", _("Beviljad")
    PARTLY_GRANTED = "delvis", _("Delvis beviljad")
    REFUSED = "avslag", _("Avslag")
    TABLED = "bordlagd", _("Bordlagd")


DECISION_STATUSES = (
    ApplicationStatus.GRANTED,
    ApplicationStatus.PARTLY_GRANTED,
    ApplicationStatus.REFUSED,
    ApplicationStatus.TABLED,
)
AWAITING_DECISION = (ApplicationStatus.PREPARING, ApplicationStatus.TABLED)


class ApplicationOrientation(models.TextChoices):
    """Individual-oriented or structural, as the insats it would become."""

    INDIVIDUAL = "individinriktad", _("Individinriktad")
    STRUCTURAL = "strukturovergripande", _("Strukturövergripande")


class Application(TenantModel):
    """An application for money from the förbund (ansökan om medel): who applies, for what and how much a year,
    the beredningsgrupp's opinion and the board's decision with its §. A grant becomes an insats and its budget."""

    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    applicants = models.ManyToManyField(
        "organisations.Member", related_name="+", verbose_name=_("sökande medlemmar"), blank=True
    )
    contact_name = models.CharField(
        _("kontaktperson"), max_length=150, blank=True, validators=[validate_line], help_text=_("En tjänsteperson.")
    )
    contact_title = models.CharField(
        _("kontaktpersonens titel"), max_length=150, blank=True, validators=[validate_line]
    )
    received_on = models.DateField(_("inkom"))
    orientation = models.CharField(_("inriktning"), max_length=25, choices=ApplicationOrientation.choices)
    start_year = models.PositiveSmallIntegerField(_("från år"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("till år"), validators=YEAR_VALIDATORS)
    purpose = models.TextField(_("syfte"), blank=True, validators=[validate_text])
    target_group = models.TextField(_("målgrupp"), blank=True, validators=[validate_text])
    expected_results = models.TextField(_("förväntade resultat"), blank=True, validators=[validate_text])
    applicant_budget = models.TextField(_("sökandens budget"), blank=True, validators=[validate_text])
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    opinion = models.TextField(_("beredningsgruppens yttrande"), blank=True, validators=[validate_text])
    decided_by = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("beslutsparagraf"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("insats"),
    )

    class Meta:
        ordering = ["association", "-received_on", "name"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="application_period_order",
                violation_error_message=_("Slutåret kan inte vara före startåret."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
                violation_error_message=_("Okänd status."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"association": self.association.slug, "pk": self.pk})

    @property
    def years(self) -> list[int]:
        """The years of the period."""
        return list(range(self.start_year, self.end_year + 1))

    @property
    def awaiting_decision(self) -> bool:
        """Whether the board has still to decide (under beredning, or bordlagd)."""
        return self.status in AWAITING_DECISION


class ApplicationAmount(models.Model):
    """The amount an application asks for one year, in whole kronor, and what the board granted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    requested = models.PositiveIntegerField(_("sökt belopp"))
    granted = models.PositiveIntegerField(_("beviljat belopp"), null=True, blank=True)

    class Meta:
        ordering = ["application", "year"]
        verbose_name = _("sökt belopp")
        verbose_name_plural = _("sökta belopp")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "year"],
                name="applicationamount_unique_year",
                violation_error_message=_("Året står två gånger."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.requested}"
