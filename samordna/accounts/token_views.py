"""The user's own account: API token for scripts (token authentication on /api/v1/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from samordna.core import services


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """Show whether the user has a token; POST creates a new one (the old stops working) or removes it."""
    if request.method == "POST":
        if request.POST.get("action") == "create":
            token = services.api_token_create(acting_user=request.user, user=request.user)
            messages.success(request, _("Ny API-nyckel skapad. Kopiera den nu; den visas bara en gång."))
            return render(request, "accounts/api_token.html", {"new_key": token.key, "has_token": True})
        services.api_token_delete(acting_user=request.user, user=request.user)
        messages.success(request, _("API-nyckeln är borttagen."))
        return redirect("api-token")
    return render(request, "accounts/api_token.html", {"has_token": Token.objects.filter(user=request.user).exists()})
