from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from api import routes_audit, routes_company, routes_projects, views


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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
