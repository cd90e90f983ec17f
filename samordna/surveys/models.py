"""Questionnaires (enkäter), survey rounds and anonymous responses.

A förbund builds its own questionnaires. A questionnaire's wording lives in numbered versions: a version's
questions are locked once the version has an answer, and a change then makes a new version (the rounds already
run keep theirs, and results name the version). A survey round asks one version about one insats or event over a
period; answers come through the round's anonymous public link (and QR code), single-use codes printed on paper
slips, or paper forms typed in by staff.

Privacy (docs/privacy.md, "Enkäter"): a `Response` holds answers only. No IP address, user agent, user, session,
participant or enrollment is stored with it, and a used response code is only marked used: nothing links the code
to the answers it let in. Free-text answers are only shown to the förbund's admins, never published or exported.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text

#: The most answers a round takes unless the förbund says otherwise, and the most it may say.
DEFAULT_MAX_RESPONSES = 500
MAX_RESPONSES = 10_000


class RespondentGroup(models.TextChoices):
    """Who answers a questionnaire."""

    PARTICIPANTS = "deltagare", _("Deltagare")
    CASEWORKERS = "handlaggare", _("Handläggare/remittent")
    STAFF = "personal", _("Personal")
    STEERING = "styrgrupp", _("Styrgrupp")
    MANAGERS = "chefer", _("Chefer")
    OTHER = "annan", _("Annan")


class QuestionKind(models.TextChoices):
    """What kind of answer a question takes."""

    SCALE5 = "scale5", _("Skala 1–5")
    SCALE10 = "scale10", _("Skala 1–10")
    YES_NO = "yes_no", _("Ja/nej")
    ONE_CHOICE = "one_choice", _("Ett val")
    CHOICES = "choices", _("Flera val")
    NUMBER = "number", _("Tal")
    FREE_TEXT = "free_text", _("Fritext")


#: The highest value of each scale kind.
SCALE_MAX = {QuestionKind.SCALE5: 5, QuestionKind.SCALE10: 10}


class CollectionMode(models.TextChoices):
    """How a round collects answers (staff may always type in paper forms)."""

    LINK = "link", _("Öppen länk och QR-kod")
    CODES = "codes", _("Engångskoder på papperslappar")
    PAPER = "paper", _("Bara pappersenkäter som skrivs in")


class Channel(models.TextChoices):
    """How one response came in."""

    LINK = "link", _("Länk")
    CODE = "code", _("Engångskod")
    PAPER = "paper", _("Papper")


class Questionnaire(TenantModel):
    """A förbund's questionnaire: a code (what goal indicators name), a name and the respondent group.

    The questions live in its versions (`QuestionnaireVersion`); the newest is the one new rounds use.
    """

    code = models.SlugField(
        _("kod"), max_length=40, help_text=_("Kort beteckning med små bokstäver, siffror och bindestreck.")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    respondent_group = models.CharField(_("svarande"), max_length=12, choices=RespondentGroup.choices)
    intro = models.TextField(
        _("inledning"), blank=True, validators=[validate_text], help_text=_("Visas överst i formuläret.")
    )

    class Meta:
        ordering = ["association", "code"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="questionnaire_unique_code",
                violation_error_message=_("Det finns redan en enkät med den koden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", kwargs={"association": self.association.slug, "pk": self.pk})


class QuestionnaireVersion(models.Model):
    """One wording of a questionnaire, numbered from 1; locked (never changed again) once it has an answer."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created = models.DateField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "number"]
        verbose_name = _("enkätversion")
        verbose_name_plural = _("enkätversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"],
                name="questionnaire_version_unique",
                violation_error_message=_("Versionen finns redan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.code} v{self.number}"

    @property
    def is_locked(self) -> bool:
        """Whether any round of this version has an answer (its wording can then no longer change)."""
        return Response.objects.filter(round__version=self).exists()


class Question(models.Model):
    """One question of a questionnaire version.

    A scale has labelled ends (`low_label`, `high_label`); a choice question lists its `choices`; free text is
    an explicit kind of its own, shown with a warning not to write names, and never published or exported.
    """

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("kod"), max_length=40, help_text=_("Kort beteckning, t.ex. nytta."))
    position = models.PositiveIntegerField(_("ordning"), default=1)
    kind = models.CharField(_("typ"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("fråga"), max_length=500, validators=[validate_line])
    low_label = models.CharField(
        _("text vid lägsta värdet"), max_length=80, blank=True, validators=[validate_line], help_text=_("Skalor.")
    )
    high_label = models.CharField(
        _("text vid högsta värdet"), max_length=80, blank=True, validators=[validate_line], help_text=_("Skalor.")
    )
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    required = models.BooleanField(_("måste besvaras"), default=False)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="question_unique_code",
                violation_error_message=_("Enkäten har redan en fråga med den koden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def scale_max(self) -> int | None:
        """The top of the scale (5 or 10), None for other kinds."""
        return SCALE_MAX.get(QuestionKind(self.kind))

    def options(self) -> list[tuple[int, str]]:
        """The possible answers as (stored value, label): scale points, ja/nej, or the choices by index."""
        if self.scale_max:
            return [(v, str(v)) for v in range(1, self.scale_max + 1)]
        if self.kind == QuestionKind.YES_NO:
            return [(1, str(_("Ja"))), (0, str(_("Nej")))]
        if self.kind in (QuestionKind.ONE_CHOICE, QuestionKind.CHOICES):
            return list(enumerate(self.choices))
        return []


class SurveyRound(TenantModel):
    """A survey round: one questionnaire version asked about one insats or event over a period.

    `token` is the round's random public address (never its code, which a förbund may print in reports).
    A round takes answers while open, within its period and below `max_responses`.
    """

    code = models.SlugField(_("kod"), max_length=40, help_text=_("T.ex. rmgt-2025-h1."))
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("enkätversion")
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_rounds",
        verbose_name=_("insats"),
    )
    event = models.ForeignKey(
        "activities.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_rounds",
        verbose_name=_("aktivitet"),
    )
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"))
    mode = models.CharField(_("insamling"), max_length=8, choices=CollectionMode.choices, default=CollectionMode.LINK)
    max_responses = models.PositiveIntegerField(
        _("högst antal svar"),
        default=DEFAULT_MAX_RESPONSES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RESPONSES)],
        help_text=_("Skydd mot att formuläret fylls i automatiskt."),
    )
    is_open = models.BooleanField(_("öppen för svar"), default=True)
    token = models.CharField(max_length=32, unique=True, editable=False)

    class Meta:
        ordering = ["association", "-starts_on", "code"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="survey_round_unique_code",
                violation_error_message=_("Det finns redan en omgång med den koden."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="survey_round_period_order",
                violation_error_message=_("Slutdatum kan inte ligga före startdatum."),
            ),
            models.CheckConstraint(
                condition=models.Q(intervention__isnull=True) | models.Q(event__isnull=True),
                name="survey_round_insats_or_event",
                violation_error_message=_("En omgång gäller en insats eller en aktivitet, inte båda."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("surveys:round-detail", kwargs={"association": self.association.slug, "pk": self.pk})

    def public_path(self) -> str:
        """The anonymous form's path (no login)."""
        return reverse("survey-public", kwargs={"token": self.token})


class ResponseCode(models.Model):
    """A single-use code printed on a paper slip: it lets one answer in, then is marked used.

    Nothing records which response a code let in.
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("kod"), max_length=12)
    used = models.BooleanField(_("använd"), default=False)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("svarskod")
        verbose_name_plural = _("svarskoder")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"], name="response_code_unique", violation_error_message=_("Koden finns redan.")
            )
        ]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One anonymous response to a round: the day it came in and how, and its answers; nothing else.

    Deliberately no IP address, user agent, user, session, participant or enrollment (a test checks the fields).
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    answered_on = models.DateField(_("svarsdag"))
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self) -> str:
        return str(_("Enkätsvar"))


class Answer(models.Model):
    """One question's answer in a response: `value` (scale point, 1/0 for ja/nej, a choice's index or a
    number), `choices` (indexes, several choices) or `text` (free text)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True, validators=[validate_text])

    class Meta:
        ordering = ["response", "question"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question"),
        ]

    def __str__(self) -> str:
        return str(_("Svar"))
