from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["company", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ["language"]}))
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role"]
    inlines = [MembershipInline]
    list_select_related = ["membership"]

    @admin.display(description=_("role"))
    def role(self, user: User) -> str:
        membership = user.membership_or_none
        return membership.get_role_display() if membership else "—"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "status", "city", "company", "organisation", "is_admin"]
    list_filter = ["role", "status", "city", "is_admin"]
    search_fields = ["user__username", "user__email", "company__legal_name", "organisation__name"]
    list_select_related = ["user", "city", "company", "organisation"]
    autocomplete_fields = ["user", "company", "organisation"]
