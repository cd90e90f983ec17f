"""The user's own account: API token for scripts (token authentication on /api/v1/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from samordna.core.audit import record


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Show whether the user has a token; POST creates a new one (the old stops working) or removes it."""
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            if request.POST.get("action") == "create":
                token = Token.objects.create(user=request.user)
                record(
                    acting_user=request.user,
                    association=None,
                    action="create",
                    object_type="authtoken.token",
                    object_repr=_("API-nyckel för %(user)s") % {"user": request.user.get_username()},
                )
                messages.success(request, _("Ny API-nyckel skapad. Kopiera den nu; den visas bara en gång."))
                return render(request, "core/api_token.html", {"new_key": token.key, "has_token": True})
            record(
                acting_user=request.user,
                association=None,
                action="delete",
                object_type="authtoken.token",
                object_repr=_("API-nyckel för %(user)s") % {"user": request.user.get_username()},
            )
            messages.success(request, _("API-nyckeln är borttagen."))
        return redirect("api-token")
    return render(request, "core/api_token.html", {"has_token": Token.objects.filter(user=request.user).exists()})
