"""URLs of the notifications pages (included by web/urls.py under /<city>/)."""

urlpatterns: list = []
