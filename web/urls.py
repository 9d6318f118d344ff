from django.urls import include, path

from web import (
    views,
    views_campaigns,
    views_company,
    views_impact,
    views_neighbourhoods,
    views_officer,
    views_projects,
)

app_name = "web"

urlpatterns = [
    path("", views.city_home, name="home"),
    path("map.geojson", views.neighbourhood_map, name="map"),
    path("projects/", views_projects.project_catalogue, name="catalogue"),
    path("projects/<slug:slug>/", views_projects.project_detail, name="project"),
    path("campaigns/<slug:slug>/", views_campaigns.campaign_detail, name="campaign"),
    path("neighbourhoods/<str:code>/", views_neighbourhoods.neighbourhood_detail, name="neighbourhood"),
    path("impact/", views_impact.impact_dashboard, name="impact"),
    path("impact/<str:dimension>.csv", views_impact.impact_csv, name="impact_csv"),
    path("impact/map.geojson", views_impact.impact_map, name="impact_map"),
    path("company/", views_company.company_dashboard, name="company"),
    path("company/profile/", views_company.company_profile, name="company_profile"),
    path("company/sites/", views_company.company_site_add, name="company_site_add"),
    path(
        "company/sites/<int:site_id>/delete/", views_company.company_site_delete, name="company_site_delete"
    ),
    path("company/report/", views_company.company_report, name="company_report"),
    path("company/report.csv", views_company.company_report, {"fmt": "csv"}, name="company_report_csv"),
    path("company/report.pdf", views_company.company_report, {"fmt": "pdf"}, name="company_report_pdf"),
    path("officer/", views_officer.dashboard, name="officer"),
    path(
        "officer/projects/<slug:slug>/candidates/",
        views_officer.project_candidates,
        name="officer_candidates",
    ),
    path("officer/rescore/", views_officer.rescore_start, name="officer_rescore_start"),
    path("officer/rescore/<int:run_id>/", views_officer.rescore_progress, name="officer_rescore"),
    path(
        "officer/neighbourhoods/<str:code>/strategy/",
        views_officer.neighbourhood_strategy,
        name="officer_strategy",
    ),
    # Each area's pages in its own module, so they grow without touching each other.
    path("", include("web.urls_pledges")),
    path("", include("web.urls_ngo")),
    path("", include("web.urls_manage")),
    path("", include("web.urls_notifications")),
    path("", include("web.urls_audit")),
    path("", include("web.urls_open_data")),
    path("", include("web.urls_privacy")),
]
