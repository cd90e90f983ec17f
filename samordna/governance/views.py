"""Pages for board meetings: list, meeting page, forms to plan, record attendance, edit the §§, justera and
post the anslag; downloads of handlingar and the protocol. Admins write; the board (viewer) reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core.choices import Role
from samordna.core.generic import TenantCreateView, TenantDetailView, TenantListView, TenantObjectMixin
from samordna.core.listing import Column, SortedListMixin
from samordna.core.tenancy import ADMINS, PUBLISHED_READERS
from samordna.governance import selectors, services
from samordna.governance.forms import (
    AdjustersForm,
    AttendanceForm,
    DocumentForm,
    ItemForm,
    JustifyForm,
    MeetingForm,
    PostingForm,
    QuorumForm,
)
from samordna.governance.models import AgendaItem, ItemDocument, Meeting
from samordna.governance.protocol import notice_report, protocol_report
from samordna.reporting.http import export_response

PROTOCOL_FORMATS = ("docx", "pdf", "json")


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


class MeetingsMixin(TenantObjectMixin):
    """The förbund's meetings (another förbund's meeting → 404)."""

    model = Meeting
    allowed_roles = PUBLISHED_READERS

    def meeting(self, pk: int) -> Meeting:
        return get_object_or_404(self.get_queryset(), pk=pk)


class MeetingListView(MeetingsMixin, SortedListMixin, TenantListView):
    """Upcoming and held meetings, newest first (or by a column)."""

    template_name = "governance/meeting_list.html"
    columns = (
        Column("datum", gettext_lazy("Datum"), ("date",), "date"),
        Column("organ", gettext_lazy("Organ"), ("organ",)),
        Column("plats", gettext_lazy("Plats"), ("place",)),
        Column("status", gettext_lazy("Status"), ("status",)),
    )
    default_sort = "-datum"

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meetings(user=self.request.user, association=self.association).order_by("-date", "organ")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        context["upcoming"] = [m for m in rows if not m.frozen_numbers]
        context["held"] = [m for m in rows if m.frozen_numbers]
        context["can_edit"] = Role.ADMIN in self.roles
        return context


class MeetingDetailView(MeetingsMixin, TenantDetailView):
    """A meeting: facts, attendance, quorum, the agenda with §, justering and anslag."""

    template_name = "governance/meeting_detail.html"

    def get_queryset(self) -> QuerySet[Meeting]:
        return selectors.meeting_with_items(super().get_queryset())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting: Meeting = self.object
        admin = Role.ADMIN in self.roles
        attendance = list(meeting.attendance.all())
        context.update(
            groups=selectors.attendance_groups(meeting),
            quorum=selectors.quorum(meeting, attendance),
            has_attendance=bool(attendance),
            items=list(meeting.items.all()),
            adjusters=list(meeting.adjusters.all()),
            can_edit=admin and not meeting.locked,
            can_post=admin and meeting.locked,
            can_move=admin and not meeting.frozen_numbers,
            formats=PROTOCOL_FORMATS,
        )
        if admin and not meeting.locked:
            context["item_form"] = ItemForm()
            for item in context["items"]:  # one upload form per §, each with its own field ids
                item.document_form = DocumentForm(auto_id=f"id_item{item.pk}_%s")
            context["adjusters_form"] = AdjustersForm(
                initial={"names": "\n".join(a.name for a in context["adjusters"])}
            )
            if context["adjusters"]:
                context["justify_form"] = JustifyForm(names=[a.name for a in context["adjusters"]])
        return context


class MeetingCreateView(TenantCreateView):
    """Plan a meeting (admins)."""

    model = Meeting
    form_class = MeetingForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Planera möte")}

    def save(self, form: BaseForm) -> Model:
        return services.meeting_create(acting_user=self.request.user, association=self.association, **form.cleaned_data)


class MeetingEditView(MeetingsMixin, View):
    """Change a meeting's facts and status (admins; refused once justerat)."""

    allowed_roles = ADMINS
    template_name = "generic/form.html"

    def _render(self, request: HttpRequest, meeting: Meeting, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "object": meeting, "title": _("Ändra möte"), "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        if meeting.locked:
            messages.error(request, services.locked_message())
            return redirect(meeting)
        return self._render(request, meeting, MeetingForm(instance=meeting, association=self.association))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        form = MeetingForm(request.POST, instance=self.meeting(pk), association=self.association)
        if form.is_valid():
            try:
                services.meeting_update(acting_user=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                _refusal(request, error)
                return redirect(meeting) if meeting.locked else self._render(request, meeting, form, 400)
            messages.success(request, _("Mötet är sparat."))
            return redirect(meeting)
        return self._render(request, meeting, form, 400)


class AttendanceView(MeetingsMixin, View):
    """Record attendance from the board seats of the meeting's date (admins)."""

    allowed_roles = ADMINS
    template_name = "governance/attendance_form.html"

    def _form(self, meeting: Meeting, data: Any = None) -> AttendanceForm:
        seats = selectors.board_of(association=self.association, on=meeting.date)
        return AttendanceForm(data, seats=seats, meeting=meeting)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        if meeting.locked:
            messages.error(request, services.locked_message())
            return redirect(meeting)
        context = {"form": self._form(meeting), "object": meeting, "association": self.association}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        form = self._form(meeting, request.POST)
        if form.is_valid():
            try:
                services.attendance_set(acting_user=request.user, meeting=meeting, **form.service_fields())
            except ValidationError as error:
                _refusal(request, error)
                if meeting.locked:
                    return redirect(meeting)
                context = {"form": form, "object": meeting, "association": self.association}
                return render(request, self.template_name, context, status=400)
            messages.success(request, _("Närvaron är sparad."))
            return redirect(meeting)
        context = {"form": form, "object": meeting, "association": self.association}
        return render(request, self.template_name, context, status=400)


class ItemAddView(MeetingsMixin, View):
    """Add a § to the agenda (POST from the meeting page; admins)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        form = ItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Ange en rubrik för paragrafen."))
            return redirect(meeting)
        try:
            item = services.item_add(acting_user=request.user, meeting=meeting, **form.service_fields())
        except ValidationError as error:
            _refusal(request, error)
            return redirect(meeting)
        messages.success(request, _("%(label)s är tillagd.") % {"label": item.label})
        return redirect(meeting)


class JustificationView(MeetingsMixin, View):
    """Choose the justerare, or record one person's justering (POST from the meeting page; admins)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        try:
            if "names" in request.POST:
                form: BaseForm = AdjustersForm(request.POST)
                if form.is_valid():
                    names = [n for n in form.cleaned_data["names"].splitlines() if n.strip()]
                    services.adjusters_set(acting_user=request.user, meeting=meeting, names=names)
                    messages.success(request, _("Justerarna är sparade."))
                    return redirect(meeting)
            else:
                form = JustifyForm(request.POST, names=list(meeting.adjusters.values_list("name", flat=True)))
                if form.is_valid():
                    services.justify(acting_user=request.user, meeting=meeting, **form.cleaned_data)
                    messages.success(request, _("Justeringen är sparad."))
                    return redirect(meeting)
            services.require_open(meeting)
            messages.error(request, _("Kontrollera justeringen: %(e)s") % {"e": " ".join(
                str(e) for errors in form.errors.values() for e in errors)})  # fmt: skip
        except ValidationError as error:
            _refusal(request, error)
        return redirect(meeting)


class PostingView(MeetingsMixin, View):
    """Record the anslag (admins; after the justering)."""

    allowed_roles = ADMINS
    template_name = "generic/form.html"

    def _render(self, request: HttpRequest, meeting: Meeting, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "object": meeting, "title": _("Anslag"), "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        initial = {name: getattr(meeting, name) for name in services.POSTING_FIELDS}
        return self._render(request, meeting, PostingForm(initial=initial))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = self.meeting(pk)
        form = PostingForm(request.POST)
        if form.is_valid():
            try:
                services.posting_set(acting_user=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                _refusal(request, error)
                return self._render(request, meeting, form, 400)
            messages.success(request, _("Anslaget är sparat."))
            return redirect(meeting)
        return self._render(request, meeting, form, 400)


class ProtocolDownloadView(MeetingsMixin, View):
    """The protocol (or with `kind=kallelse` the kallelse) as DOCX (default), PDF or JSON."""

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        meeting = get_object_or_404(selectors.meeting_with_items(self.get_queryset()), pk=pk)
        fmt = request.GET.get("format", "docx")
        if fmt not in PROTOCOL_FORMATS:
            fmt = "docx"
        if request.GET.get("kind") == "kallelse":
            return export_response(notice_report(meeting), fmt, filename=f"kallelse-{meeting.organ}-{meeting.date}")
        return export_response(protocol_report(meeting), fmt, filename=f"protokoll-{meeting.organ}-{meeting.date}")


class ItemsMixin(TenantObjectMixin):
    """The förbund's §§ (another förbund's → 404); admins only."""

    model = AgendaItem
    allowed_roles = ADMINS

    def item(self, pk: int) -> AgendaItem:
        return get_object_or_404(self.get_queryset().select_related("meeting", "association"), pk=pk)


class ItemEditView(ItemsMixin, View):
    """Edit a §: text, förslag, yrkanden, the decision and reservations."""

    template_name = "governance/item_form.html"

    def _render(self, request: HttpRequest, item: AgendaItem, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "object": item, "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = self.item(pk)
        if item.meeting.locked:
            messages.error(request, services.locked_message())
            return redirect(item.meeting)
        return self._render(request, item, ItemForm(initial=ItemForm.initial_for(item)))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = self.item(pk)
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                services.item_update(acting_user=request.user, item=item, **form.service_fields())
            except ValidationError as error:
                _refusal(request, error)
                return redirect(item.meeting) if item.meeting.locked else self._render(request, item, form, 400)
            messages.success(request, _("%(label)s är sparad.") % {"label": item.label})
            return redirect(item.meeting)
        return self._render(request, item, form, 400)


class ItemMoveView(ItemsMixin, View):
    """Move a § up or down (POST `direction=up|down`; before the meeting is held)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = self.item(pk)
        try:
            services.item_move(acting_user=request.user, item=item, up=request.POST.get("direction") == "up")
        except ValidationError as error:
            _refusal(request, error)
        return redirect(item.meeting)


class ItemDeleteView(ItemsMixin, View):
    """Remove a § (POST `confirm=1`; before the meeting is held)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = self.item(pk)
        meeting = item.meeting
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Bekräfta att paragrafen ska tas bort."))
            return redirect(meeting)
        try:
            services.item_delete(acting_user=request.user, item=item)
            messages.success(request, _("Paragrafen är borttagen."))
        except ValidationError as error:
            _refusal(request, error)
        return redirect(meeting)


class DocumentUploadView(ItemsMixin, View):
    """Upload a handling to a § (POST; PDF, DOCX or XLSX within the upload limit)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        item = self.item(pk)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Välj en fil att ladda upp."))
            return redirect(item.meeting)
        try:
            services.document_add(
                acting_user=request.user, item=item, upload=form.cleaned_data["file"], name=form.cleaned_data["name"]
            )
            messages.success(request, _("Handlingen är uppladdad."))
        except ValidationError as error:
            _refusal(request, error)
        return redirect(item.meeting)


class DocumentDownloadView(TenantObjectMixin, View):
    """Download a handling (the board and admins)."""

    model = ItemDocument
    allowed_roles = PUBLISHED_READERS

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        document = get_object_or_404(self.get_queryset(), pk=pk)
        if not document.file:
            raise Http404(_("Handlingen finns bara som namn i protokollet."))
        filename = document.file.name.rsplit("/", 1)[-1]
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=filename)


class QuorumView(TenantObjectMixin, View):
    """The förbund's quorum rule (admins)."""

    model = Meeting
    allowed_roles = ADMINS
    template_name = "generic/form.html"

    def _render(self, request: HttpRequest, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": _("Beslutförhet"), "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str) -> HttpResponse:
        return self._render(request, QuorumForm(initial={"quorum_minimum": selectors.quorum_minimum(self.association)}))

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        form = QuorumForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, 400)
        services.quorum_set(
            acting_user=request.user, association=self.association, quorum_minimum=form.cleaned_data["quorum_minimum"]
        )
        messages.success(request, _("Regeln för beslutförhet är sparad."))
        return redirect("governance:list", association=self.association.slug)
