"""Send a logged-in session that still owes its second factor to the code page (or to setting up the app)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from samordna.accounts.two_factor import ENROL, SESSION_KEY, VERIFY

#: Paths a session may reach before its second factor (besides the two pages themselves).
OPEN_PREFIXES = ("/static/", "/konto/logga-ut/", "/i18n/")


class TwoFactorMiddleware:
    """After the password: VERIFY sessions may only give their code, ENROL sessions only set up their app."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if step and request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            target = reverse("two-factor-verify") if step == VERIFY else reverse("two-factor")
            if step in (VERIFY, ENROL) and request.path != target:
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return HttpResponseRedirect(f"{target}?next={request.get_full_path()}" if step == VERIFY else target)
        return self.get_response(request)
