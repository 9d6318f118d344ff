from django.urls import path

from neighborhoods import views

app_name = "neighborhoods"

urlpatterns = [
    path("neighbourhoods/", views.neighbourhood_list, name="list"),
    path("need-index/", views.need_index_method, name="method"),
]
