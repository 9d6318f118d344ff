from django.urls import path

from web import views, views_impact, views_projects

app_name = "web"

urlpatterns = [
    path("", views.city_home, name="home"),
    path("map.geojson", views.neighbourhood_map, name="map"),
    path("projects/", views_projects.project_catalogue, name="catalogue"),
    path("projects/<slug:slug>/", views_projects.project_detail, name="project"),
    path("impact/", views_impact.impact_dashboard, name="impact"),
    path("impact/<str:dimension>.csv", views_impact.impact_csv, name="impact_csv"),
]
