"""URLs of the manage pages (included by web/urls.py under /<city>/): the officer's projects."""

from django.urls import path

from web import views_manage

urlpatterns = [
    path("officer/projects/", views_manage.project_list, name="manage_projects"),
    path("officer/new-project/", views_manage.project_new, name="manage_project_new"),
    path("officer/projects/<slug:slug>/", views_manage.project_manage, name="manage_project"),
    path("officer/projects/<slug:slug>/edit/", views_manage.project_edit, name="manage_project_edit"),
    path("officer/projects/<slug:slug>/move/", views_manage.project_move, name="manage_project_move"),
    path("officer/projects/<slug:slug>/impact/", views_manage.impact_report, name="manage_impact_report"),
    path("officer/projects/<slug:slug>/invite/", views_manage.project_invite, name="manage_project_invite"),
]
