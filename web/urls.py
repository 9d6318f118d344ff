from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.city_home, name="home"),
    path("map.geojson", views.neighbourhood_map, name="map"),
]
