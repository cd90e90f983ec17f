"""Members of a förbund (Försäkringskassan, Arbetsförmedlingen, region, kommuner) and its board."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.models import TenantModel
from samordna.core.validators import validate_line


class MemberKind(models.TextChoices):
    """The four kinds of party in a samordningsförbund (Lag 2003:1210)."""

    FK = "forsakringskassan", _("Försäkringskassan")
    AF = "arbetsformedlingen", _("Arbetsförmedlingen")
    REGION = "region", _("Region")
    KOMMUN = "kommun", _("Kommun")


class Member(TenantModel):
    """A member (part) of the förbund. Kommun members carry their SCB kommunkod."""

    code = models.CharField(
        _("kod"),
        max_length=20,
        validators=[validate_line],
        help_text=_("Förbundets egen kod, t.ex. fk, region eller kommunkoden."),
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    kind = models.CharField(_("typ"), max_length=20, choices=MemberKind.choices)
    municipality = models.ForeignKey(
        "core.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("kommun"),
        related_name="+",
    )
    left_on = models.DateField(
        _("utträdde"),
        null=True,
        blank=True,
        help_text=_("Dagen medlemmen lämnade förbundet; medlemmen finns kvar i äldre uppgifter."),
    )

    class Meta:
        ordering = ["association", "kind", "name"]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="member_unique_code",
                violation_error_message=_("Det finns redan en medlem med den koden."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="kommun", municipality__isnull=False)
                    | (~models.Q(kind="kommun") & models.Q(municipality__isnull=True))
                ),
                name="member_kommun_has_municipality",
                violation_error_message=_("En kommun måste ha en kommunkod; andra medlemmar har ingen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:member-detail", kwargs={"association": self.association.slug, "pk": self.pk})


class Population(models.Model):
    """A kommun member's population in one year (used to split the municipalities' contribution)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(1990)])
    population = models.PositiveIntegerField(_("folkmängd"))

    class Meta:
        ordering = ["member", "-year"]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="population_unique_year")]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.population}"


class BoardSeat(TenantModel):
    """A seat on the board: a named public official, ledamot or ersättare, appointed by a member."""

    class SeatType(models.TextChoices):
        MEMBER = "ledamot", _("Ledamot")
        DEPUTY = "ersattare", _("Ersättare")

    class Office(models.TextChoices):
        NONE = "", _("–")
        CHAIR = "ordforande", _("Ordförande")
        VICE_CHAIR = "vice_ordforande", _("Vice ordförande")

    person_name = models.CharField(_("namn"), max_length=150, validators=[validate_line])
    seat_type = models.CharField(_("uppdrag"), max_length=10, choices=SeatType.choices)
    office = models.CharField(_("funktion"), max_length=20, choices=Office.choices, blank=True, default="")
    appointed_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="board_seats", verbose_name=_("utsedd av")
    )
    term_start = models.DateField(_("mandatperiod från"))
    term_end = models.DateField(_("mandatperiod till"), null=True, blank=True)

    class Meta:
        ordering = ["association", "seat_type", "appointed_by__name", "person_name"]
        verbose_name = _("styrelseplats")
        verbose_name_plural = _("styrelse")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="boardseat_term_order",
                violation_error_message=_("Mandatperioden kan inte sluta innan den börjar."),
            ),
            models.CheckConstraint(
                condition=models.Q(office="") | models.Q(seat_type="ledamot"),
                name="boardseat_office_needs_member",
                violation_error_message=_("Bara en ledamot kan vara ordförande eller vice ordförande."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_seat_type_display()}, {self.appointed_by})"

    def get_absolute_url(self) -> str:
        return reverse("organisations:board-edit", kwargs={"association": self.association.slug, "pk": self.pk})
