"""Users, associations (samordningsförbund) and memberships with roles."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samordna.core.choices import Role
from samordna.core.validators import validate_line, validate_no_personnummer


class User(AbstractUser):
    """A person who logs in. Roles are held per association through Membership.

    The name fields are Django's own, with the shared text rule added (no personnummer, no control characters).
    """

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[AbstractUser.username_validator, validate_no_personnummer],
        error_messages={"unique": _("A user with that username already exists.")},
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_line])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_line])
    email = models.EmailField(_("email address"), blank=True, validators=[validate_no_personnummer])

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Association(models.Model):
    """A samordningsförbund: the tenant that owns all other data."""

    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True, validators=[validate_no_personnummer])
    name = models.CharField(_("namn"), max_length=200, validators=[validate_line])
    org_nr = models.CharField(_("organisationsnummer"), max_length=11, blank=True, validators=[validate_line])
    address = models.CharField(_("adress"), max_length=300, blank=True, validators=[validate_line])
    suppression_threshold = models.PositiveSmallIntegerField(
        _("gräns för små tal"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Antal under denna gräns (men över noll) döljs i publicerade rapporter."),
    )
    require_two_factor = models.BooleanField(
        _("kräv tvåstegsverifiering"),
        default=False,
        help_text=_("Alla med en roll i förbundet måste logga in med en kod från en app i telefonen (TOTP)."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("gallringsfrist (år)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Deltagaruppgifter på radnivå gallras så många år efter avslut."),
    )
    allocation_percent_decimals = models.PositiveSmallIntegerField(
        _("decimaler i fördelningsprocent"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=_("Avrunda kommunernas andel till så många decimaler av en procent. Tomt: exakt fördelning."),
    )
    protocol_prefix = models.CharField(
        _("prefix för paragrafer"),
        max_length=12,
        blank=True,
        validators=[validate_line],
        help_text=_("Till exempel SFV i ”SFV § 38”."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # Bumped after every committed write of the förbund's data (core.dataversion); cached reports are keyed by it.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samordningsförbund")
        verbose_name_plural = _("samordningsförbund")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=2), name="association_threshold_at_least_2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; an update never writes `data_version`, which only core.dataversion moves (a stale copy of the
        förbund saved after a bump would otherwise put an older version back, and with it older cached reports)."""
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "data_version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("core:dashboard", kwargs={"association": self.slug})


class Membership(models.Model):
    """One role a user holds in one association.

    `intervention_manager` and `registrar` act only on the insatser they are assigned to
    (interventions.InterventionAssignment). A user may not be both `admin` and `registrar`
    in one association; services.membership_add refuses it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["association__name", "user__username", "role"]
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            models.UniqueConstraint(fields=["user", "association", "role"], name="membership_unique_role"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.association})"
