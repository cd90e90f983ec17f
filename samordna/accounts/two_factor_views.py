"""The user's second factor: set up the app (QR code and key), give the code after the password, remove it.

Outside /f/<association>/ like the other account pages. The key is shown only while the app is being added
(and never stored anywhere but the device row); a wrong code is refused in Swedish, and django-otp slows down
repeated wrong codes.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import services, two_factor

PENDING_DEVICE = "samordna_2fa_device"


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app."""

    token = forms.RegexField(
        label=gettext_lazy("Kod från appen"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": gettext_lazy("Skriv de sex siffrorna som appen visar.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("home")


def _grouped_key(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class TwoFactorView(LoginRequiredMixin, View):
    """Set up, see and remove one's second factor (`/konto/tvastegs/`)."""

    template_name = "accounts/two_factor.html"

    def pending(self, request: HttpRequest) -> TOTPDevice | None:
        pk = request.session.get(PENDING_DEVICE)
        return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first() if pk else None

    def page(self, request: HttpRequest, form: CodeForm | None = None, status: int = 200) -> HttpResponse:
        device = two_factor.confirmed_device(request.user)
        pending = None if device else self.pending(request)
        context: dict[str, Any] = {
            "title": _("Tvåstegsverifiering"),
            "device": device,
            "pending": pending,
            "required": two_factor.required_for(request.user),
            "must_enrol": request.session.get(two_factor.SESSION_KEY) == two_factor.ENROL,
            "form": form or CodeForm(),
        }
        if pending is not None:
            context["qr"] = segno.make(pending.config_url, error="m").svg_data_uri(scale=5, border=2)
            context["key"] = _grouped_key(pending)
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        if action == "begin":
            request.session[PENDING_DEVICE] = services.totp_begin(acting_user=request.user).pk
            return HttpResponseRedirect(reverse("two-factor"))
        form = CodeForm(request.POST)
        if action not in ("confirm", "remove") or not form.is_valid():
            return self.page(request, form, status=400)
        token = form.cleaned_data["token"]
        try:
            if action == "confirm":
                device = self.pending(request)
                if device is None:
                    raise ValidationError(_("Börja om med att lägga till appen."))
                device = services.totp_confirm(acting_user=request.user, device=device, token=token)
                otp_login(request, device)
                request.session.pop(PENDING_DEVICE, None)
                two_factor.done(request)
                messages.success(
                    request, _("Tvåstegsverifieringen är på. Nästa gång du loggar in frågar vi efter en kod.")
                )
            else:
                services.totp_remove(
                    acting_user=request.user, token=token, required=two_factor.required_for(request.user)
                )
                messages.success(request, _("Tvåstegsverifieringen är borttagen."))
        except ValidationError as error:
            form.add_error("token", error)
            return self.page(request, form, status=400)
        return HttpResponseRedirect(reverse("account"))


class VerifyView(LoginRequiredMixin, View):
    """Give the code from the app after the password (`/konto/verifiera/`)."""

    template_name = "accounts/two_factor_verify.html"

    def page(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        context = {"title": _("Kod från appen"), "form": form, "next": _next(request)}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(two_factor.SESSION_KEY) != two_factor.VERIFY:
            return HttpResponseRedirect(_next(request))
        return self.page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        device = two_factor.confirmed_device(request.user)
        if form.is_valid() and device is not None:
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", _("För många felaktiga koder. Vänta en stund och försök igen."))
            elif device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                two_factor.done(request)
                return HttpResponseRedirect(_next(request))
            else:
                form.add_error("token", _("Koden stämmer inte. Skriv in den kod som appen visar just nu."))
        return self.page(request, form, status=400)
