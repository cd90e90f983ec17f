"""Django admin for the install's operator (superuser): förbund, users, first admins, code lists."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samordna.core.models import Association, CodeListEntry, Membership, Municipality, User


class MembershipInline(admin.TabularInline):
    """Roles of a user, edited on the user page."""

    model = Membership
    extra = 1


@admin.register(User)
class SamordnaUserAdmin(UserAdmin):
    """Users with their roles per förbund."""

    inlines = [MembershipInline]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    """Samordningsförbund."""

    list_display = ["name", "slug", "org_nr", "suppression_threshold", "retention_years"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CodeListEntry)
class CodeListEntryAdmin(admin.ModelAdmin):
    """Code lists: labels and definitions are editable without a code change."""

    list_display = ["list", "code", "label", "sort_order", "is_active", "is_positive"]
    list_filter = ["list", "is_active"]
    list_editable = ["label", "sort_order", "is_active", "is_positive"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Municipalities (read-mostly reference data)."""

    list_display = ["code", "name", "county_name"]
    search_fields = ["code", "name"]
