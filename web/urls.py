from django.urls import path

from web import views, views_projects

app_name = "web"

urlpatterns = [
    path("", views.city_home, name="home"),
    path("map.geojson", views.neighbourhood_map, name="map"),
    path("projects/", views_projects.project_catalogue, name="catalogue"),
    path("projects/<slug:slug>/", views_projects.project_detail, name="project"),
]
