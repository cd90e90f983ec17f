"""The user's own account: the account page, changing the password, and the "forgotten password" flow.

These pages are outside /f/<association>/: a login is one person's across every förbund they work for. The
reset pages are Django's, styled like the rest; the request page answers the same whether or not the address
belongs to anyone, and a client address or an e-mail address that asks too often gets that same answer
without a mail (`PASSWORD_RESET_LIMIT` an hour).
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from samordna.accounts import two_factor
from samordna.accounts.account_forms import AuditedPasswordChangeForm, AuditedSetPasswordForm, ResetRequestForm
from samordna.core.middleware import client_ip
from samordna.core.models import Membership, User

_HOUR = 3600


class AccountView(LoginRequiredMixin, TemplateView):
    """The logged-in user's own page: name, e-mail, förbund and roles, and links to password and API key."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assert isinstance(user, User)  # LoginRequiredMixin let only a logged-in user through
        memberships = Membership.objects.filter(user=user).select_related("association")
        by_association: dict[Any, list[str]] = {}
        for membership in memberships.order_by("association__name", "role"):
            by_association.setdefault(membership.association, []).append(str(membership.get_role_display()))
        context["associations"] = list(by_association.items())
        context["has_two_factor"] = two_factor.confirmed_device(user) is not None
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the current one first); other sessions end, this one stays logged in."""

    form_class = AuditedPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Lösenordet är bytt."))
        return response


def _over_limit(kind: str, value: str) -> bool:
    """Count one request for `value` this hour; True when it is over PASSWORD_RESET_LIMIT."""
    digest = hashlib.sha256(value.lower().encode()).hexdigest()
    key = f"samordna:password-reset:{kind}:{digest}"
    cache.add(key, 0, _HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _HOUR)
        count = 1
    return count > settings.PASSWORD_RESET_LIMIT


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail; the same answer whether or not the address is known."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        ip_limited = _over_limit("ip", client_ip(self.request) or "")
        address_limited = _over_limit("email", form.cleaned_data["email"])
        if ip_limited or address_limited:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The same page for every address: a link is on its way if the address is known."""

    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from a link; the link works once (it is bound to the old password)."""

    form_class = AuditedSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        """Set the password and lift a login lock on the user name (the lock was for the old password)."""
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """The new password is set; log in with it."""

    template_name = "accounts/password_reset_complete.html"
