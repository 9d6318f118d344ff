from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from api import exceptions, routes_audit, routes_company, routes_projects, views


class PublicRootView(APIRootView):
    """The index of the endpoints, open to anyone like the schema that describes them."""

    permission_classes = [AllowAny]


class Router(DefaultRouter):
    APIRootView = PublicRootView


router = Router()
router.register("cities", views.CityViewSet)
router.register("themes", views.ThemeViewSet)
router.register("neighbourhoods", views.NeighbourhoodViewSet)
router.register("projects", views.ProjectViewSet, basename="project")
for routes in (routes_company, routes_projects, routes_audit):
    for prefix, viewset, basename in routes.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", include(router.urls)),
    *routes_company.URLPATTERNS,
    *routes_projects.URLPATTERNS,
    *routes_audit.URLPATTERNS,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL: our CSP refuses inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc styles itself with <style> elements it writes at run time, and searches in a worker it builds
    # from a blob: only this page allows those. (Its footer's logo, on Redocly's server, stays blocked.)
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    # Last: any other URL ending in a slash (without one, Django's APPEND_SLASH redirect still applies).
    re_path(r"^.*/$", exceptions.not_found),
]
