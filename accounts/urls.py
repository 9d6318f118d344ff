from django.urls import path

from accounts import views, views_tokens

app_name = "accounts"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("members/", views.members, name="members"),
    path("members/<int:membership_id>/", views.member_decide, name="member_decide"),
    path("api-token/", views_tokens.api_token, name="api_token"),
    path("account/", views.my_data, name="my_data"),
    path("account/delete/", views.account_delete, name="account_delete"),
]
