"""Routes of the API's audit endpoints, registered on the one router in api/urls.py."""

from api import views_audit

# (prefix, viewset, basename) for the router.
ROUTES: list[tuple[str, type, str]] = [
    ("audit-events", views_audit.AuditEventViewSet, "audit-event"),
]

# Plain paths besides the router's (actions that are not a resource).
URLPATTERNS: list = []
