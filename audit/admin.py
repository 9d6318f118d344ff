from django.contrib import admin

from audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "city", "actor", "object_repr", "action", "from_status", "to_status"]
    list_filter = ["city", "action", "content_type"]
    search_fields = ["object_repr", "note", "actor__email"]
    date_hierarchy = "occurred_at"
    list_select_related = ["city", "actor", "content_type"]

    # The history is a record: it is written by the services, never edited by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
