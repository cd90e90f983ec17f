"""Writes of the user's own second factor (TOTP): set up, confirm, remove. Each writes one audit row.

The audit rows name what happened to the user's login, never the secret key or a code.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.two_factor import DEVICE_NAME
from samordna.core.audit import record
from samordna.core.models import AuditEntry


def totp_begin(*, acting_user: Any) -> TOTPDevice:
    """An unconfirmed TOTP device for the user (a fresh key each time: an abandoned set-up is replaced)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=acting_user, name=DEVICE_NAME, confirmed=False)


def totp_confirm(*, acting_user: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm the device with a code from the app; refused with a Swedish message when the code is wrong."""
    if device.user_id != acting_user.pk or device.confirmed:
        raise ValidationError(_("Börja om med att lägga till appen."))
    if not device.verify_token(token.strip()):
        raise ValidationError(_("Koden stämmer inte. Skriv in den kod som appen visar just nu."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(
            acting_user=acting_user,
            association=None,
            action=AuditEntry.Action.UPDATE,
            obj=acting_user,
            object_repr=str(acting_user),
            changes={"two_factor": "på"},
        )
    return device


def totp_remove(*, acting_user: Any, token: str, required: bool) -> None:
    """Remove the user's device after a current code; refused when a förbund of theirs requires it."""
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=True).first()
    if device is None:
        raise ValidationError(_("Du har ingen tvåstegsverifiering att ta bort."))
    if required:
        raise ValidationError(_("Ett förbund du arbetar i kräver tvåstegsverifiering. Byt app i stället."))
    if not device.verify_token(token.strip()):
        raise ValidationError(_("Koden stämmer inte. Skriv in den kod som appen visar just nu."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=acting_user).delete()
        record(
            acting_user=acting_user,
            association=None,
            action=AuditEntry.Action.UPDATE,
            obj=acting_user,
            object_repr=str(acting_user),
            changes={"two_factor": "av"},
        )
