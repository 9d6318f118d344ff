"""Routes of the API's projects endpoints, registered on the one router in api/urls.py.

Public reads under plain names; what a role manages under its own prefix (officer/, ngo/, initiatives/),
like the pages, so each endpoint serves one audience and its queryset is scoped to it.
"""

from api import views, views_calls, views_projects

# (prefix, viewset, basename) for the router.
ROUTES: list[tuple[str, type, str]] = [
    ("districts", views.DistrictViewSet, "district"),
    ("needs", views.NeedViewSet, "need"),
    ("campaigns", views_projects.CampaignViewSet, "campaign"),
    ("calls", views_calls.CallViewSet, "call"),
    ("initiatives", views_projects.InitiativeViewSet, "initiative"),
    ("ngo/applications", views_calls.NgoApplicationViewSet, "ngo-application"),
    ("officer/projects", views_projects.OfficerProjectViewSet, "officer-project"),
    ("officer/initiatives", views_projects.OfficerInitiativeViewSet, "officer-initiative"),
    ("officer/campaigns", views_projects.OfficerCampaignViewSet, "officer-campaign"),
    ("officer/calls", views_calls.OfficerCallViewSet, "officer-call"),
    ("officer/applications", views_calls.OfficerApplicationViewSet, "officer-application"),
]

# Plain paths besides the router's (actions that are not a resource).
URLPATTERNS: list = []
