"""Removing a budget line: a question in the page first, then "Ångra" for a while (core.undo)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from samordna.core import undo
from samordna.core.models import Association
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.finance import services
from samordna.finance.models import BudgetLine

UNDO_PREFIX = "budget-line:"


def removed_lines(request: HttpRequest, association: Association) -> list[dict[str, Any]]:
    """The budget lines this admin removed a moment ago and can still put back: code and name for the page."""
    found = []
    for key in undo.pending_keys(request, association, UNDO_PREFIX):
        contents = undo.pending(request, association, key)
        if contents is not None:
            found.append({"key": key.removeprefix(UNDO_PREFIX), **contents["line"]})
    return found


class BudgetLineDeleteView(TenantMixin, View):
    """Remove a budget line with its amounts and ledger mappings, after saying what goes with it."""

    allowed_roles = ADMINS
    model = BudgetLine
    template_name = "finance/line_confirm_delete.html"

    def line(self, pk: int) -> BudgetLine:
        return get_object_or_404(BudgetLine.objects.filter(association=self.association), pk=pk)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        line = self.line(pk)
        contents = services.budget_line_contents(line)
        context = {
            "object": line,
            "association": self.association,
            "amounts": len(contents["amounts"]),
            "mappings": len(contents["mappings"]),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        line = self.line(pk)
        contents = services.budget_line_delete(acting_user=request.user, line=line)
        undo.offer(request, self.association, f"{UNDO_PREFIX}{pk}", contents)
        messages.success(request, _("Budgetraden %(code)s är borttagen.") % {"code": contents["line"]["code"]})
        return redirect("finance:grid", association=self.association.slug)


class BudgetLineUndoView(TenantMixin, View):
    """ "Ångra": the removed budget line back, with its amounts and mappings."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        key = f"{UNDO_PREFIX}{request.POST.get('line', '')}"
        contents = undo.pending(request, self.association, key)  # used up only when the line is back
        if contents is None:
            messages.error(request, _("Borttagningen kan inte längre ångras (det går bara en kort stund efteråt)."))
        else:
            try:
                services.budget_line_restore(acting_user=request.user, association=self.association, contents=contents)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                undo.take(request, self.association, key)
                messages.success(request, _("Budgetraden är tillbaka med sina belopp och kopplingar."))
        return redirect("finance:grid", association=self.association.slug)
