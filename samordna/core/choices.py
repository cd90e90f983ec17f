"""Choice lists shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role in one association (docs/privacy.md, roles)."""

    ADMIN = "admin", _("Förbundsadministratör")
    INTERVENTION_MANAGER = "intervention_manager", _("Insatsansvarig")
    REGISTRAR = "registrar", _("Deltagaransvarig")
    VIEWER = "viewer", _("Läsare")


class BudgetCategory(models.TextChoices):
    """Budget categories (docs/contracts.md, Budget CSV)."""

    MEMBER_INCOME = "medlemsintakter", _("Medlemsintäkter")
    OTHER_INCOME = "ovriga_intakter", _("Övriga intäkter")
    BOARD = "styrelse", _("Styrelse")
    ADMINISTRATION = "administration", _("Administration")
    INDIVIDUAL = "individinsatser", _("Individinsatser")
    METHODS = "metoder", _("Metoder och arbetssätt")
    STRUCTURAL = "struktur", _("Strukturpåverkande insatser")
    UNALLOCATED = "ofordelat", _("Ofördelat")


class Gender(models.TextChoices):
    """Gender as counted in Finsam follow-up."""

    WOMAN = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "annat", _("Annat")


ALL_ROLES: frozenset[str] = frozenset(Role.values)
INTERVENTION_ROLES: frozenset[str] = frozenset({Role.INTERVENTION_MANAGER, Role.REGISTRAR})
