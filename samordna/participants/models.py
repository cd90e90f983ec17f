"""De-identified participant follow-up (docs/privacy.md).

No model here may hold a direct identifier or free text about a person: a participant is a random
pseudonym code, a gender, a birth year and a home kommun. Row-level records use UUID keys, so
their URLs reveal nothing about how many people a förbund follows.
"""

from __future__ import annotations

import os
import time
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import Gender
from samordna.core.models import TenantModel
from samordna.core.validators import PARTICIPANT_CODE_PATTERN, validate_participant_code
from samordna.core.years import FIRST_YEAR, LAST_YEAR

CODE_PATTERN = PARTICIPANT_CODE_PATTERN
MIN_AGE, MAX_AGE = 15, 70
DEFAULT_FOLLOW_UP_MONTHS = (3, 6, 12)

# The one code rule of forms, API and imports (docs/privacy.md): a plain pseudonym, never a personnummer,
# phone number or name.
code_validator = validate_participant_code


def new_id() -> uuid.UUID:
    """A random UUID that starts with the time in milliseconds (the UUIDv7 layout, 74 random bits).

    New rows then land at the end of the primary-key and foreign-key indexes, which keeps bulk imports fast.
    """
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=value)


class FollowUpStatus(models.TextChoices):
    """Where a follow-up after end stands."""

    PENDING = "pending", _("Ej gjord")
    DONE = "done", _("Genomförd")
    NOT_REACHED = "not_reached", _("Ej nådd")
    DECLINED = "declined", _("Avböjd")


class Participant(TenantModel):
    """A person followed de-identified: only a pseudonym code and coarse quasi-identifiers."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    code = models.CharField(
        _("deltagarkod"),
        max_length=32,
        validators=[code_validator],
        help_text=_(
            "Slumpad kod som insatspersonalen kopplar till personen i sina egna journaler. Aldrig personnummer."
        ),
    )
    gender = models.CharField(_("kön"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("födelseår"),
        validators=[MinValueValidator(1900), MaxValueValidator(LAST_YEAR)],
        help_text=_("Endast år, inte datum."),
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hemkommun"),
        help_text=_("Kommunen där deltagaren bor."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["association", "code"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="participant_unique_code",
                violation_error_message=_("Koden används redan för en annan deltagare."),
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=Gender.values),
                name="participant_gender_valid",
                violation_error_message=_("Okänt kön."),
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year__gte=1900, birth_year__lte=LAST_YEAR),
                name="participant_birth_year_range",
                violation_error_message=_("Födelseåret är orimligt."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Enrollment(TenantModel):
    """One participation episode of one participant in one individinriktad insats."""

    LOCKS_INTERVENTION_METHOD = True

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    # Indexed through the unique (participant, intervention, start_date) constraint.
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("deltagare"), db_index=False
    )
    # Indexed through (intervention, start_date, id) below.
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("insats"),
        db_index=False,
    )
    start_date = models.DateField(_("startdatum"), help_text=_("Dagen deltagaren skrevs in i insatsen."))
    referred_by = models.ForeignKey(
        "organisations.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("remitterande part"),
        help_text=_("Den medlem som remitterade deltagaren."),
    )
    support_before = models.ManyToManyField(
        "core.CodeListEntry",
        blank=True,
        related_name="+",
        verbose_name=_("försörjning före"),
        help_text=_("Deltagarens offentliga försörjning vid inskrivning; flera kan väljas."),
    )
    # support_before again, as bits (SupportBit.bit): what the participant report counts in its grouped query.
    # Written by the services together with the links (support_mask.py), never by a signal.
    support_before_mask = models.BigIntegerField(_("försörjning före (bitar)"), default=0, editable=False)
    occupation_before = models.ForeignKey(
        "core.CodeListEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("sysselsättning före"),
        help_text=_("Deltagarens sysselsättning vid inskrivning."),
    )
    education = models.ForeignKey(
        "core.CodeListEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("utbildning"),
        help_text=_("Högsta slutförda utbildningsnivå."),
    )
    years_in_support_before = models.DecimalField(
        _("år i offentlig försörjning före"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("Sammanlagd tid med offentlig försörjning före insatsen, i år (t.ex. 3,5)."),
    )
    end_date = models.DateField(
        _("slutdatum"),
        null=True,
        blank=True,
        help_text=_("Dagen deltagaren skrevs ut. Tomt så länge deltagandet pågår."),
    )
    end_reason = models.ForeignKey(
        "core.CodeListEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("avslutsanledning"),
        help_text=_("Anges när deltagaren skrivs ut."),
    )
    occupation_after = models.ForeignKey(
        "core.CodeListEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("sysselsättning efter"),
        help_text=_("Deltagarens sysselsättning direkt efter insatsen."),
    )
    support_after = models.ManyToManyField(
        "core.CodeListEntry",
        blank=True,
        related_name="+",
        verbose_name=_("försörjning efter"),
        help_text=_("Deltagarens försörjning direkt efter insatsen; flera kan väljas."),
    )
    continued_planning = models.BooleanField(
        _("fortsatt planering finns"),
        null=True,
        blank=True,
        help_text=_("Finns en planering för fortsatt stöd efter insatsen?"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        ordering = ["intervention", "-start_date"]
        verbose_name = _("insatsdeltagande")
        verbose_name_plural = _("insatsdeltaganden")
        indexes = [
            # The API's order in an insats (newest start, then id; scanned backwards) and start-date ranges.
            models.Index(fields=["intervention", "start_date", "id"], name="enrollment_int_start_id"),
            # An insats's ended list (by end date) and its active / ended counts, from the index alone.
            models.Index(fields=["intervention", "end_date", "-start_date"], name="enrollment_int_end"),
            # The registrar's latest registrations, per insats.
            models.Index(fields=["intervention", "updated_at", "id"], name="enrollment_int_updated"),
            models.Index(fields=["association", "end_date"], name="enrollment_assoc_end"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "intervention", "start_date"],
                name="enrollment_unique_start",
                violation_error_message=_("Deltagaren har redan ett deltagande i insatsen som börjar samma dag."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="enrollment_end_after_start",
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(end_date__isnull=True, end_reason__isnull=True)
                    | models.Q(end_date__isnull=False, end_reason__isnull=False)
                ),
                name="enrollment_end_reason_iff_end",
                violation_error_message=_("Avslutsanledning anges när, och bara när, det finns ett slutdatum."),
            ),
            models.CheckConstraint(
                condition=models.Q(years_in_support_before__isnull=True) | models.Q(years_in_support_before__gte=0),
                name="enrollment_support_years_positive",
                violation_error_message=_("Tiden i offentlig försörjning kan inte vara negativ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.start_date}"

    @property
    def is_active(self) -> bool:
        """Whether the enrollment has not ended."""
        return self.end_date is None


class FollowUp(TenantModel):
    """A follow-up some months after an enrollment ended: occupation and support then."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    # Indexed through the unique (enrollment, months_after_end) constraint.
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("insatsdeltagande"),
        db_index=False,
    )
    # The enrollment's insats again (it never changes), written with the row: the registrar's follow-ups due are
    # counted per insats from the (intervention, status, due_date) index, without a join to every enrollment.
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("insats"),
        db_index=False,
        editable=False,
    )
    months_after_end = models.PositiveSmallIntegerField(
        _("månader efter avslut"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    due_date = models.DateField(_("ska göras"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
        help_text=_("Genomförd, ej nådd (gick inte att få kontakt) eller avböjd."),
    )
    done_on = models.DateField(_("registrerad"), null=True, blank=True)
    occupation = models.ForeignKey(
        "core.CodeListEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("sysselsättning"),
        help_text=_("Deltagarens sysselsättning vid uppföljningen."),
    )
    support = models.ManyToManyField(
        "core.CodeListEntry",
        blank=True,
        related_name="+",
        verbose_name=_("försörjning"),
        help_text=_("Deltagarens försörjning vid uppföljningen; flera kan väljas."),
    )

    class Meta:
        ordering = ["due_date", "months_after_end"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        indexes = [
            # Follow-ups due (pending, by due date) of a förbund, in due-date order; with the insats, their count
            # for a registrar's insatser from the index alone.
            models.Index(
                fields=["association", "status", "due_date", "intervention"], name="followup_assoc_status_due"
            ),
            # The follow-ups due of an insats: counted from the index alone.
            models.Index(fields=["intervention", "status", "due_date"], name="followup_int_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "months_after_end"],
                name="followup_unique_point",
                violation_error_message=_("Uppföljningen finns redan."),
            ),
            models.CheckConstraint(condition=models.Q(status__in=FollowUpStatus.values), name="followup_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status="pending", done_on__isnull=True)
                | (~models.Q(status="pending") & models.Q(done_on__isnull=False)),
                name="followup_done_on_iff_recorded",
                violation_error_message=_("Datum anges när uppföljningen registreras."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months_after_end} mån ({self.due_date})"


class FollowUpSchedule(models.Model):
    """An insats's own follow-up points (months after end), instead of the default 3, 6 and 12."""

    intervention = models.OneToOneField(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="follow_up_schedule",
        verbose_name=_("insats"),
    )
    months = models.JSONField(_("månader efter avslut"), default=list, help_text=_("Till exempel 3, 6, 12."))

    class Meta:
        verbose_name = _("uppföljningsschema")
        verbose_name_plural = _("uppföljningsscheman")

    def __str__(self) -> str:
        return ", ".join(str(m) for m in self.months)


class SupportBit(models.Model):
    """The bit of one support code in Enrollment.support_before_mask, assigned once and never changed or reused.

    Keyed by the code-list entry (not by its code or position), so renaming, reordering, deactivating or adding
    codes never changes what a stored mask means; a new code gets the next free bit when it is first needed
    (support_mask.support_bits). A deleted code keeps its row (entry null), so its bit is never reused and a stale
    bit left in old masks is never counted. A BigIntegerField holds 63 bits: room for 63 support codes.
    """

    # Null once the code is deleted: the row stays, so its bit is never given to another code.
    entry = models.OneToOneField(
        "core.CodeListEntry", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("kod")
    )
    bit = models.PositiveSmallIntegerField(_("bit"), unique=True, validators=[MaxValueValidator(62)])

    class Meta:
        ordering = ["bit"]
        verbose_name = _("bit för försörjningskod")
        verbose_name_plural = _("bitar för försörjningskoder")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.bit}"


class AnonymousCount(models.Model):
    """Participants only counted (no consent, or skyddade personuppgifter): per insats and year."""

    LOCKS_INTERVENTION_METHOD = True

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="anonymous_counts",
        verbose_name=_("insats"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(FIRST_YEAR)])
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
