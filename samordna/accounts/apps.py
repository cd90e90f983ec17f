"""Accounts: the pages for a förbund's users, their roles and insats assignments, and the user's API key.

The models (User, Membership) and the services that write them stay in `core`; these pages sit above
`interventions` because a user's page assigns insats staff.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """App config for samordna.accounts (no models)."""

    name = "samordna.accounts"
    label = "accounts"
    verbose_name = _("Användare")

    def ready(self) -> None:
        """The user pages in the main navigation (for admins); the second factor's login step."""
        from samordna.accounts import two_factor  # noqa: F401  (connects its user_logged_in receiver)
        from samordna.core.navigation import NavItem, register
        from samordna.core.tenancy import ADMINS

        register(NavItem(_("Användare"), "accounts:user-list", ADMINS), before="finance:home")
