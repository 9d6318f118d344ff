"""Routes of the API's company endpoints, registered on the one router in api/urls.py."""

# (prefix, viewset, basename) for the router.
ROUTES: list[tuple[str, type, str]] = []

# Plain paths besides the router's (actions that are not a resource).
URLPATTERNS: list = []
