"""URLs of the calls, the NGO's area and the officer's review (included by web/urls.py under /<city>/)."""

from django.urls import path

from web import views_ngo

urlpatterns = [
    path("calls/", views_ngo.call_list, name="calls"),
    path("calls/<slug:slug>/", views_ngo.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", views_ngo.call_apply, name="call_apply"),
    path("ngo/", views_ngo.ngo_dashboard, name="ngo"),
    path("ngo/profile/", views_ngo.ngo_profile, name="ngo_profile"),
    path(
        "ngo/applications/<int:application_id>/withdraw/",
        views_ngo.application_withdraw,
        name="ngo_application_withdraw",
    ),
    path(
        "attachments/<int:attachment_id>/",
        views_ngo.attachment_download,
        name="application_attachment",
    ),
    path("officer/calls/", views_ngo.officer_calls, name="officer_calls"),
    path("officer/calls/<slug:slug>/", views_ngo.officer_call, name="officer_call"),
    path(
        "officer/applications/<int:application_id>/",
        views_ngo.officer_application,
        name="officer_application",
    ),
    path(
        "officer/applications/<int:application_id>/score/",
        views_ngo.officer_application_score,
        name="officer_application_score",
    ),
    path(
        "officer/applications/<int:application_id>/decide/",
        views_ngo.officer_application_decide,
        name="officer_application_decide",
    ),
]
