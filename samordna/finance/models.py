"""Finance models: equity, member contributions (allocation), budget lines and amounts, ledger (utfall).

Amounts follow the förbund's own tables: in budget lines income is positive and costs negative.
Ledger entries keep the accounting sign (debit positive, so income is negative there); selectors
turn them round when they meet budget lines.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import BudgetCategory
from samordna.core.models import TenantModel
from samordna.core.validators import validate_line, validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR

YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class BudgetVersion(models.TextChoices):
    """Versions of a budget amount. `budget` and `plan` are adopted by the board; `forecast` is work in progress."""

    BUDGET = "budget", _("Budget")
    PLAN = "plan", _("Plan")
    FORECAST = "forecast", _("Prognos")
    ACTUAL = "actual", _("Utfall")


# "Adopted" figures (fastställda): what the board has decided (budget, plan) and what is booked (actual).
# Viewers (board members, auditors) see only these; forecasts in progress are for the office (admin).
ADOPTED_VERSIONS: frozenset[str] = frozenset({BudgetVersion.BUDGET, BudgetVersion.PLAN, BudgetVersion.ACTUAL})


class OpeningEquity(TenantModel):
    """The förbund's equity (eget kapital) at the start of a year, in kronor."""

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(FIRST_YEAR)])
    amount = models.DecimalField(_("belopp"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["association", "year"]
        verbose_name = _("ingående eget kapital")
        verbose_name_plural = _("ingående eget kapital")
        constraints = [models.UniqueConstraint(fields=["association", "year"], name="openingequity_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class AllocationYear(TenantModel):
    """The members' total contribution for one year and how the municipalities' quarter is split.

    `population_year` picks the year of organisations.Population to split by (empty: the latest year
    not after `year` for which every kommun has a population). Agreed percentages (AgreedShare rows
    of the same year) replace the population split when present.
    """

    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    total = models.DecimalField(
        _("totalt medlemsbidrag"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    population_year = models.PositiveSmallIntegerField(
        _("folkmängd från år"), null=True, blank=True, validators=[MinValueValidator(1990)]
    )

    class Meta:
        ordering = ["association", "-year"]
        verbose_name = _("medlemsbidrag per år")
        verbose_name_plural = _("medlemsbidrag per år")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"],
                name="allocationyear_unique_year",
                violation_error_message=_("Det finns redan ett medlemsbidrag för året."),
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0),
                name="allocationyear_total_not_negative",
                violation_error_message=_("Totalbeloppet kan inte vara negativt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.total}"


class AgreedShare(TenantModel):
    """An agreed percentage of the municipalities' quarter for one kommun member and year."""

    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    member = models.ForeignKey(
        "organisations.Member", on_delete=models.CASCADE, related_name="agreed_shares", verbose_name=_("kommun")
    )
    percent = models.DecimalField(
        _("andel (procent)"), max_digits=9, decimal_places=6, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["association", "year", "member__name"]
        verbose_name = _("överenskommen andel")
        verbose_name_plural = _("överenskomna andelar")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="agreedshare_unique_member_year",
                violation_error_message=_("Kommunen har redan en andel för året."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="agreedshare_percent_range",
                violation_error_message=_("Andelen måste ligga mellan 0 och 100 procent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.percent} %"


class BudgetLine(TenantModel):
    """A budget line: the förbund's cost centre (kostnadsställe), e.g. 1063, with name and category."""

    code = models.CharField(
        _("kod"), max_length=20, validators=[validate_line], help_text=_("Kostnadsställe, t.ex. 1063.")
    )
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    category = models.CharField(_("kategori"), max_length=20, choices=BudgetCategory.choices)
    intervention = models.ForeignKey(
        "interventions.Intervention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
        verbose_name=_("insats"),
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["association", "position", "code"]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "code"],
                name="budgetline_unique_code",
                violation_error_message=_("Det finns redan en budgetrad med den koden."),
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=BudgetCategory.values),
                name="budgetline_category_valid",
                violation_error_message=_("Okänd budgetkategori."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetAmount(TenantModel):
    """One amount of a budget line for a year and version, with an optional comment."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("budgetrad"))
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    version = models.CharField(_("version"), max_length=10, choices=BudgetVersion.choices)
    amount = models.DecimalField(_("belopp"), max_digits=14, decimal_places=2)
    comment = models.TextField(_("kommentar"), blank=True, validators=[validate_text])

    class Meta:
        ordering = ["association", "line__position", "line__code", "year", "version"]
        verbose_name = _("budgetbelopp")
        verbose_name_plural = _("budgetbelopp")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year", "version"],
                name="budgetamount_unique",
                violation_error_message=_("Raden har redan ett belopp för år och version."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__in=BudgetVersion.values),
                name="budgetamount_version_valid",
                violation_error_message=_("Okänd version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line.code} {self.year} {self.version}: {self.amount}"


class LedgerImport(TenantModel):
    """One imported accounting file (SIE or ledger CSV); it replaces the ledger of the years it covers."""

    class Kind(models.TextChoices):
        SIE = "sie", _("SIE")
        CSV = "csv", _("Huvudbok (CSV)")

    kind = models.CharField(_("typ"), max_length=5, choices=Kind.choices)
    filename = models.CharField(_("filnamn"), max_length=255)
    sie_type = models.CharField(_("SIE-typ"), max_length=3, blank=True)
    company = models.CharField(_("företag i filen"), max_length=200, blank=True)
    first_date = models.DateField(_("från"))
    last_date = models.DateField(_("till"))
    entries = models.PositiveIntegerField(_("poster"), default=0)
    source_rows = models.PositiveIntegerField(_("rader i filen"), default=0)
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)
    imported_by = models.CharField(_("importerad av"), max_length=150, blank=True)

    class Meta:
        ordering = ["association", "-imported_at"]
        verbose_name = _("bokföringsimport")
        verbose_name_plural = _("bokföringsimporter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_date__gte=models.F("first_date")),
                name="ledgerimport_period_order",
                violation_error_message=_("Perioden slutar före den börjar."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.first_date}–{self.last_date})"


class LedgerEntry(TenantModel):
    """Booked amount per day, account and cost centre (summed from vouchers or period balances)."""

    ledger_import = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="ledger_entries")
    date = models.DateField(_("datum"))
    account = models.CharField(_("konto"), max_length=20)
    cost_centre = models.CharField(_("kostnadsställe"), max_length=40, blank=True)
    amount = models.DecimalField(_("belopp"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["association", "date", "account", "cost_centre"]
        verbose_name = _("bokförd post")
        verbose_name_plural = _("bokförda poster")
        indexes = [models.Index(fields=["association", "date"], name="ledgerentry_assoc_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.account} {self.cost_centre}: {self.amount}"


class LedgerMapping(TenantModel):
    """Maps an account and/or a cost centre to a budget line (overrides: cost centre code = line code).

    The most specific rule wins: account and cost centre, then cost centre alone, then account alone.
    """

    account = models.CharField(
        _("konto"),
        max_length=20,
        blank=True,
        validators=[validate_line],
        help_text=_("Tomt: alla konton (eller ett kontoprefix, t.ex. 45)."),
    )
    cost_centre = models.CharField(
        _("kostnadsställe"), max_length=40, blank=True, validators=[validate_line], help_text=_("Tomt: alla.")
    )
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("budgetrad"))

    class Meta:
        ordering = ["association", "cost_centre", "account"]
        verbose_name = _("koppling till budgetrad")
        verbose_name_plural = _("kopplingar till budgetrader")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "account", "cost_centre"],
                name="ledgermapping_unique",
                violation_error_message=_("Det finns redan en koppling för konto och kostnadsställe."),
            ),
            models.CheckConstraint(
                condition=~models.Q(account="", cost_centre=""),
                name="ledgermapping_not_empty",
                violation_error_message=_("Ange konto, kostnadsställe eller båda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account or '*'}/{self.cost_centre or '*'} → {self.line.code}"


class StatementLine(models.TextChoices):
    """The lines of the annual accounts an account range can make (docs/contracts.md, "Account map JSON")."""

    ANLAGGNINGSTILLGANGAR = "anlaggningstillgangar", _("Anläggningstillgångar")
    FORRAD = "forrad", _("Förråd m.m.")
    FORDRINGAR = "fordringar", _("Fordringar")
    KORTFRISTIGA_PLACERINGAR = "kortfristiga_placeringar", _("Kortfristiga placeringar")
    KASSA_OCH_BANK = "kassa_och_bank", _("Kassa och bank")
    EGET_KAPITAL = "eget_kapital", _("Eget kapital")
    AVSATTNINGAR = "avsattningar", _("Avsättningar")
    LANGFRISTIGA_SKULDER = "langfristiga_skulder", _("Långfristiga skulder")
    KORTFRISTIGA_SKULDER = "kortfristiga_skulder", _("Kortfristiga skulder")
    MEDLEMSAVGIFTER = "medlemsavgifter", _("Verksamhetens medlemsavgifter")
    BIDRAG = "bidrag", _("EU-medel och andra bidrag")
    OVRIGA_INTAKTER = "ovriga_intakter", _("Övriga intäkter")
    VERKSAMHETENS_KOSTNADER = "verksamhetens_kostnader", _("Verksamhetens kostnader")
    AVSKRIVNINGAR = "avskrivningar", _("Avskrivningar")
    FINANSIELLA_INTAKTER = "finansiella_intakter", _("Finansiella intäkter")
    FINANSIELLA_KOSTNADER = "finansiella_kostnader", _("Finansiella kostnader")
    EXTRAORDINARA_POSTER = "extraordinara_poster", _("Extraordinära poster")


class Account(TenantModel):
    """An account of the förbund's chart with its name, as the latest ledger import's #KONTO gave it."""

    number = models.CharField(_("konto"), max_length=20)
    name = models.CharField(_("namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["association", "number"]
        verbose_name = _("konto")
        verbose_name_plural = _("konton")
        constraints = [models.UniqueConstraint(fields=["association", "number"], name="account_unique_number")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class AccountBalance(TenantModel):
    """An account's opening balance (#IB), closing balance (#UB) or result (#RES) of one financial year.

    Kept with the ledger import of `ledger_year` (year 0 of that file gives `year` = `ledger_year`, its
    year −1 `ledger_year − 1`) and replaced with it. Amounts keep the accounting sign (debit +). A year's
    own import wins over the year −1 of the next year's import (`selectors.balances`).
    """

    class Kind(models.TextChoices):
        OPENING = "ib", _("ingående balans")
        CLOSING = "ub", _("utgående balans")
        RESULT = "res", _("resultat")

    ledger_year = models.PositiveSmallIntegerField(_("importens räkenskapsår"), validators=YEAR_VALIDATORS)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    account = models.CharField(_("konto"), max_length=20)
    kind = models.CharField(_("slag"), max_length=3, choices=Kind.choices)
    amount = models.DecimalField(_("belopp"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["association", "year", "kind", "account"]
        verbose_name = _("kontosaldo")
        verbose_name_plural = _("kontosaldon")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "ledger_year", "year", "kind", "account"], name="accountbalance_unique"
            )
        ]
        indexes = [models.Index(fields=["association", "year"], name="accountbalance_assoc_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.account}: {self.amount}"


class AccountRange(TenantModel):
    """A range of accounts (`first`–`last`, compared on the first digits) that makes one statement line.

    An account belongs to the range when its first len(first) digits (padded with zeros) lie between
    `first` and `last`: 1500–1799 covers 1510 and 15101. Ranges of one förbund do not overlap
    (`account_map.overlaps`, checked by the services). Without any range the default BAS map applies.
    """

    first = models.CharField(_("från konto"), max_length=20)
    last = models.CharField(_("till konto"), max_length=20)
    line = models.CharField(_("rad"), max_length=40, choices=StatementLine.choices)

    class Meta:
        ordering = ["association", "first"]
        verbose_name = _("kontointervall")
        verbose_name_plural = _("kontointervall")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "first"],
                name="accountrange_unique_first",
                violation_error_message=_("Det finns redan ett intervall som börjar på det kontot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first}–{self.last} → {self.line}"


class BudgetAdoption(TenantModel):
    """The board's adoption of a year's budget version ("antagen"), with the deciding § as its protocol labels it.

    `decision_ref` is the id of the deciding § in the governance app, kept without a foreign key: finance sits
    below governance and does not know its models (docs/architecture.md, "Layers").
    """

    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    version = models.CharField(_("version"), max_length=10, choices=BudgetVersion.choices)
    decided_on = models.DateField(_("beslutsdatum"))
    decision = models.CharField(_("beslut"), max_length=60, validators=[validate_line], help_text=_("T.ex. SFV § 44."))
    decision_ref = models.PositiveIntegerField(_("paragrafens id"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["association", "year", "version"]
        verbose_name = _("antagen budget")
        verbose_name_plural = _("antagna budgetar")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year", "version"],
                name="budgetadoption_unique",
                violation_error_message=_("Årets budgetversion är redan antagen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_version_display()}: {self.decision}"
