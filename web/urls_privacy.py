"""URLs of the user's own data (included by web/urls.py under /<city>/; the page is accounts:my_data)."""

from django.urls import path

from web import views_privacy

urlpatterns = [
    path("account/my-data.json", views_privacy.my_data_download, name="my_data_download"),
]
