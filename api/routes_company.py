"""Routes of the API's company endpoints, registered on the one router in api/urls.py."""

from django.urls import path

from api import views_company as views

# (prefix, viewset, basename) for the router.
ROUTES: list[tuple[str, type, str]] = [
    ("companies", views.CompanyViewSet, "company"),
    ("sites", views.SiteViewSet, "site"),
    ("pledges", views.PledgeViewSet, "pledge"),
    ("funds", views.FundViewSet, "fund"),
    ("recommendations", views.RecommendationViewSet, "recommendation"),
    ("candidates", views.ProjectCandidatesViewSet, "candidates"),
    ("impact", views.CityImpactViewSet, "impact"),
]

# Plain paths besides the router's (actions that are not a resource).
URLPATTERNS: list = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/token/rotate/", views.TokenRotateView.as_view(), name="auth-token-rotate"),
]
