"""Forms of the user's own account: changing the password and the "forgotten password" flow.

They are Django's own forms (its validators, its Swedish messages); the new password is written through
`core.services.password_set`, which records that it changed and never what it is.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from samordna.core import services
from samordna.core.models import User
from samordna.core.validators import validate_line

PASSWORD_HELP = _("Minst tio tecken, inte likt användarnamnet eller namnet och inte ett vanligt lösenord.")


class _AuditedPassword:
    """The help text of the new password, and saving it through the audited service."""

    user: User
    cleaned_data: dict[str, Any]
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP

    def save(self, commit: bool = True) -> Any:
        return services.password_set(acting_user=self.user, user=self.user, password=self.cleaned_data["new_password1"])


class AuditedSetPasswordForm(_AuditedPassword, SetPasswordForm):
    """Set a new password from a reset link; saved through the audited service."""


class AuditedPasswordChangeForm(_AuditedPassword, PasswordChangeForm):
    """Change one's own password (the old one first); saved through the audited service."""


class ResetRequestForm(PasswordResetForm):
    """Ask for a reset link. Only the address is checked; whether it belongs to anyone is never shown."""

    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        validators=[validate_line],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Any:
        """Active users with this address (case-insensitive) and a password they could log in with."""
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.has_usable_password() and user.email
        )
