"""URLs of the pledges pages (included by web/urls.py under /<city>/): pledging, initiatives, their review."""

from django.urls import path

from web import views_pledges as views

urlpatterns = [
    path("projects/<slug:slug>/pledge/", views.pledge_new, name="pledge"),
    path("projects/<slug:slug>/pledge/preview/", views.pledge_preview, name="pledge_preview"),
    path("company/pledges/", views.company_pledges, name="company_pledges"),
    path("company/pledges/<int:pledge_id>/withdraw/", views.pledge_withdraw, name="pledge_withdraw"),
    path("company/pledges/<int:pledge_id>/fulfil/", views.pledge_fulfil, name="pledge_fulfil"),
    path("officer/pledges/", views.officer_pledges, name="officer_pledges"),
    path(
        "officer/pledges/<int:pledge_id>/accept/", views.officer_pledge_accept, name="officer_pledge_accept"
    ),
    path(
        "officer/pledges/<int:pledge_id>/decline/",
        views.officer_pledge_decline,
        name="officer_pledge_decline",
    ),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/new/", views.initiative_new, name="initiative_new"),
    path("initiatives/<slug:slug>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<slug:slug>/resubmit/", views.initiative_resubmit, name="initiative_resubmit"),
    path("officer/initiatives/", views.officer_initiatives, name="officer_initiatives"),
    path("officer/initiatives/<slug:slug>/", views.officer_initiative, name="officer_initiative"),
    path(
        "officer/initiatives/<slug:slug>/<str:decision>/",
        views.officer_initiative_decide,
        name="officer_initiative_decide",
    ),
]
