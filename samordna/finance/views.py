"""Finance pages under /f/<association>/ekonomi/: overview, allocation, plan, follow-up, driftsredovisning, editing.

Report pages take `?format=xlsx|csv|docx|pdf|json` to download the same table. Viewers (board,
auditors) see adopted figures only: budget, plan and booked outcome; forecasts and every editing
page are the office's (admin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from samordna.core.choices import Role
from samordna.core.generic import TenantCreateView, TenantUpdateView
from samordna.core.imports import read_upload
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.core.years import FIRST_YEAR, LAST_YEAR
from samordna.finance import reports, selectors, services
from samordna.finance.account_map_services import (
    account_map_customise,
    account_map_import,
    account_range_delete,
    account_range_save,
)
from samordna.finance.annual import account_map, unmapped_accounts
from samordna.finance.forms import (
    AccountRangeForm,
    AllocationForm,
    BudgetLineForm,
    LedgerUploadForm,
    MappingForm,
    MappingRemoveForm,
    OpeningEquityForm,
    UploadForm,
)
from samordna.finance.ledger_services import ledger_import
from samordna.finance.models import (
    BudgetLine,
)
from samordna.finance.parsing import ImportFailed, parse_amount
from samordna.organisations import selectors as organisation_selectors
from samordna.reporting.cache import cached
from samordna.reporting.http import export_response, wanted_format
from samordna.reporting.pages import inline_svg
from samordna.reporting.tables import Report, format_number


def _url(name: str, association: Any) -> str:
    return reverse(f"finance:{name}", kwargs={"association": association.slug})


class FinanceHomeView(TenantMixin, TemplateView):
    """The finance overview with links to every table."""

    allowed_roles = PUBLISHED_READERS
    template_name = "finance/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = timezone.localdate().year
        context["imports"] = selectors.ledger_imports(association=self.association, limit=5)
        context["line_count"] = selectors.line_count(association=self.association)
        return context


class ReportPageView(TenantMixin, TemplateView):
    """A report page: builds the report from query options, shows it, or downloads it with ?format=."""

    allowed_roles = PUBLISHED_READERS
    template_name = "finance/report_page.html"
    builder: Callable[..., Report]
    title = ""

    def options(self) -> dict[str, Any]:
        """The report options from the query string, with defaults."""
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.error = ""
        self.report: Report | None = None
        try:
            builder, options = type(self).builder, self.options()
            self.report = cached(
                association=self.association,
                kind=f"finance.{builder.__name__}",
                params=options,
                build=lambda: builder(association=self.association, options=options),
            )
        except ValidationError as error:
            self.error = " ".join(error.messages)
        fmt = wanted_format(request.GET)
        if fmt and self.report is not None:
            return export_response(self.report, fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(
            report=report,
            error=self.error,
            title=report.title if report else self.title,
            options=self.options(),
            query=self.request.GET.urlencode(),
            charts=[
                {
                    "title": c.title,
                    "svg": inline_svg(
                        c.draw("svg"),
                        index,
                        _("Stapeldiagram: %(title)s. Samma siffror finns i tabellen ovan.") % {"title": c.title},
                    ),
                }
                for index, c in enumerate(report.charts if report else [], start=1)
            ],
        )
        return context


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class AllocationView(ReportPageView):
    """Member contributions of a year (seed 003)."""

    builder = reports.allocation_report
    title = gettext_lazy("Medlemsbidrag")
    template_name = "finance/allocation.html"

    def options(self) -> dict[str, Any]:
        return {"year": _int(self.request.GET.get("year"), timezone.localdate().year)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.options()["year"]
        stored = selectors.allocation_year(association=self.association, year=year)
        context["form"] = AllocationForm(
            initial={
                "year": year,
                "total": stored.total if stored else None,
                "population_year": stored.population_year if stored else None,
            }
        )
        agreed = selectors.agreed_shares(association=self.association, year=year)
        context["share_rows"] = [
            {"member": m, "percent": agreed.get(m.pk, "")}
            for m in organisation_selectors.kommun_members(association=self.association)
        ]
        context["year"] = year
        return context


class AllocationSetView(TenantMixin, View):
    """Save a year's total contribution (POST from the allocation page)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = AllocationForm(request.POST)
        if form.is_valid():
            try:
                services.allocation_year_set(
                    acting_user=request.user, association=self.association, **form.cleaned_data
                )
                messages.success(request, _("Medlemsbidraget är sparat."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(f"{_url('allocation', self.association)}?year={form.cleaned_data['year']}")
        messages.error(request, _("Ange år och totalbelopp i hela kronor."))
        return redirect(_url("allocation", self.association))


class AgreedSharesSetView(TenantMixin, View):
    """Save (or with all fields empty, remove) agreed percentages of a year (POST from the allocation page)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        year = _int(request.POST.get("year"), 0)
        percents = {}
        try:
            for member in organisation_selectors.kommun_members(association=self.association):
                text = request.POST.get(f"share-{member.pk}", "").strip()
                if text:
                    percents[member] = parse_amount(text)
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValidationError(_("Ange ett år."))
            services.agreed_shares_set(
                acting_user=request.user, association=self.association, year=year, percents=percents
            )
            messages.success(request, _("Andelarna är sparade.") if percents else _("Andelarna är borttagna."))
        except (ValueError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{_url('allocation', self.association)}?year={year or timezone.localdate().year}")


class BudgetPlanView(ReportPageView):
    """Budget and multi-year plan (seed 004): adopted figures, for admins and viewers."""

    builder = reports.budget_report
    title = gettext_lazy("Budget och flerårsplan")
    template_name = "finance/plan.html"

    def options(self) -> dict[str, Any]:
        year = timezone.localdate().year
        return {"years": self.request.GET.get("years") or f"{year}-{year + 3}"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["equity_form"] = OpeningEquityForm()
        context["equities"] = [
            (e.year, format_number(e.amount)) for e in selectors.opening_equities(association=self.association)
        ]
        try:
            years: list[int] | None = reports.parse_years(self.options()["years"])
        except ValidationError:
            years = None
        context["adoptions"] = selectors.adoptions(association=self.association, years=years)
        return context


class OpeningEquitySetView(TenantMixin, View):
    """Save the opening equity of a year (POST from the plan page)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = OpeningEquityForm(request.POST)
        if form.is_valid():
            services.opening_equity_set(acting_user=request.user, association=self.association, **form.cleaned_data)
            messages.success(request, _("Ingående eget kapital är sparat."))
        else:
            messages.error(request, _("Ange år och belopp."))
        return redirect(_url("plan", self.association))


class FollowUpView(ReportPageView):
    """Budget follow-up (seed 000). Admins see forecast and deviation; viewers budget and booked outcome only."""

    builder = reports.followup_report
    title = gettext_lazy("Budgetuppföljning")

    def options(self) -> dict[str, Any]:
        today = timezone.localdate()
        year = _int(self.request.GET.get("year"), today.year)
        until = self.request.GET.get("until") or (today if today.year == year else dt.date(year, 12, 31)).isoformat()
        return {"year": year, "until": until, "include_forecast": Role.ADMIN in self.roles}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["adoptions"] = selectors.adoptions(association=self.association, years=[self.options()["year"]])
        return context


class OperatingView(ReportPageView):
    """Driftsredovisning per cost centre (seed 002)."""

    builder = reports.operating_report
    title = gettext_lazy("Driftsredovisning")

    def options(self) -> dict[str, Any]:
        year = _int(self.request.GET.get("year"), timezone.localdate().year - 1)
        return {"year": year, "until": self.request.GET.get("until") or None}


class BudgetLineCreateView(TenantCreateView):
    """Add a budget line."""

    model = BudgetLine
    form_class = BudgetLineForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny budgetrad")}

    def save(self, form: BaseForm) -> Model:
        return services.budget_line_create(
            acting_user=self.request.user, association=self.association, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return _url("grid", self.association)


class BudgetLineUpdateView(TenantUpdateView):
    """Edit a budget line."""

    model = BudgetLine
    form_class = BudgetLineForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ändra budgetrad")}

    def save(self, form: BaseForm) -> Model:
        return services.budget_line_update(acting_user=self.request.user, line=self.get_object(), **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["delete_url"] = reverse(
            "finance:line-delete", kwargs={"association": self.association.slug, "pk": self.object.pk}
        )
        context["delete_label"] = _("Ta bort budgetraden …")
        return context

    def get_success_url(self) -> str:
        return _url("grid", self.association)


class ImportView(TenantMixin, TemplateView):
    """Upload a Budget CSV or an accounting file (SIE 1–4E or ledger CSV); all or nothing."""

    allowed_roles = ADMINS
    template_name = "finance/import.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("budget_form", UploadForm(prefix="budget"))
        context.setdefault("ledger_form", LedgerUploadForm(prefix="ledger"))
        context["imports"] = selectors.ledger_imports(association=self.association, limit=10)
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        which = "ledger" if "ledger-file" in request.FILES else "budget"
        form_class = LedgerUploadForm if which == "ledger" else UploadForm
        form = form_class(request.POST, request.FILES, prefix=which)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = read_upload(upload)
                if which == "budget":
                    summary = services.budget_import(
                        acting_user=request.user, association=self.association, data=data, filename=upload.name
                    )
                    messages.success(request, _("Budgeten är importerad: %(n)s rader.") % {"n": summary["rows"]})
                else:
                    imported = ledger_import(
                        acting_user=request.user,
                        association=self.association,
                        data=data,
                        filename=upload.name,
                        encoding=form.cleaned_data["encoding"] or None,
                        year=form.cleaned_data["year"],
                    )
                    messages.success(
                        request,
                        _(
                            "Utfallet är importerat: %(n)s poster för räkenskapsåret %(a)s–%(b)s. Utfallet för "
                            "andra år är orört."
                        )
                        % {"n": imported.source_rows, "a": imported.first_date, "b": imported.last_date},
                    )
                return HttpResponseRedirect(_url("import", self.association))
            except ImportFailed as error:
                problems = error.lines()
        return self.render_to_response(self.get_context_data(problems=problems, **{f"{which}_form": form}))


class MappingView(TenantMixin, TemplateView):
    """The rules mapping accounts and cost centres to budget lines, and what is still unmapped."""

    allowed_roles = ADMINS
    template_name = "finance/mapping.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MappingForm(association=self.association))
        context["rules"] = selectors.mapping_rules(association=self.association)
        year = _int(self.request.GET.get("year"), timezone.localdate().year)
        context["year"] = year
        context["unmapped"] = selectors.outcome(association=self.association, year=year).unmapped
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        if "remove" in request.POST:
            remove_form = MappingRemoveForm(request.POST, association=self.association)
            if not remove_form.is_valid():
                return self.render_to_response(self.get_context_data(remove_form=remove_form), status=400)
            rule = remove_form.cleaned_data["remove"]
            services.ledger_mapping_set(
                acting_user=request.user,
                association=self.association,
                account=rule.account,
                cost_centre=rule.cost_centre,
                line=None,
            )
            messages.success(request, _("Kopplingen är borttagen."))
            return redirect(_url("mapping", self.association))
        form = MappingForm(request.POST, association=self.association)
        if form.is_valid():
            try:
                services.ledger_mapping_set(acting_user=request.user, association=self.association, **form.cleaned_data)
                messages.success(request, _("Kopplingen är sparad."))
                return redirect(_url("mapping", self.association))
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=form))


class AnnualAccountsView(ReportPageView):
    """Resultaträkning, balansräkning, kassaflödesanalys, notes, checks and key figures of a year."""

    builder = reports.annual_accounts_report
    title = gettext_lazy("Årsredovisningens räkenskaper")
    template_name = "finance/annual_accounts.html"

    def options(self) -> dict[str, Any]:
        return {"year": _int(self.request.GET.get("year"), timezone.localdate().year - 1)}


class AccountMapView(TenantMixin, TemplateView):
    """The account map of the annual accounts: ranges (a form per row), a new range, the JSON import and the
    accounts with a balance that no range covers."""

    allowed_roles = ADMINS
    template_name = "finance/account_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ranges, is_default = account_map(self.association)
        stored = {r.first: r.pk for r in selectors.account_ranges(association=self.association)}
        context["is_default"] = is_default
        context["rows"] = [
            AccountRangeForm(
                initial={"pk": stored.get(r.first), "first": r.first, "last": r.last, "line": r.line},
                prefix=f"r{index}",
            )
            for index, r in enumerate(ranges)
        ]
        context.setdefault("form", AccountRangeForm(prefix="new"))
        context.setdefault("upload_form", UploadForm(prefix="map"))
        context["unmapped"] = unmapped_accounts(self.association)
        return context

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        action = request.POST.get("action", "")
        target = _url("account-map", self.association)
        try:
            if action == "customise":
                account_map_customise(acting_user=request.user, association=self.association)
                messages.success(request, _("Standardkontoplanen är sparad som förbundets egen och kan ändras."))
            elif action == "delete":
                account_range_delete(
                    acting_user=request.user, association=self.association, pk=_int(request.POST.get("pk"), 0)
                )
                messages.success(request, _("Intervallet är borttaget."))
            elif action == "upload":
                upload_form = UploadForm(request.POST, request.FILES, prefix="map")
                if not upload_form.is_valid():
                    return self.render_to_response(self.get_context_data(upload_form=upload_form), status=400)
                upload = upload_form.cleaned_data["file"]
                summary = account_map_import(
                    acting_user=request.user,
                    association=self.association,
                    data=read_upload(upload),
                    filename=upload.name,
                )
                messages.success(request, _("Kontoplanen är importerad: %(n)s intervall.") % {"n": summary["ranges"]})
            else:
                prefix = request.POST.get("prefix") or "new"
                form = AccountRangeForm(request.POST, prefix=prefix if prefix.isidentifier() else "new")
                if not form.is_valid():
                    if form.prefix == "new":
                        return self.render_to_response(self.get_context_data(form=form), status=400)
                    raise ValidationError([f"{form.fields[k].label}: {e}" for k, es in form.errors.items() for e in es])
                account_range_save(
                    acting_user=request.user,
                    association=self.association,
                    first=form.cleaned_data["first"].strip(),
                    last=form.cleaned_data["last"].strip(),
                    line=form.cleaned_data["line"],
                    pk=form.cleaned_data["pk"],
                )
                messages.success(request, _("Intervallet är sparat."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ImportFailed as error:
            return self.render_to_response(self.get_context_data(problems=error.lines()), status=400)
        return redirect(target)
