from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("members/", views.members, name="members"),
    path("members/<int:membership_id>/", views.member_decide, name="member_decide"),
]
