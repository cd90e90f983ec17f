"""Pages for members and the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samordna.core import undo
from samordna.core.generic import (
    TenantCreateView,
    TenantDetailView,
    TenantListView,
    TenantObjectMixin,
    TenantUpdateView,
    apply_validation_error,
)
from samordna.core.listing import Column, SortedListMixin
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS, MEMBER_READERS, PUBLISHED_READERS
from samordna.organisations import selectors, services
from samordna.organisations.forms import BoardSeatEndForm, BoardSeatForm, MemberForm, MemberLeaveForm, PopulationForm
from samordna.organisations.models import BoardSeat, Member


class MemberListView(SortedListMixin, TenantListView):
    """All members of the förbund."""

    model = Member
    allowed_roles = MEMBER_READERS
    template_name = "organisations/member_list.html"
    columns = (
        Column("kod", gettext_lazy("Kod"), ("code",)),
        Column("namn", gettext_lazy("Namn"), ("name",)),
        Column("typ", gettext_lazy("Typ"), ("kind",)),
        Column("kommunkod", gettext_lazy("Kommunkod"), ("municipality__code",)),
        Column("folkmangd", gettext_lazy("Folkmängd (senaste)"), (), "num"),
    )
    default_sort = "kod"

    def show_left(self) -> bool:
        return self.request.GET.get("visa") == "utradda"

    def get_queryset(self) -> Any:
        members = selectors.members(association=self.association)
        if self.show_left():
            return members.filter(left_on__isnull=False)
        return members.filter(left_on__isnull=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_left"] = self.show_left()
        return context


class MemberDetailView(TenantDetailView):
    """One member, with populations and board seats."""

    model = Member
    allowed_roles = MEMBER_READERS
    template_name = "organisations/member_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["population_form"] = PopulationForm()
        context["interventions"] = self.object.interventions.select_related("association").order_by("code")
        return context


class MemberLeaveView(TenantObjectMixin, View):
    """Archive a member that has left the förbund, after a question in the page with the date."""

    model = Member
    allowed_roles = ADMINS
    template_name = "organisations/member_confirm_leave.html"

    def _render(self, request: HttpRequest, member: Member, form: MemberLeaveForm, status: int = 200) -> HttpResponse:
        context = {"object": member, "form": form, "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        member = get_object_or_404(self.get_queryset(), pk=pk)
        return self._render(request, member, MemberLeaveForm(initial={"left_on": dt.date.today()}))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        member = get_object_or_404(self.get_queryset(), pk=pk)
        form = MemberLeaveForm(request.POST)
        if form.is_valid():
            services.member_leave(acting_user=request.user, member=member, on=form.cleaned_data["left_on"])
            messages.success(
                request,
                _("%(name)s är arkiverad som utträdd medlem. Det går att ångra på medlemmens sida.")
                % {"name": member.name},
            )
            return redirect(member)
        return self._render(request, member, form, status=400)


class MemberRejoinView(TenantObjectMixin, View):
    """Bring an archived member back."""

    model = Member
    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        member = get_object_or_404(self.get_queryset(), pk=pk)
        services.member_rejoin(acting_user=request.user, member=member)
        messages.success(request, _("%(name)s är medlem igen.") % {"name": member.name})
        return redirect(member)


class MemberCreateView(TenantCreateView):
    """Add a member."""

    model = Member
    form_class = MemberForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny medlem")}

    def save(self, form: BaseForm) -> Model:
        return services.member_create(acting_user=self.request.user, association=self.association, **form.cleaned_data)


class MemberUpdateView(TenantUpdateView):
    """Edit a member."""

    model = Member
    form_class = MemberForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ändra medlem")}

    def save(self, form: BaseForm) -> Model:
        return services.member_update(acting_user=self.request.user, member=self.get_object(), **form.cleaned_data)


class PopulationSetView(TenantObjectMixin, View):
    """Set a population for a year (POST from the member page)."""

    model = Member
    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        member = get_object_or_404(self.get_queryset(), pk=pk)
        form = PopulationForm(request.POST)
        if form.is_valid():
            try:
                services.population_set(acting_user=request.user, member=member, **form.cleaned_data)
                messages.success(request, _("Folkmängden är sparad."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Ange år och folkmängd som heltal."))
        return redirect(member)


class BoardListView(SortedListMixin, TenantListView):
    """The board: ledamöter and ersättare."""

    model = BoardSeat
    allowed_roles = PUBLISHED_READERS
    template_name = "organisations/board_list.html"
    columns = (
        Column("namn", gettext_lazy("Namn"), ("person_name",)),
        Column("uppdrag", gettext_lazy("Uppdrag"), ("seat_type",)),
        Column("funktion", gettext_lazy("Funktion"), ("office",)),
        Column("utsedd-av", gettext_lazy("Utsedd av"), ("appointed_by__name",)),
        Column("mandatperiod", gettext_lazy("Mandatperiod"), ("term_start", "term_end"), "date"),
    )

    def show_ended(self) -> bool:
        return self.request.GET.get("visa") == "avslutade"

    def get_queryset(self) -> Any:
        seats = selectors.board(association=self.association)
        today = dt.date.today()
        if self.show_ended():
            return seats.filter(term_end__lt=today)
        return seats.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_ended"] = self.show_ended()
        context["today"] = dt.date.today()
        removed = []
        for key in undo.pending_keys(self.request, self.association, "board-seat:"):
            kept = undo.pending(self.request, self.association, key)
            if kept is not None:
                removed.append({"pk": key.split(":", 1)[1], "name": kept["person_name"]})
        context["undo_seats"] = removed
        return context


class BoardSeatCreateView(TenantCreateView):
    """Add a board seat."""

    model = BoardSeat
    form_class = BoardSeatForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ny styrelseplats")}

    def save(self, form: BaseForm) -> Model:
        return services.board_seat_create(
            acting_user=self.request.user, association=self.association, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("organisations:board-list", kwargs={"association": self.association.slug})


class BoardSeatUpdateView(TenantUpdateView):
    """Edit a board seat."""

    model = BoardSeat
    form_class = BoardSeatForm
    allowed_roles = ADMINS
    extra_context = {"title": gettext_lazy("Ändra styrelseplats")}

    def save(self, form: BaseForm) -> Model:
        return services.board_seat_update(acting_user=self.request.user, seat=self.get_object(), **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("organisations:board-list", kwargs={"association": self.association.slug})


class BoardSeatDeleteView(TenantMixin, View):
    """Remove a board seat, after a question in the page; "Ångra" puts it back for a while (core.undo)."""

    allowed_roles = ADMINS
    model = BoardSeat
    template_name = "organisations/board_confirm_delete.html"

    def seat(self, pk: int) -> BoardSeat:
        return get_object_or_404(selectors.board(association=self.association), pk=pk)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"object": self.seat(pk), "association": self.association})

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        seat = self.seat(pk)
        kept = {
            "person_name": seat.person_name,
            "seat_type": seat.seat_type,
            "office": seat.office,
            "appointed_by": seat.appointed_by_id,
            "term_start": seat.term_start.isoformat(),
            "term_end": seat.term_end.isoformat() if seat.term_end else None,
        }
        try:
            services.board_seat_delete(acting_user=request.user, seat=seat)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisations:board-list", association=self.association.slug)
        undo.offer(request, self.association, f"board-seat:{pk}", kept)
        messages.success(request, _("Styrelseplatsen för %(name)s är borttagen.") % {"name": seat.person_name})
        return redirect("organisations:board-list", association=self.association.slug)


class BoardSeatEndView(TenantMixin, View):
    """End a seat's term (archive it), after a question in the page with the end date; it can be resumed."""

    allowed_roles = ADMINS
    model = BoardSeat
    template_name = "organisations/board_confirm_end.html"

    def seat(self, pk: int) -> BoardSeat:
        return get_object_or_404(selectors.board(association=self.association), pk=pk)

    def _render(self, request: HttpRequest, seat: BoardSeat, form: BoardSeatEndForm, status: int = 200) -> HttpResponse:
        context = {"object": seat, "form": form, "association": self.association}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        return self._render(request, self.seat(pk), BoardSeatEndForm(initial={"term_end": dt.date.today()}))

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        seat = self.seat(pk)
        form = BoardSeatEndForm(request.POST)
        if form.is_valid():
            try:
                services.board_seat_end(acting_user=request.user, seat=seat, on=form.cleaned_data["term_end"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Uppdraget för %(name)s är avslutat %(date)s. Det går att återuppta under Avslutade uppdrag.")
                    % {"name": seat.person_name, "date": form.cleaned_data["term_end"].isoformat()},
                )
                return redirect("organisations:board-list", association=self.association.slug)
        return self._render(request, seat, form, status=400)


class BoardSeatResumeView(TenantMixin, View):
    """Bring an ended seat back (its term runs on without an end date)."""

    allowed_roles = ADMINS
    model = BoardSeat
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        seat = get_object_or_404(selectors.board(association=self.association), pk=pk)
        services.board_seat_resume(acting_user=request.user, seat=seat)
        messages.success(request, _("Uppdraget för %(name)s löper igen.") % {"name": seat.person_name})
        return redirect("organisations:board-list", association=self.association.slug)


class BoardSeatUndoView(TenantMixin, View):
    """ "Ångra" a removed board seat: the seat again, as it was (within core.undo's time)."""

    allowed_roles = ADMINS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str) -> HttpResponse:
        key = f"board-seat:{request.POST.get('seat', '')}"
        kept = undo.pending(request, self.association, key)  # used up only when the seat is back
        if kept is None:
            messages.error(request, _("Borttagningen kan inte längre ångras (det går bara en kort stund efteråt)."))
            return redirect("organisations:board-list", association=self.association.slug)
        member = Member.objects.for_association(self.association).filter(pk=kept["appointed_by"]).first()
        if member is None:
            messages.error(request, _("Medlemmen som utsåg ledamoten finns inte längre; lägg in platsen på nytt."))
            return redirect("organisations:board-list", association=self.association.slug)
        try:
            services.board_seat_create(
                acting_user=request.user,
                association=self.association,
                person_name=kept["person_name"],
                seat_type=kept["seat_type"],
                office=kept["office"],
                appointed_by=member,
                term_start=dt.date.fromisoformat(kept["term_start"]),
                term_end=dt.date.fromisoformat(kept["term_end"]) if kept["term_end"] else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            undo.take(request, self.association, key)
            messages.success(request, _("Styrelseplatsen är tillbaka."))
        return redirect("organisations:board-list", association=self.association.slug)
