"""The second factor (TOTP through django-otp): who must give a code, and what the login session has done.

A user with a confirmed TOTP device gives a six-digit code from their authenticator app after the password; a user
with a role in a förbund that requires it (`Association.require_two_factor`) and no device yet is sent to set one
up first. What a session still has to do is decided once, at login (`SESSION_KEY`: "verify", "enrol" or absent),
so that a page costs no extra query: `accounts.middleware.TwoFactorMiddleware` reads it. A förbund that starts to
require the second factor does so from each user's next login.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.core.models import Membership

SESSION_KEY = "samordna_2fa"
VERIFY, ENROL = "verify", "enrol"
DEVICE_NAME = "Samordna"


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def required_for(user: Any) -> bool:
    """Whether a förbund the user has a role in requires the second factor."""
    return Membership.objects.filter(user=user, association__require_two_factor=True).exists()


def pending_step(user: Any) -> str:
    """What a fresh login of `user` must do before it may see a page: VERIFY, ENROL or "" (nothing)."""
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if required_for(user) else ""


@receiver(user_logged_in)
def _decide_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    step = pending_step(user)
    if step:
        request.session[SESSION_KEY] = step
    else:
        request.session.pop(SESSION_KEY, None)


def done(request: HttpRequest) -> None:
    """The session has given its code (or set up its device): nothing more to do."""
    request.session.pop(SESSION_KEY, None)
