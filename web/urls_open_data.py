"""URLs of the city's open data (included by web/urls.py under /<city>/)."""

from django.urls import path

from web import views_open_data

urlpatterns = [
    path("open-data/", views_open_data.open_data_page, name="open_data"),
    path("open-data/<slug:dataset>.csv", views_open_data.open_data_csv, name="open_data_csv"),
    path("open-data/<slug:dataset>.geojson", views_open_data.open_data_geojson, name="open_data_geojson"),
]
