"""Django admin at /drift/ for the install's operator (superuser): förbund, users, first admins, code lists.

Every change made here is audited like any other write (core.audit), memberships go through the same
services as in the förbund's own pages (so admin + registrar in one förbund is refused here too), and a
förbund cannot be deleted: its audit trail must outlive it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse

from samordna.core import services
from samordna.core.audit import SECRET_FIELDS, delete_audited, record, save_audited, snapshot
from samordna.core.models import Association, AuditEntry, CodeListEntry, Membership, Municipality, User


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletes write audit rows, with the operator as actor."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        save_audited(obj, acting_user=request.user, changed=form.changed_data if change else None)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        delete_audited(obj, acting_user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class MembershipFormSet(BaseInlineFormSet):
    """A user's roles: refused as the services refuse them (admin and registrar in one förbund)."""

    def clean(self) -> None:
        super().clean()
        roles: dict[Any, set[str]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or self._should_delete_form(form):
                continue
            if data.get("association") is not None and data.get("role"):
                roles.setdefault(data["association"], set()).add(data["role"])
        for association, held in roles.items():
            problem = services.role_conflict(held)
            if problem:
                raise ValidationError(f"{association}: {problem}")


class MembershipInline(admin.TabularInline):
    """Roles of a user, edited on the user page."""

    model = Membership
    formset = MembershipFormSet
    extra = 1


@admin.register(User)
class SamordnaUserAdmin(UserAdmin):
    """Users with their roles per förbund; creations, changes, roles and deletions are audited."""

    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_audited(obj, acting_user=request.user, changed=form.changed_data if change else None)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Roles through the membership services (audited, rule-checked); anything else as Django does."""
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        acting = request.user
        with transaction.atomic():
            for membership in formset.deleted_objects:
                services.membership_remove(acting_user=acting, membership=membership)
            for membership, _changed in formset.changed_objects:
                original = Membership.objects.get(pk=membership.pk)
                services.membership_remove(acting_user=acting, membership=original)
            for membership in [m for m, _c in formset.changed_objects] + list(formset.new_objects):
                services.membership_add(
                    acting_user=acting, association=membership.association, user=form.instance, role=membership.role
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            for membership in Membership.objects.filter(user=obj):
                services.membership_remove(acting_user=request.user, membership=membership)
            delete_audited(obj, acting_user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """The operator sets a password: recorded (that it changed, never the password)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                record(
                    acting_user=request.user,
                    association=None,
                    action=AuditEntry.Action.UPDATE,
                    obj=user,
                    changes={name: ["", ""] for name in SECRET_FIELDS},
                )
        return response


@admin.register(Association)
class AssociationAdmin(AuditedAdmin):
    """Samordningsförbund. Never deleted here: the förbund's audit trail must stay."""

    list_display = ["name", "slug", "org_nr", "suppression_threshold", "retention_years"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            save_audited(obj, acting_user=request.user)
            return
        original = Association.objects.get(pk=obj.pk)
        fields = {name: getattr(obj, name) for name in form.changed_data if name in snapshot(obj)}
        services.association_update(acting_user=request.user, association=original, **fields)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refused: deleting a förbund would take its audit trail with it."""
        return False


@admin.register(CodeListEntry)
class CodeListEntryAdmin(AuditedAdmin):
    """Code lists: labels and definitions are editable without a code change."""

    list_display = ["list", "code", "label", "sort_order", "is_active", "is_positive"]
    list_filter = ["list", "is_active"]
    list_editable = ["label", "sort_order", "is_active", "is_positive"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    """Municipalities (read-mostly reference data)."""

    list_display = ["code", "name", "county_name"]
    search_fields = ["code", "name"]
