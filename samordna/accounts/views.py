"""Pages where a förbund's admins manage logins, roles and insats assignments of their staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.forms import AssignmentAddForm, RoleAddForm, UserCreateForm
from samordna.core import services, undo
from samordna.core.choices import INTERVENTION_ROLES, Role
from samordna.core.generic import apply_validation_error
from samordna.core.listing import Column, SortedListMixin
from samordna.core.models import Membership, User
from samordna.core.permissions import TenantMixin
from samordna.core.tenancy import ADMINS
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention, InterventionAssignment, Status


def removed_roles(request: HttpRequest, association: Any, user_pk: int) -> set[str]:
    """The roles of a user that this admin removed a moment ago and can still give back (core.undo)."""
    return {key.rsplit(":", 1)[1] for key in undo.pending_keys(request, association, f"role:{user_pk}:")}


class UsersMixin(TenantMixin):
    """Users that hold a role in the current förbund (others → 404); admins only."""

    allowed_roles = ADMINS
    model = User

    def get_queryset(self) -> QuerySet[User]:
        memberships = Membership.objects.filter(association=self.association)
        return (
            User.objects.filter(memberships__association=self.association)
            .distinct()
            .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="roles_here"))
            .order_by("username")
        )

    def assignment_form(self, memberships: QuerySet[Membership], data: Any = None) -> AssignmentAddForm:
        running = Intervention.objects.for_association(self.association).exclude(status=Status.ENDED)
        return AssignmentAddForm(
            data, memberships=memberships.filter(role__in=INTERVENTION_ROLES), interventions=running
        )


class UserListView(UsersMixin, SortedListMixin, ListView):
    """Everyone with a role in the förbund."""

    template_name = "accounts/user_list.html"
    paginate_by = 100
    columns = (
        Column("anvandarnamn", gettext_lazy("Användarnamn"), ("username",)),
        Column("namn", gettext_lazy("Namn"), ("last_name", "first_name")),
        Column("roller", gettext_lazy("Roller")),
    )
    default_sort = "anvandarnamn"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pending = [key.split(":")[1:] for key in undo.pending_keys(self.request, self.association, "role:")]
        here = set(Membership.objects.filter(association=self.association).values_list("user_id", flat=True))
        gone = {int(pk) for pk, _role in pending if pk.isdigit() and int(pk) not in here}
        users = {u.pk: u for u in User.objects.filter(pk__in=gone)}
        labels = dict(Role.choices)
        context["undo_removed"] = [
            {
                "user": users[int(pk)],
                "role": role,
                "label": labels.get(role, role),
                "url": reverse("accounts:user-action", kwargs={"association": self.association.slug, "pk": pk}),
            }
            for pk, role in pending
            if pk.isdigit() and int(pk) in users
        ]
        return context


class UserDetailView(UsersMixin, DetailView):
    """One user's roles and insats assignments in this förbund."""

    template_name = "accounts/user_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        memberships = Membership.objects.filter(association=self.association, user=self.object)
        context["memberships"] = memberships
        context["assignments"] = InterventionAssignment.objects.filter(membership__in=memberships).select_related(
            "intervention", "membership"
        )
        context["role_form"] = RoleAddForm()
        context["assignment_form"] = self.assignment_form(memberships)
        asked = self.request.GET.get("ta-bort-roll", "")
        context["confirm_membership"] = next((m for m in memberships if str(m.pk) == asked), None)
        held = {m.role for m in memberships}
        removed = removed_roles(self.request, self.association, self.object.pk)
        context["undo_roles"] = [(role, label) for role, label in Role.choices if role in removed and role not in held]
        return context


class UserCreateView(UsersMixin, FormView):
    """Create a login with a first role in this förbund."""

    template_name = "generic/form.html"
    form_class = UserCreateForm
    extra_context = {"title": _("Ny användare")}

    def form_valid(self, form: UserCreateForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    acting_user=self.request.user,
                    association=self.association,
                    username=data["username"],
                    password=data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                )
                services.membership_add(
                    acting_user=self.request.user, association=self.association, user=user, role=data["role"]
                )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Användaren är skapad."))
        return HttpResponseRedirect(
            reverse("accounts:user-detail", kwargs={"association": self.association.slug, "pk": user.pk})
        )


class UserDeactivateView(UsersMixin, DetailView):
    """Confirm switching off a user's login (GET), then do it (POST); reactivating is an action on the user page.

    A user who also holds roles in another förbund keeps their login (an admin here must not lock them out there):
    the page says so and offers nothing but removing their roles here (`services.deactivation_refusal`).
    """

    template_name = "accounts/user_deactivate.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["refusal"] = services.deactivation_refusal(
            acting_user=self.request.user, association=self.association, user=self.object, active=False
        )
        return context

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        user = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.user_set_active(acting_user=request.user, association=self.association, user=user, active=False)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Användaren är avaktiverad och kan inte logga in."))
        return redirect("accounts:user-detail", association=self.association.slug, pk=user.pk)


class UserActionView(UsersMixin, View):
    """POST actions on a user: add or remove a role, add or end an insats assignment, reactivate the login."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, association: str, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        user = self.get_queryset().filter(pk=pk).first()
        if user is None and action == "undo_remove_role" and removed_roles(request, self.association, pk):
            user = get_object_or_404(User, pk=pk)  # their last role here was removed a moment ago, by this admin
        if user is None:
            raise Http404(_("Användaren finns inte i förbundet."))
        try:
            query = self.perform(action, user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            query = ""
        if not Membership.objects.filter(association=self.association, user=user).exists():
            return redirect("accounts:user-list", association=self.association.slug)  # no role left here
        detail = reverse("accounts:user-detail", kwargs={"association": self.association.slug, "pk": user.pk})
        return redirect(f"{detail}{query}")

    def perform(self, action: str, user: User) -> str:
        """Do `action`; the query string to show the user's page with ("" or the question before a removal)."""
        memberships = Membership.objects.filter(association=self.association, user=user)
        acting = self.request.user
        if action == "add_role":
            form = RoleAddForm(self.request.POST)
            if not form.is_valid():
                raise ValidationError(_("Välj en roll."))
            services.membership_add(
                acting_user=acting, association=self.association, user=user, role=form.cleaned_data["role"]
            )
            messages.success(self.request, _("Rollen är tillagd."))
        elif action == "remove_role":
            membership = get_object_or_404(memberships, pk=self.request.POST.get("membership"))
            if self.request.POST.get("confirm") != "1":
                return f"?ta-bort-roll={membership.pk}#bekrafta"  # the page asks first
            role = membership.role
            services.membership_remove_checked(acting_user=acting, membership=membership)
            undo.offer(self.request, self.association, f"role:{user.pk}:{role}", {"role": role})
            messages.success(self.request, _("Rollen är borttagen."))
        elif action == "undo_remove_role":
            role = self.request.POST.get("role", "")
            if undo.take(self.request, self.association, f"role:{user.pk}:{role}") is None:
                raise ValidationError(_("Borttagningen kan inte längre ångras (det går bara en kort stund efteråt)."))
            services.membership_add(acting_user=acting, association=self.association, user=user, role=role)
            messages.success(
                self.request,
                _("Rollen är tillbaka. Knyt användaren till sina insatser igen om rollen hade sådana."),
            )
        elif action == "assign":
            form = self.assignment_form(memberships, self.request.POST)
            if not form.is_valid():
                raise ValidationError(_("Välj roll och insats."))
            intervention_services.assignment_add(acting_user=acting, **form.cleaned_data)
            messages.success(self.request, _("Användaren är knuten till insatsen."))
        elif action == "end_assignment":
            assignment = get_object_or_404(
                InterventionAssignment, membership__in=memberships, pk=self.request.POST.get("assignment")
            )
            intervention_services.assignment_end(acting_user=acting, assignment=assignment)
            messages.success(self.request, _("Tilldelningen är avslutad."))
        elif action == "activate":
            services.user_set_active(acting_user=acting, association=self.association, user=user, active=True)
            messages.success(self.request, _("Användaren är aktiverad igen och kan logga in."))
        else:
            raise ValidationError(_("Okänd åtgärd."))
        return ""


class TwoFactorPolicyView(TenantMixin, View):
    """Whether everyone with a role in the förbund must use a second factor (admins; asks before switching on)."""

    allowed_roles = ADMINS
    template_name = "accounts/two_factor_policy.html"

    def page(self, request: HttpRequest, status: int = 200, confirm: bool = False) -> HttpResponse:
        users = User.objects.filter(memberships__association=self.association).distinct()
        without = users.exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id")).count()
        context = {
            "title": _("Tvåstegsverifiering i förbundet"),
            "association": self.association,
            "roles": self.roles,
            "required": self.association.require_two_factor,
            "users": users.count(),
            "without": without,
            "confirm": confirm,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page(request)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = request.POST.get("require")
        if wanted not in ("on", "off"):
            return self.page(request, status=400)
        if wanted == "on" and request.POST.get("confirm") != "1":
            return self.page(request, confirm=True)
        services.association_update(
            acting_user=request.user, association=self.association, require_two_factor=wanted == "on"
        )
        messages.success(
            request,
            _("Tvåstegsverifiering krävs nu av alla i förbundet från nästa inloggning.")
            if wanted == "on"
            else _("Tvåstegsverifiering krävs inte längre (den som har slagit på den behåller den)."),
        )
        return redirect("accounts:two-factor-policy", association=self.association.slug)
