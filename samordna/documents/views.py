"""Pages of the documents: /f/<association>/dokument/.

- The list (`PUBLISHED_READERS`): admins see every document, viewers the frozen ones only.
- A document, its files (DOCX, PDF, JSON) and the comparison with the period's draft: admins any document,
  viewers a frozen one (a draft answers 403 to them).
- New document, a section's text with its history, fastställ, new draft from a frozen one: `ADMINS`.

Another förbund's document answers 404 before the role check. A period the document cannot be made for (no
ledger for the year) is shown as a message on the page, never as an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from samordna.core.choices import Role
from samordna.core.generic import apply_validation_error
from samordna.core.jobs import start_job
from samordna.core.listing import Column, sorted_page
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.documents import jobs, markup, selectors, services, structure
from samordna.documents.content import table_from
from samordna.documents.forms import DocumentForm, FreezeForm, TextForm
from samordna.documents.models import Document
from samordna.documents.report import as_report
from samordna.reporting.renderers import CONTENT_TYPES
from samordna.reporting.renderers import render as render_format


def _url(name: str, document: Document, **kwargs: Any) -> str:
    return reverse(f"documents:{name}", kwargs={"association": document.association.slug, "pk": document.pk, **kwargs})


class DocumentListView(TenantMixin, TemplateView):
    """The förbund's documents, and (admins) the form for a new one."""

    allowed_roles = PUBLISHED_READERS
    template_name = "documents/list.html"
    columns = (
        Column("dokument", gettext_lazy("Dokument"), ("title",)),
        Column("period", gettext_lazy("Period"), ("year", "until"), "date"),
        Column("status", gettext_lazy("Status"), ("status", "adopted_on")),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        is_admin = self.has_role(Role.ADMIN)
        page, listing = sorted_page(
            selectors.documents_of(self.association, frozen_only=not is_admin), self.request.GET, self.columns, ""
        )
        context.update(
            title=_("Årsredovisning och delårsrapport"),
            documents=page.object_list,
            **listing,
            can_edit=is_admin,
            form=kwargs.get("form") or (DocumentForm() if is_admin else None),
        )
        return context


class DocumentCreateView(TenantMixin, View):
    """Create a draft (POST)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DocumentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_create(
                    acting_user=request.user,
                    association=self.association,
                    kind=data["kind"],
                    year=data["year"],
                    until=data["until"],
                    title=data.get("title") or "",
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Utkastet är skapat."))
                return HttpResponseRedirect(document.get_absolute_url())
        view = DocumentListView()
        view.setup(request, **kwargs)
        view.enter(request, self.tenancy)
        return render(request, view.template_name, view.get_context_data(form=form), status=400)


class DocumentMixin(TenantMixin):
    """The document named in the URL: another förbund's is 404; a draft is for admins only (403)."""

    model = Document
    document: Document

    def check_before_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        document = selectors.document_of(self.association, kwargs["pk"])
        if document is None:
            raise Http404(_("Dokumentet finns inte."))
        self.document = document

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        if not self.document.frozen and not self.has_role(Role.ADMIN):
            raise PermissionDenied(_("Utkast visas bara för förbundets administratörer."))

    def document_content(self) -> tuple[dict[str, Any] | None, str]:
        """(content, error): the content, or the reason it cannot be made now."""
        try:
            return selectors.content(self.document), ""
        except ValidationError as error:
            return None, " ".join(error.messages)


def _sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**part, "html": markup.to_html(part["text"]), "tables": [table_from(t) for t in part["tables"]]}
        for part in data["sections"]
    ]


class DocumentView(DocumentMixin, TemplateView):
    """A document with its sections: written text (editable in a draft) and generated tables."""

    allowed_roles = PUBLISHED_READERS
    template_name = "documents/document.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data, error = self.document_content()
        is_admin = self.has_role(Role.ADMIN)
        context.update(
            title=self.document.title,
            document=self.document,
            error=error,
            sections=_sections(data) if data else [],
            notes=data.get("notes", []) if data else [],
            written=structure.written(self.document.kind),
            can_edit=is_admin and not self.document.frozen,
            is_admin=is_admin,
            job_formats=jobs.JOB_FORMATS,
            draft=selectors.draft_for(self.document) if self.document.frozen and is_admin else None,
            status=_("Fastställd %(d)s") % {"d": self.document.adopted_on} if self.document.frozen else _("Utkast"),
        )
        return context


class DocumentFileView(DocumentMixin, View):
    """The document as JSON (GET ?format=json), or as DOCX or PDF made in the background (POST format=)."""

    allowed_roles = PUBLISHED_READERS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("format", "json")
        if fmt in jobs.JOB_FORMATS:
            messages.info(request, _("Välj Ladda ner på sidan: filen görs i bakgrunden."))
            return HttpResponseRedirect(self.document.get_absolute_url())
        if fmt != "json":
            return HttpResponse(_("Välj formatet docx, pdf eller json."), status=400, content_type="text/plain")
        data, error = self.document_content()
        if data is None:
            messages.error(request, error)
            return HttpResponseRedirect(self.document.get_absolute_url())
        report = as_report(data, self.association)
        response = HttpResponse(render_format(report, fmt), content_type=CONTENT_TYPES[fmt])
        name = slugify(f"{self.document.title}-{self.document.until.isoformat()}") or "dokument"
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.POST.get("format", "")
        if fmt not in jobs.JOB_FORMATS:
            return HttpResponse(_("Välj formatet docx eller pdf."), status=400, content_type="text/plain")
        try:
            job = start_job(
                acting_user=request.user,
                association=self.association,
                kind=jobs.KIND,
                label=f"{self.document.title} ({fmt.upper()})",
                params={"document": self.document.pk, "format": fmt},
                back_url=self.document.get_absolute_url(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.document.get_absolute_url())
        return HttpResponseRedirect(reverse("core:job", kwargs={"association": self.association.slug, "pk": job.pk}))


class TextView(DocumentMixin, TemplateView):
    """Write a section's text; the earlier texts are listed (history)."""

    allowed_roles = ADMINS
    template_name = "documents/text.html"

    def check_after_roles(self, request: HttpRequest, **kwargs: Any) -> None:
        spec = structure.spec(self.document.kind, kwargs["section"])
        if spec is None or not spec.text:
            raise Http404(_("Dokumentet har inget sådant avsnitt."))
        self.spec = spec
        self.text = selectors.text_of(self.document, spec.key)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        body = self.text.body if self.text is not None else str(self.spec.default)
        context.update(
            title=_("%(section)s – %(doc)s") % {"section": self.spec.title, "doc": self.document.title},
            document=self.document,
            spec=self.spec,
            form=kwargs.get("form") or TextForm(initial={"body": body}),
            preview=markup.to_html(body),
            history=selectors.history(self.text),
            text=self.text,
            frozen=self.document.frozen,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TextForm(request.POST)
        if form.is_valid():
            try:
                services.text_save(
                    acting_user=request.user, document=self.document, key=self.spec.key, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Texten är sparad."))
                return HttpResponseRedirect(self.document.get_absolute_url() + f"#{self.spec.key}")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FreezeView(DocumentMixin, TemplateView):
    """Fastställ a draft with the board's adoption date."""

    allowed_roles = ADMINS
    template_name = "documents/freeze.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Fastställ %(doc)s") % {"doc": self.document.title},
            document=self.document,
            form=kwargs.get("form") or FreezeForm(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = FreezeForm(request.POST)
        if form.is_valid():
            try:
                services.document_freeze(
                    acting_user=request.user,
                    document=self.document,
                    adopted_on=form.cleaned_data["adopted_on"],
                    decision=form.cleaned_data["decision"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Dokumentet är fastställt; dess innehåll är sparat som det är nu."))
                return HttpResponseRedirect(self.document.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NewDraftView(DocumentMixin, View):
    """A new draft of a frozen document's period (POST)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            draft = services.draft_from(acting_user=request.user, document=self.document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.document.get_absolute_url())
        messages.success(request, _("Ett nytt utkast är skapat med samma texter."))
        return HttpResponseRedirect(draft.get_absolute_url())


class CompareView(DocumentMixin, TemplateView):
    """The frozen document against the period's draft, figure by figure (admins)."""

    allowed_roles = ADMINS
    template_name = "documents/compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        frozen = self.document if self.document.frozen else None
        draft = selectors.draft_for(self.document) if frozen else self.document
        if frozen is None:
            frozen = (
                selectors.documents_of(self.association, frozen_only=True)
                .filter(kind=self.document.kind, year=self.document.year, until=self.document.until)
                .order_by("-frozen_at", "-pk")
                .first()
            )
        rows, error = [], ""
        if frozen is None or draft is None:
            error = _("Det finns inget fastställt dokument och utkast för samma period att jämföra.")
        else:
            frozen = selectors.document_of(self.association, frozen.pk)
            try:
                rows = selectors.compare(selectors.content(frozen), selectors.live_content(draft))  # type: ignore[arg-type]
            except ValidationError as error_:
                error = " ".join(error_.messages)
        context.update(
            title=_("Jämför fastställt och utkast – %(doc)s") % {"doc": self.document.title},
            document=self.document,
            frozen=frozen,
            draft=draft,
            rows=rows,
            changed=[row for row in rows if row.changed],
            error=error,
        )
        return context
