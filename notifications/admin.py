from django.contrib import admin

from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "subject",
        "in_app",
        "by_email",
        "read_at",
        "emailed_at",
    ]
    list_filter = ["kind", "language", "in_app", "by_email"]
    search_fields = ["recipient__email", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]

    # What was sent is a record: the services write it, nobody edits it by hand.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "by_email"]
    list_filter = ["kind", "in_app", "by_email"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
