"""The budget grid editor: one row per line, one column per year, one version at a time.

A plain form (works without JavaScript); finance/grid.js adds live subtotals and arrow-key movement.
Saving is all or nothing: any cell that is not an amount is marked and nothing is written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from samordna.core.choices import BudgetCategory
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.core.validators import validate_text
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance import selectors, services
from samordna.finance.forms import GRID_VERSIONS
from samordna.finance.line_views import removed_lines
from samordna.finance.parsing import parse_amount
from samordna.reporting.tables import format_number

MAX_YEARS = 8


class BudgetGridView(TenantMixin, TemplateView):
    """Edit a version's amounts for several years at once (admin only)."""

    allowed_roles = ADMINS
    template_name = "finance/grid.html"

    def settings(self) -> tuple[str, list[int]]:
        """Version and years from the query string (defaults: budget, this year and three more)."""
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        version = params.get("version", "budget")
        if version not in dict(GRID_VERSIONS):
            version = "budget"
        this_year = timezone.localdate().year
        try:
            first = int(params.get("from", this_year))
            last = int(params.get("to", first + 3))
        except ValueError:
            first, last = this_year, this_year + 3
        first = min(max(first, FIRST_YEAR), LAST_YEAR)
        last = min(max(last, first), first + MAX_YEARS - 1, LAST_YEAR)
        return version, list(range(first, last + 1))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version, years = self.settings()
        posted: dict[str, str] = kwargs.get("posted", {})
        errors: dict[str, str] = kwargs.get("errors", {})
        amounts = selectors.amounts_by_line_and_year(association=self.association, version=version, years=years)
        lines = selectors.lines(association=self.association)
        groups = []
        for category, label in BudgetCategory.choices:
            rows = []
            for line in (ln for ln in lines if ln.category == category):
                cells = []
                for year in years:
                    name = f"cell-{line.pk}-{year}"
                    stored = amounts.get((line.pk, year))
                    value = posted.get(
                        name,
                        format_number(stored.amount, 0 if stored.amount % 1 == 0 else 2).replace("\u00a0", " ")
                        if stored
                        else "",
                    )
                    cells.append({"name": name, "value": value, "error": errors.get(name, ""), "year": year})
                comment_name = f"comment-{line.pk}"
                first = amounts.get((line.pk, years[0]))
                rows.append(
                    {
                        "line": line,
                        "cells": cells,
                        "comment_name": comment_name,
                        "comment": posted.get(comment_name, first.comment if first else ""),
                    }
                )
            if rows:
                groups.append({"category": category, "label": label, "rows": rows})
        context.update(
            version=version,
            versions=GRID_VERSIONS,
            years=years,
            groups=groups,
            errors=errors,
            first_year=years[0],
            last_year=years[-1],
            undo_lines=removed_lines(self.request, self.association),
        )
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        version, years = self.settings()
        lines = {ln.pk: ln for ln in selectors.lines(association=self.association)}
        cells: dict[tuple[int, int], Decimal | None] = {}
        comments: dict[tuple[int, int], str] = {}
        errors: dict[str, str] = {}
        for pk, line in lines.items():
            for year in years:
                name = f"cell-{pk}-{year}"
                if name not in request.POST:
                    continue
                text = request.POST[name].strip()
                if not text:
                    cells[(pk, year)] = None
                    continue
                try:
                    cells[(pk, year)] = parse_amount(text)
                except ValueError as error:
                    errors[name] = f"{line.code} {year}: {error}"
            comment_name = f"comment-{pk}"
            if comment_name in request.POST:
                comment = request.POST[comment_name].strip()[:2000]
                try:
                    validate_text(comment)
                except ValidationError as error:
                    errors[comment_name] = _("%(line)s, kommentar: %(error)s") % {
                        "line": line.code,
                        "error": " ".join(error.messages),
                    }
                comments[(pk, years[0])] = comment
        if not errors:
            try:
                changed = services.budget_grid_save(
                    acting_user=request.user,
                    association=self.association,
                    version=version,
                    cells=cells,
                    comments=comments,
                )
            except ValidationError as error:
                errors["__all__"] = " ".join(error.messages)
            else:
                messages.success(request, _("Sparat: %(n)s ändrade belopp.") % {"n": changed})
                url = reverse("finance:grid", kwargs={"association": self.association.slug})
                return redirect(f"{url}?version={version}&from={years[0]}&to={years[-1]}")
        messages.error(request, _("Inget sparades: rätta de markerade cellerna."))
        context = self.get_context_data(posted=dict(request.POST.items()), errors=errors)
        return self.render_to_response(context, status=400)
