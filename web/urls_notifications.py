"""URLs of the notifications pages (included by web/urls.py under /<city>/): every signed-in user's inbox."""

from django.urls import path

from web import views_notifications

urlpatterns = [
    path("notifications/", views_notifications.inbox, name="notifications"),
    path("notifications/unread/", views_notifications.unread_count, name="notifications_unread"),
    path("notifications/read/", views_notifications.mark_all_read, name="notifications_read_all"),
    path(
        "notifications/<int:notification_id>/read/",
        views_notifications.mark_read,
        name="notification_read",
    ),
    path("notifications/preferences/", views_notifications.preferences, name="notification_preferences"),
]
